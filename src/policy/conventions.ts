import { RObject, RSet, toJS, type Value } from './rego/index.js';
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
  /** A result object's `id` (the built-in library names its rule so). */
  id?: string;
}

/**
 * The results a rule's value stands for: a set or array gives one per element (a set's in OPA's order), `true`
 * gives one, a string or object gives itself; `false`, null and empty sets give none. Read from the Rego value:
 * an object result is not converted whole, only its `msg`, `path` and `id` are read.
 */
export function resultsOf(rule: string, value: Value | undefined): PolicyResult[] {
  const out: PolicyResult[] = [];
  addResults(rule, value, out);
  return out;
}

function addResults(rule: string, value: Value | undefined, out: PolicyResult[]): void {
  if (value === undefined || value === null || value === false) return;
  if (value instanceof RSet) {
    for (const item of value.sorted()) addResults(rule, item, out);
  } else if (Array.isArray(value)) {
    for (const item of value) addResults(rule, item, out);
  } else if (value === true) out.push({ msg: rule });
  else if (typeof value === 'string') out.push({ msg: value });
  else if (value instanceof RObject) {
    const msg = value.get('msg');
    const details = value.get('details');
    const path = asPath(value.get('path')) ?? (details instanceof RObject ? asPath(details.get('path')) : undefined);
    const id = value.get('id');
    out.push({
      msg: typeof msg === 'string' ? msg : JSON.stringify(toJS(value), (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
      ...(path && { path }),
      ...(typeof id === 'string' && { id }),
    });
  } else out.push({ msg: String(value) });
}

/** A path is an array of keys and indices (integers as toJS gives them: numbers while exact). */
function asPath(v: Value | undefined): PathSegment[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const path: PathSegment[] = [];
  for (const segment of v) {
    const s = typeof segment === 'bigint' ? toJS(segment) : segment;
    if (typeof s !== 'string' && typeof s !== 'number') return undefined;
    path.push(s);
  }
  return path;
}
