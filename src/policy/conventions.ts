import type { JSValue } from './rego/index.js';
import type { PathSegment } from '../documents/types.js';

/** How conftest reads a rule by its name: `deny`, `violation`, `warn`, or one of them with a `_suffix`. */
export interface RuleConvention {
  rule: string;
  severity: 'error' | 'warning';
  /** The name `exception` rules use for it: the suffix (`run_as_root` for `deny_run_as_root`), else the rule name. */
  exceptionName: string;
}

const PREFIXES: Array<[string, 'error' | 'warning']> = [
  ['deny', 'error'],
  ['violation', 'error'],
  ['warn', 'warning'],
];

export function conventionOf(rule: string): RuleConvention | undefined {
  for (const [prefix, severity] of PREFIXES) {
    if (rule === prefix) return { rule, severity, exceptionName: rule };
    if (rule.startsWith(`${prefix}_`) && rule.length > prefix.length + 1) return { rule, severity, exceptionName: rule.slice(prefix.length + 1) };
  }
  return undefined;
}

/** One result of a policy rule: its message and, when the policy says so, the path of the node it is about. */
export interface PolicyResult {
  msg: string;
  path?: PathSegment[];
  /** The whole result value, for callers that read more fields (the built-in library's `id`). */
  value: JSValue;
}

/**
 * The results a rule's value stands for: a set (array) gives one per element, `true` gives one, a
 * string or object gives itself; `false`, null and empty sets give none.
 */
export function resultsOf(rule: string, value: JSValue | undefined): PolicyResult[] {
  const out: PolicyResult[] = [];
  addResults(rule, value, out);
  return out;
}

function addResults(rule: string, value: JSValue | undefined, out: PolicyResult[]): void {
  if (value === undefined || value === null || value === false) return;
  if (Array.isArray(value)) {
    for (const item of value) addResults(rule, item, out);
  } else if (value === true) out.push({ msg: rule, value });
  else if (typeof value === 'string') out.push({ msg: value, value });
  else if (typeof value === 'object') {
    const msg = typeof value['msg'] === 'string' ? value['msg'] : JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    const details = value['details'];
    const path = asPath(value['path']) ?? (isObject(details) ? asPath(details['path']) : undefined);
    out.push(path ? { msg, path, value } : { msg, value });
  } else out.push({ msg: String(value), value });
}

function isObject(v: JSValue | undefined): v is { [key: string]: JSValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A path is an array of keys and indices. */
function asPath(v: JSValue | undefined): PathSegment[] | undefined {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' || typeof s === 'number')) return undefined;
  return v as PathSegment[];
}
