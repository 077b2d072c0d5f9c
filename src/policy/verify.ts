import { RegoError, type PolicySet } from './rego/index.js';
import { loadPolicies, type PolicyLocations } from './load.js';

/** One `test_*` rule's outcome. */
export interface TestOutcome {
  /** `<package>.<rule>`, e.g. `gitops_check.builtin_test.test_privileged`. */
  name: string;
  passed: boolean;
  /** `file:line:col` of the test rule. */
  location: string;
  /** `print` output, and the evaluation error of a test that could not run. */
  output: string[];
}

/** Runs every `test_*` rule of the set, as `opa test` does: a test passes when its value is `true`. */
export function runPolicyTests(set: PolicySet, data: unknown): TestOutcome[] {
  const outcomes: TestOutcome[] = [];
  for (const [pkg, rules] of set.packages()) {
    for (const rule of rules.filter((r) => r.startsWith('test_'))) {
      const pos = set.rulePosition(pkg, rule);
      const location = pos ? `${pos.file}:${pos.line}:${pos.col}` : pkg;
      try {
        const { value, prints } = set.evalRule(`data.${pkg}.${rule}`, { data });
        outcomes.push({ name: `${pkg}.${rule}`, passed: value === true, location, output: prints });
      } catch (error) {
        if (!(error instanceof RegoError)) throw error;
        outcomes.push({ name: `${pkg}.${rule}`, passed: false, location, output: [error.message] });
      }
    }
  }
  return outcomes;
}

/** `PASS - name` / `FAIL - name - file:line:col` with the test's output indented below, then `N passed, N failed`. */
export function formatTestOutcomes(outcomes: TestOutcome[]): string {
  const lines: string[] = [];
  for (const o of outcomes) {
    if (o.passed) {
      lines.push(`PASS - ${o.name}`);
      continue;
    }
    lines.push(`FAIL - ${o.name} - ${o.location}`);
    for (const text of o.output) lines.push(...text.split('\n').map((l) => `  ${l}`));
  }
  const passed = outcomes.filter((o) => o.passed).length;
  lines.push(`${passed} passed, ${outcomes.length - passed} failed`);
  return lines.join('\n') + '\n';
}

/** `gitops-check verify`: the user's policy tests, then the built-in library's; exit 1 on any failure. */
export async function verifyPolicies(cwd: string, locations: PolicyLocations, write: (text: string) => void): Promise<0 | 1> {
  const policies = await loadPolicies(cwd, locations, { includeTests: true });
  // --data is the user's; the built-in library needs none.
  const outcomes = [
    ...(policies.user ? runPolicyTests(policies.user, policies.data) : []),
    ...(policies.builtin ? runPolicyTests(policies.builtin, {}) : []),
  ];
  write(formatTestOutcomes(outcomes));
  return outcomes.every((o) => o.passed) ? 0 : 1;
}
