import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, runCli } from '../helpers/cli.js';

const BUILTIN_TESTS = [
  'test_a_bare_container_fails_every_container_rule',
  'test_a_digest_pins_the_image',
  'test_a_hardened_container_passes',
  'test_host_namespaces_and_host_paths',
  'test_init_containers_and_cronjobs',
  'test_latest_tag_is_reported_at_the_image',
  'test_missing_limits',
  'test_no_tag_counts_as_latest',
  'test_other_kinds_are_not_workloads',
  'test_privileged',
  'test_the_pod_security_context_applies_to_containers',
  'test_uid_below_10000',
  'test_uid_zero_runs_as_root',
];

test("the built-in library's own tests pass through gitops-check verify", () => {
  const r = runCli(['verify'], makeTree({ 'README.md': 'no policies here\n' }));
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.deepEqual(r.lines, [...BUILTIN_TESTS.map((t) => `PASS - gitops_check.builtin_test.${t}`), '13 passed, 0 failed']);
});

const policy = `package main

import rego.v1

deny contains msg if {
	input.kind == "Pod"
	not input.spec.securityContext.runAsNonRoot
	msg := sprintf("pod %s may run as root", [input.metadata.name])
}
`;

const tests = `package main_test

import data.main
import rego.v1

pod(ctx) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"securityContext": ctx}}

test_root_is_denied if {
	main.deny == {"pod p may run as root"} with input as pod({})
}

test_non_root_passes if {
	count(main.deny) == 0 with input as pod({"runAsNonRoot": true})
}

test_wrong_expectation if {
	denied := main.deny with input as pod({})
	print("denied:", denied)
	count(denied) == 2
}
`;

test('verify runs the user\'s test_ rules from policy/: PASS/FAIL per test, the failing one with location and print output, exit 1', () => {
  const root = makeTree({ 'policy/main.rego': policy, 'policy/main_test.rego': tests });
  const r = runCli(['verify', '--no-builtin-policies'], root);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(r.lines, [
    'PASS - main_test.test_non_root_passes',
    'PASS - main_test.test_root_is_denied',
    'FAIL - main_test.test_wrong_expectation - policy/main_test.rego:16:1',
    '  denied: {"pod p may run as root"}',
    '2 passed, 1 failed',
  ]);
});

test('verify --policy names other directories or files; a parse error in them is exit 2 with file:line:col', () => {
  const root = makeTree({ 'rules/main.rego': policy, 'rules/tests/main_test.rego': tests.replace(/test_wrong_expectation[^]*$/, '') + 'test_x if true\n', 'bad/x.rego': 'package x\n\ndeny[msg] {\n  msg :=\n}\n' });
  const r = runCli(['verify', '--policy', 'rules', '--no-builtin-policies'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.lines, ['PASS - main_test.test_non_root_passes', 'PASS - main_test.test_root_is_denied', 'PASS - main_test.test_x', '3 passed, 0 failed']);
  const bad = runCli(['verify', '--policy', 'bad/x.rego'], root);
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, '');
  assert.equal(bad.stderr, 'gitops-check: bad/x.rego:5:1: rego_parse_error: unexpected } token\n');
});
