import type { PathSegment } from '../documents/types.js';
import { EvalBudget, RegoError, type JSValue, type PolicySet } from './rego/index.js';
import { conventionOf, resultsOf, type RuleConvention } from './conventions.js';
import { recorder } from '../model/timings.js';

/** One verdict of a package's rules on one input, before it is placed in a file. */
export interface Verdict {
  severity: 'error' | 'warning';
  rule: string;
  msg: string;
  path?: PathSegment[];
  /** The result's `id`, where it names one (the built-in library's rules). */
  id?: string;
  /** An `exception` rule of the package excepts this rule: reported as EXCP, never failing. */
  excepted: boolean;
}

/** The conftest rules (deny/violation/warn and their `_suffix` variants) of one package, found once per run. */
export interface PackageRules {
  pkg: string;
  /** With each rule's reference (`data.<pkg>.<rule>`), built once rather than per document. */
  rules: (RuleConvention & { ref: string })[];
  /** `data.<pkg>.exception` when the package has exception rules. */
  exception: string | undefined;
}

export function packageRules(set: PolicySet, packages: string[]): PackageRules[] {
  const all = set.packages();
  return packages.flatMap((pkg) => {
    const names = all.get(pkg);
    if (!names) return [];
    const rules = names.flatMap((n) => conventionOf(n) ?? []).map((r) => ({ ...r, ref: `data.${pkg}.${r.rule}` }));
    return [{ pkg, rules, exception: names.includes('exception') ? `data.${pkg}.exception` : undefined }];
  });
}

/**
 * Evaluates every rule of the package against `input`. A rule that fails to evaluate (the budget, a
 * conflict) becomes an error verdict naming it, and the other rules still run. `budget` is the
 * input's: pass the same one for every package evaluated on one document.
 */
export function evaluatePackage(set: PolicySet, target: PackageRules, input: unknown, data: unknown, budget = new EvalBudget()): Verdict[] {
  const verdicts: Verdict[] = [];
  const timings = recorder;
  let excepted = new Set<string>();
  if (target.exception !== undefined) {
    const start = timings ? timings.now() : 0;
    try {
      budget.nextRule();
      excepted = exceptedNames(set.evalRule(target.exception, { input, data, budget, profile: timings }).value);
    } catch (error) {
      verdicts.push(failure(error, 'exception'));
    }
    if (timings) timings.item(`rule ${target.exception}`, start);
  }
  for (const rule of target.rules) {
    const start = timings ? timings.now() : 0;
    try {
      budget.nextRule();
      const { value } = set.evalRuleValue(rule.ref, { input, data, budget, profile: timings });
      const isExcepted = excepted.has(rule.exceptionName);
      for (const { msg, path, id } of resultsOf(rule.rule, value)) {
        verdicts.push({ severity: rule.severity, rule: rule.rule, msg, path, id, excepted: isExcepted });
      }
    } catch (error) {
      verdicts.push(failure(error, rule.rule));
    }
    if (timings) timings.item(`rule ${rule.ref}`, start);
  }
  return verdicts;
}

/** `exception[rules]` gives a set of rule-name arrays; a plain set of names is read too. */
function exceptedNames(value: JSValue | undefined): Set<string> {
  const names = new Set<string>();
  if (!Array.isArray(value)) return names;
  for (const item of value) {
    for (const name of Array.isArray(item) ? item : [item]) if (typeof name === 'string') names.add(name);
  }
  return names;
}

function failure(error: unknown, rule: string): Verdict {
  if (!(error instanceof RegoError)) throw error;
  return { severity: 'error', rule, msg: `policy evaluation failed: ${error.message}`, excepted: false };
}
