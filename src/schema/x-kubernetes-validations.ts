import type { PathSegment } from '../documents/types.js';
import type { CelEnvironment, CelProblem, CompiledExpression } from '../cel/environment.js';

/**
 * CRD validation rules (`x-kubernetes-validations`), evaluated with CEL as the API server does on create:
 * each rule at its schema node with `self` bound to the value there; transition rules (those reading
 * `oldSelf`) only apply to updates and are left out.
 */
let environment: CelEnvironment | undefined;

/** Loads CEL (a third of a small run's start-up), before the first check of a schema with rules. */
export async function loadRuleEnvironment(): Promise<void> {
  const { CelEnvironment } = await import('../cel/environment.js');
  environment ??= new CelEnvironment(['self', 'oldSelf']);
}

/** Whether a schema has any rule, so the run must load CEL. */
export function hasRules(schema: unknown): boolean {
  const root = asObject(schema);
  return root !== undefined && rulesBelow(root);
}

const hasRulesBelow = new WeakMap<JsonObject, boolean>();

/** Whether a schema node or one below it has a rule: a check need not walk the value where none has. */
function rulesBelow(schema: JsonObject): boolean {
  let found = hasRulesBelow.get(schema);
  if (found === undefined) {
    const below = [...Object.values(asObject(schema.properties) ?? {}), schema.additionalProperties, schema.items];
    found = rulesAt(schema).length > 0 || below.some((child) => asObject(child) !== undefined && rulesBelow(asObject(child)!));
    hasRulesBelow.set(schema, found);
  }
  return found;
}

type JsonObject = Record<string, unknown>;

export interface RuleProblem {
  /** Where the problem is: relative to the object for a violation, to the schema for a rule that does not compile. */
  path: PathSegment[];
  message: string;
  severity: 'error' | 'warning';
}

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function rulesAt(schema: JsonObject): Array<{ rule: JsonObject; index: number }> {
  const rules = schema['x-kubernetes-validations'];
  return Array.isArray(rules) ? rules.flatMap((rule, index) => (asObject(rule) ? [{ rule: asObject(rule)!, index }] : [])) : [];
}

/** The schemas below a node that the value has, each with its step in the value. */
function* children(schema: JsonObject, value: unknown): Generator<{ schema: JsonObject; valuePath: PathSegment; value: unknown }> {
  const properties = asObject(schema.properties);
  const object = asObject(value);
  if (properties && object) {
    for (const [key, child] of Object.entries(properties)) {
      if (asObject(child) && object[key] !== undefined) yield { schema: asObject(child)!, valuePath: key, value: object[key] };
    }
  }
  const additional = asObject(schema.additionalProperties);
  if (additional && object) {
    for (const [key, child] of Object.entries(object)) if (!properties || !(key in properties)) yield { schema: additional, valuePath: key, value: child };
  }
  const items = asObject(schema.items);
  if (items && Array.isArray(value)) for (const [i, child] of value.entries()) yield { schema: items, valuePath: i, value: child };
}

/**
 * Every rule of a schema with its place in the schema, once (the walk follows the schema, not a value).
 * Subtrees without rules (most of a CRD's schema, often all of it) are not walked.
 */
function* allRules(schema: JsonObject, at: PathSegment[] = []): Generator<{ rule: JsonObject; path: PathSegment[] }> {
  if (!rulesBelow(schema)) return;
  for (const { rule, index } of rulesAt(schema)) yield { rule, path: [...at, 'x-kubernetes-validations', index] };
  for (const [key, child] of Object.entries(asObject(schema.properties) ?? {})) if (asObject(child)) yield* allRules(asObject(child)!, [...at, 'properties', key]);
  for (const key of ['additionalProperties', 'items'] as const) if (asObject(schema[key])) yield* allRules(asObject(schema[key])!, [...at, key]);
}

function compile(text: unknown): CompiledExpression | CelProblem | undefined {
  if (typeof text !== 'string') return undefined;
  if (!environment) throw new Error('x-kubernetes-validations: CEL is not loaded (loadRuleEnvironment)');
  return environment.compile(text);
}

/** The rules of a schema that cannot be evaluated, located in the schema (at the rule's `rule` or `messageExpression`). */
export function ruleCompileProblems(schema: unknown): RuleProblem[] {
  const root = asObject(schema);
  if (!root) return [];
  const problems: RuleProblem[] = [];
  for (const { rule, path } of allRules(root)) {
    for (const field of ['rule', 'messageExpression'] as const) {
      const compiled = compile(rule[field]);
      if (compiled && 'kind' in compiled) {
        const unsupported = compiled.kind === 'unsupported';
        problems.push({ path: [...path, field], message: `${compiled.message}${unsupported ? '; not evaluated' : ''}`, severity: unsupported ? 'warning' : 'error' });
      }
    }
  }
  return problems;
}

/** `.spec.replicas`, `.spec['a.b']`, `[0]`: a rule's fieldPath, relative to its node. */
function parseFieldPath(fieldPath: unknown): PathSegment[] {
  if (typeof fieldPath !== 'string') return [];
  return [...fieldPath.matchAll(/\.([^.[\]]+)|\['([^']*)'\]|\[(\d+)\]/g)].map((m) => (m[3] !== undefined ? Number(m[3]) : (m[1] ?? m[2])!));
}

/**
 * The rules the value breaks, located at the value's node (or the rule's fieldPath). A rule that does not
 * compile is skipped, said on the object when `sayUncompiled` (a tree CRD says it on itself instead).
 */
export function checkRules(schema: unknown, value: unknown, sayUncompiled: boolean): RuleProblem[] {
  const root = asObject(schema);
  const problems: RuleProblem[] = [];
  const visit = (node: JsonObject, current: unknown, path: PathSegment[]) => {
    if (!rulesBelow(node)) return;
    for (const { rule } of rulesAt(node)) {
      const compiled = compile(rule.rule);
      const at = [...path, ...parseFieldPath(rule.fieldPath)];
      if (compiled && 'kind' in compiled && sayUncompiled) problems.push({ path: at, message: `rule ${String(rule.rule)} not evaluated: ${compiled.message}`, severity: 'warning' });
      if (!compiled || 'kind' in compiled || compiled.reads.has('oldSelf')) continue;
      const outcome = compiled.evaluate({ self: current });
      if ('error' in outcome) problems.push({ path: at, message: `${outcome.error} evaluating rule: ${String(rule.rule)}`, severity: 'error' });
      else if (outcome.value === false) problems.push({ path: at, message: ruleMessage(rule, current), severity: 'error' });
    }
    for (const child of children(node, current)) visit(child.schema, child.value, [...path, child.valuePath]);
  };
  if (root) visit(root, value, []);
  return problems;
}

/** messageExpression's string when it gives one, else message, else the API server's `failed rule: <rule>`. */
function ruleMessage(rule: JsonObject, self: unknown): string {
  const custom = compile(rule.messageExpression);
  if (custom && !('kind' in custom)) {
    const outcome = custom.evaluate({ self });
    if ('value' in outcome && typeof outcome.value === 'string' && outcome.value.trim() !== '') return outcome.value;
  }
  return typeof rule.message === 'string' && rule.message !== '' ? rule.message : `failed rule: ${String(rule.rule)}`;
}
