import type { ErrorObject } from 'ajv';
import type { PathSegment } from '../documents/types.js';

/** One schema violation, in the user's terms: where (a path into the document) and what. */
export interface SchemaProblem {
  /** The node to point at: the offending key, or for a missing field the mapping that lacks it. */
  path: PathSegment[];
  /** What is wrong there, without the path: `unknown field`, `expected integer, got string`. */
  text: string;
}

/** `path: text`, or the text alone at the document root. */
export function problemMessage(path: readonly PathSegment[], text: string): string {
  return path.length > 0 ? `${formatPath(path)}: ${text}` : text;
}

/** `spec.template.spec.containers[0].resources`; keys that are not identifiers are quoted. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** JSON pointer → path segments, numbers where the instance has arrays. */
function pointerToPath(pointer: string, root: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let node = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(key);
      path.push(index);
      node = node[index];
    } else {
      path.push(key);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return path;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[segment] : undefined;
  return node;
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** A Secret's `data` / `stringData` values must never reach any output, whatever fails on them. */
function isSecretValue(root: unknown, path: readonly PathSegment[]): boolean {
  const kind = root !== null && typeof root === 'object' ? (root as Record<string, unknown>).kind : undefined;
  return kind === 'Secret' && (path[0] === 'data' || path[0] === 'stringData');
}

function describe(error: ErrorObject, root: unknown): SchemaProblem {
  const path = pointerToPath(error.instancePath, root);
  const at = (text: string, where: PathSegment[] = path): SchemaProblem => ({ path: where, text });
  const value = valueAt(root, path);
  const shown = isSecretValue(root, path) ? '(secret value hidden)' : show(value);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return at('unknown field', [...path, String(params.additionalProperty)]);
    case 'required':
      return at(`missing required field "${String(params.missingProperty)}"`);
    case 'type': {
      const types = Array.isArray(params.type) ? params.type : String(params.type).split(',');
      return at(`expected ${types.join(' or ')}, got ${typeName(value)}`);
    }
    case 'enum':
      return at(`must be one of ${(params.allowedValues as unknown[]).map(show).join(', ')}, got ${shown}`);
    case 'const':
      return at(`must be ${show(params.allowedValue)}, got ${shown}`);
    case 'format':
      return at(`${shown} is not a valid ${String(params.format)}`);
    case 'pattern':
      return at(`${shown} does not match ${String(params.pattern)}`);
    case 'false schema':
      return at('no value is allowed here');
    case 'oneOf':
      return at(Array.isArray(params.passingSchemas) ? 'matches more than one allowed form' : 'matches none of the allowed forms');
    default:
      return at(`${error.message ?? error.keyword}, got ${shown}`);
  }
}

/**
 * ajv's errors for one value, as problems a user can act on: for an anyOf/oneOf that failed, only the
 * branch that came closest (or one combined type message when every branch wanted another type), never
 * one error per branch; identical problems once.
 */
export function describeErrors(errors: readonly ErrorObject[], root: unknown): SchemaProblem[] {
  const dropped = new Set<ErrorObject>();
  const combined = new Map<ErrorObject, SchemaProblem>();
  const alternatives = errors
    .filter((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf') && !Array.isArray((e.params as { passingSchemas?: unknown }).passingSchemas))
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const group of alternatives) {
    if (dropped.has(group)) continue;
    const prefix = `${group.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of errors) {
      if (dropped.has(e) || !e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0]!;
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    const all = [...branches.values()].flat();
    dropped.add(group);
    if (all.length > 0 && all.every((e) => e.keyword === 'type' && e.instancePath === group.instancePath)) {
      for (const e of all) dropped.add(e);
      const types = [...new Set(all.flatMap((e) => String((e.params as { type: unknown }).type).split(',')))];
      const path = pointerToPath(group.instancePath, root);
      combined.set(group, { path, text: `expected ${types.join(' or ')}, got ${typeName(valueAt(root, path))}` });
      continue;
    }
    const best = [...branches.values()].sort((a, b) => a.length - b.length)[0] ?? [];
    for (const e of all) if (!best.includes(e)) dropped.add(e);
  }
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const error of errors) {
    const problem = combined.get(error) ?? (dropped.has(error) ? undefined : describe(error, root));
    if (!problem) continue;
    const key = `${formatPath(problem.path)}\0${problem.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}
