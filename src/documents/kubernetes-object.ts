import type { Finding } from '../model/finding.js';
import type { ParsedDocument } from './types.js';

/** kustomize reads these by name; they need no apiVersion/kind and are not standalone objects. */
const KUSTOMIZATION_FILE = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

export function isKustomizationFile(path: string): boolean {
  return KUSTOMIZATION_FILE.test(path);
}

/** No real manifest nests this deep; past it, validators and policies would only recurse without end. */
export const MAX_DOCUMENT_DEPTH = 1000;

/**
 * The gate before the schema and policy passes: a document must be a mapping with string `apiVersion`
 * and `kind`, as kubeval requires. Returns the finding that stops it, if any.
 */
export function checkKubernetesObject(doc: ParsedDocument): Finding | undefined {
  const value = doc.value;
  const fail = (message: string, at: readonly string[] = []): Finding => {
    const position = at.length > 0 ? doc.locate(at, 'value') : doc.start;
    return { file: doc.file.path, ...position, severity: 'error', check: 'schema', message, document: doc.ref, path: at };
  };
  if (Array.isArray(value)) return fail('document is a list, not a Kubernetes object (a mapping with apiVersion and kind)');
  if (value === null || typeof value !== 'object') {
    return fail(`document is a ${typeof value === 'string' ? 'string' : 'scalar'}, not a Kubernetes object (a mapping with apiVersion and kind)`);
  }
  const object = value as Record<string, unknown>;
  for (const key of ['kind', 'apiVersion'] as const) {
    if (!(key in object)) return fail(`missing '${key}' key`);
    if (typeof object[key] !== 'string' || object[key] === '') return fail(`'${key}' must be a non-empty string`, [key]);
  }
  if (doc.shape ? doc.shape.depth > MAX_DOCUMENT_DEPTH : exceedsDepth(value, MAX_DOCUMENT_DEPTH)) return fail(`document nests deeper than ${MAX_DOCUMENT_DEPTH} levels; it is not checked further`);
  return undefined;
}

/** Whether a value nests deeper than `limit` levels; the recursion ends at the limit, so the stack stays small. */
function exceedsDepth(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (limit === 0) return true;
  if (Array.isArray(value)) return value.some((item) => exceedsDepth(item, limit - 1));
  for (const key in value) if (exceedsDepth((value as Record<string, unknown>)[key], limit - 1)) return true;
  return false;
}

/** How a document is named in PASS lines and messages: `Kind namespace/name`, `Kind name` or `Kind`. */
export function describeObject(identity: { kind?: string; namespace?: string; name?: string }, fallback: string): string {
  if (!identity.kind) return fallback;
  if (!identity.name) return identity.kind;
  return `${identity.kind} ${identity.namespace ? `${identity.namespace}/` : ''}${identity.name}`;
}
