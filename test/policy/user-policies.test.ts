import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, runCli } from '../helpers/cli.js';

// A schema-valid Deployment and ConfigMap with no other findings, so every line below is the policies'.
const manifests = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:latest
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: debug
`;

const conventions = `package main

import rego.v1

deny contains msg if {
	input.kind == "Deployment"
	input.spec.replicas < 2
	msg := sprintf("%s must run at least 2 replicas", [input.metadata.name])
}

violation_image contains {"msg": "image uses the latest tag", "details": {"path": ["spec", "template", "spec", "containers", 0, "image"]}} if {
	endswith(input.spec.template.spec.containers[0].image, ":latest")
}

warn_debug contains {"msg": "debug mode", "path": ["data", "mode"]} if {
	input.data.mode == "debug"
}

deny_no_labels if not input.metadata.labels

exception contains rules if {
	input.kind == "ConfigMap"
	rules := ["no_labels"]
}
`;

const tree = (files: Record<string, string> = {}) => makeTree({ 'manifests.yaml': manifests, 'policy/main.rego': conventions, ...files });
const summary = (passed: number, failed: number, warnings: number) =>
  `1 file, 2 documents · ${passed} passed · ${failed} failed · ${warnings} warning${warnings === 1 ? '' : 's'} · 0 skipped · T s`;

test('policy/ is read by default: deny, violation_*, warn_*, boolean rules, object messages located by path or details.path, EXCP', () => {
  const r = runCli(['--no-builtin-policies'], tree());
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(r.lines, [
    'FAIL - manifests.yaml:1:1 - web must run at least 2 replicas (policy/main)',
    'FAIL - manifests.yaml:1:1 - deny_no_labels (policy/main)',
    'FAIL - manifests.yaml:17:18 - image uses the latest tag (policy/main)',
    'WARN - manifests.yaml:24:9 - debug mode (policy/main)',
    'EXCP - manifests.yaml:19:1 - deny_no_labels (policy/main)',
    '1 file, 2 documents · 0 passed · 1 failed · 1 warning · 0 skipped · 1 excepted · T s',
  ]);
});

test('results of other shapes: a set in OPA order, an object without a string msg as its JSON text, a number, an array', () => {
  const shapes = `package main

import rego.v1

deny contains {"reason": "few", "replicas": input.spec.replicas, "big": 12345678901234567890} if input.kind == "Deployment"

deny contains "b second" if input.kind == "Deployment"

deny contains "a first" if input.kind == "Deployment"

warn := 7 if input.kind == "ConfigMap"

violation := ["one", {"msg": "two", "path": ["data", "mode"]}] if input.kind == "ConfigMap"
`;
  const r = runCli(['--no-builtin-policies'], tree({ 'policy/main.rego': shapes }));
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(r.lines, [
    'FAIL - manifests.yaml:1:1 - a first (policy/main)',
    'FAIL - manifests.yaml:1:1 - b second (policy/main)',
    'FAIL - manifests.yaml:1:1 - {"big":"12345678901234567890","reason":"few","replicas":1} (policy/main)',
    'FAIL - manifests.yaml:19:1 - one (policy/main)',
    'WARN - manifests.yaml:19:1 - 7 (policy/main)',
    'FAIL - manifests.yaml:24:9 - two (policy/main)',
    summary(0, 2, 0),
  ]);
});

test('--suppress-exceptions hides EXCP lines; warnings alone exit 0 unless --fail-on-warn', () => {
  const root = tree();
  const r = runCli(['--no-builtin-policies', '--suppress-exceptions'], root);
  assert.deepEqual(r.lines.filter((l) => l.startsWith('EXCP')), []);
  const warnOnly = 'package main\n\nimport rego.v1\n\nwarn contains "debug mode" if input.data.mode == "debug"\n';
  const warnTree = tree({ 'policy/main.rego': warnOnly });
  const lenient = runCli(['--no-builtin-policies'], warnTree);
  assert.equal(lenient.code, 0, lenient.stderr);
  assert.deepEqual(lenient.lines, ['PASS - manifests.yaml - Deployment web', 'WARN - manifests.yaml:19:1 - debug mode (policy/main)', summary(1, 0, 1)]);
  assert.equal(runCli(['--no-builtin-policies', '--fail-on-warn'], warnTree).code, 1);
});

const other = `package team.rules

import rego.v1

deny contains sprintf("%s has no owner", [input.metadata.name]) if not input.metadata.labels.owner
`;

test('--namespace (or config namespaces) picks the packages whose rules run (default main); --all-namespaces runs every package', () => {
  const root = tree({ 'policy/team.rego': other });
  const team = runCli(['--no-builtin-policies', '--namespace', 'team.rules'], root);
  assert.deepEqual(team.lines, [
    'FAIL - manifests.yaml:1:1 - web has no owner (policy/team.rules)',
    'FAIL - manifests.yaml:19:1 - settings has no owner (policy/team.rules)',
    summary(0, 2, 0),
  ]);
  const configured = runCli([], makeTree({
    'manifests.yaml': manifests,
    'rules/team.rego': other,
    '.gitops-check.yaml': 'policies: [rules]\nnamespaces: [team.rules]\nbuiltinPolicies: false\n',
  }));
  assert.deepEqual(configured.lines, team.lines);
  const all = runCli(['--no-builtin-policies', '--all-namespaces', '--suppress-exceptions'], root);
  assert.deepEqual(all.lines, [
    'FAIL - manifests.yaml:1:1 - web must run at least 2 replicas (policy/main)',
    'FAIL - manifests.yaml:1:1 - deny_no_labels (policy/main)',
    'FAIL - manifests.yaml:1:1 - web has no owner (policy/team.rules)',
    'FAIL - manifests.yaml:17:18 - image uses the latest tag (policy/main)',
    'FAIL - manifests.yaml:19:1 - settings has no owner (policy/team.rules)',
    'WARN - manifests.yaml:24:9 - debug mode (policy/main)',
    summary(0, 2, 0),
  ]);
});

const combined = `package main

import rego.v1

deny contains {"msg": msg, "path": [i, "contents", "metadata", "name"]} if {
	some i, doc in input
	doc.contents.kind == "ConfigMap"
	not data.allowed[doc.contents.metadata.name]
	msg := sprintf("%s: ConfigMap %s is not allowed (%d documents)", [doc.path, doc.contents.metadata.name, count(input)])
}

deny contains "a Deployment needs a ConfigMap named web" if {
	some doc in input
	doc.contents.kind == "Deployment"
	not any_named_web
}

any_named_web if {
	some doc in input
	doc.contents.kind == "ConfigMap"
	doc.contents.metadata.name == "web"
}
`;

test('--combine gives all documents as [{path, contents}]; --data loads files under data', () => {
  const root = makeTree({ 'manifests.yaml': manifests, 'rules/combined.rego': combined, 'allowed.yaml': 'allowed:\n  other: true\n' });
  const r = runCli(['--no-builtin-policies', '--policy', 'rules', '--combine', '--data', 'allowed.yaml', 'manifests.yaml'], root);
  assert.equal(r.code, 1, r.stderr);
  // The path's leading index names the document; a result without one is about the first document.
  assert.deepEqual(r.lines, [
    'FAIL - manifests.yaml:1:1 - a Deployment needs a ConfigMap named web (policy/main)',
    'FAIL - manifests.yaml:22:9 - manifests.yaml: ConfigMap settings is not allowed (2 documents) (policy/main)',
    summary(0, 2, 0),
  ]);
  const allowed = runCli(['--no-builtin-policies', '--policy', 'rules/combined.rego', '--combine', '--data', 'data', 'manifests.yaml'], makeTree({
    'manifests.yaml': manifests,
    'rules/combined.rego': combined,
    'data/allowed.json': '{"allowed": {"settings": true}}\n',
  }));
  assert.deepEqual(allowed.lines, ['FAIL - manifests.yaml:1:1 - a Deployment needs a ConfigMap named web (policy/main)', 'PASS - manifests.yaml - ConfigMap settings', summary(1, 1, 0)]);
});

test("a parse or compile error in the user's policy is exit 2 with file:line:col", () => {
  const parse = runCli([], tree({ 'policy/main.rego': 'package main\n\ndeny[msg] {\n  msg :=\n}\n' }));
  assert.equal(parse.code, 2);
  assert.equal(parse.stdout, '');
  assert.equal(parse.stderr, 'gitops-check: policy/main.rego:5:1: rego_parse_error: unexpected } token\n');
  const unsafe = runCli([], tree({ 'policy/main.rego': 'package main\n\nimport rego.v1\n\ndeny contains msg if input.kind == kind\n' }));
  assert.equal(unsafe.code, 2);
  assert.equal(unsafe.stdout, '');
  assert.match(unsafe.stderr, /^gitops-check: policy\/main\.rego:5:\d+: rego_unsafe_var_error: /);
  const missing = runCli(['--policy', 'nope'], tree());
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'gitops-check: policy path does not exist: nope\n');
  // Nesting deeper than the parser's stack: still one line at the file, not an internal error.
  const deep = runCli([], tree({ 'policy/main.rego': `package main\n\nx := ${'['.repeat(100_000)}1${']'.repeat(100_000)}\n` }));
  assert.equal(deep.code, 2);
  assert.match(deep.stderr, /^gitops-check: policy\/main\.rego:1:1: rego_parse_error: nesting too deep: Maximum call stack size exceeded\n$/);
});

test('a rule that fails to evaluate is a FAIL naming it, and the other rules still run', () => {
  const policy = `package main

import rego.v1

deny contains "too many pairs" if {
	some a in numbers.range(1, 3000)
	some b in numbers.range(1, 3000)
	a + b < 0
}

deny_conflict := "a"

deny_conflict := "b" if input.kind == "ConfigMap"

warn contains "still evaluated" if input.kind == "ConfigMap"
`;
  const r = runCli(['--no-builtin-policies', 'cm.yaml'], makeTree({ 'cm.yaml': manifests.split('---\n')[1]!, 'policy/main.rego': policy }));
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(r.lines, [
    'FAIL - cm.yaml:1:1 - policy evaluation failed: policy/main.rego:7:2: eval_budget_error: evaluation exceeded 1000000 steps in data.main.deny (policy/main)',
    'FAIL - cm.yaml:1:1 - policy evaluation failed: policy/main.rego:13:1: eval_conflict_error: rule data.main.deny_conflict produced conflicting values (policy/main)',
    'WARN - cm.yaml:1:1 - still evaluated (policy/main)',
    '1 file, 1 document · 0 passed · 1 failed · 0 warnings · 0 skipped · T s',
  ]);
});

test('pathological rules stop within the per-document budget, each named, and the next document and rule still run', () => {
  const policy = `package main

import rego.v1

deny_huge_comprehension contains "never" if { input.metadata.name == "a"; count([y | some y in numbers.range(1, 100000000)]) > 0 }

deny_long_every contains "never" if {
	input.metadata.name == "a"
	every a in numbers.range(1, 2000) { every b in numbers.range(1, 2000) { a + b > 0 } }
}

deny_deep_walk contains "never" if {
	input.metadata.name == "a"
	count([p | walk(input, [p, _]); some q in numbers.range(1, 100000)]) < 0
}

deny contains $"{input.metadata.name} is checked" if true
`;
  const docs = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n';
  const started = Date.now();
  const r = runCli(['--no-builtin-policies', '--all-namespaces', 'cm.yaml'], makeTree({ 'cm.yaml': docs, 'policy/main.rego': policy }));
  assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(r.lines, [
    'FAIL - cm.yaml:1:1 - a is checked (policy/main)',
    // deny_deep_walk runs first and uses the document's budget up; the others fail within their hundredth.
    'FAIL - cm.yaml:1:1 - policy evaluation failed: policy/main.rego:14:44: eval_budget_error: evaluation exceeded 1000000 steps in data.main.deny_deep_walk (policy/main)',
    'FAIL - cm.yaml:1:1 - policy evaluation failed: policy/main.rego:5:96: eval_budget_error: evaluation exceeded 1000000 steps in data.main.deny_huge_comprehension (policy/main)',
    'FAIL - cm.yaml:1:1 - policy evaluation failed: policy/main.rego:9:74: eval_budget_error: evaluation exceeded 1000000 steps in data.main.deny_long_every (policy/main)',
    'FAIL - cm.yaml:6:1 - b is checked (policy/main)',
    '1 file, 2 documents · 0 passed · 2 failed · 0 warnings · 0 skipped · T s',
  ]);
});

test('a --namespace (or configured namespace) that no policy defines is exit 2 naming it and the packages that exist', () => {
  const root = tree({ 'policy/team.rego': other });
  const r = runCli(['--no-builtin-policies', '--namespace', 'team.rule'], root);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'gitops-check: namespace team.rule: no policy package is named team.rule; the policies define main, team.rules\n');
  const none = runCli(['--no-builtin-policies', '--namespace', 'k8s'], makeTree({ 'manifests.yaml': manifests }));
  assert.equal(none.code, 2);
  assert.equal(none.stderr, 'gitops-check: namespace k8s: no policy package is named k8s; no policies were loaded\n');
  // conftest's default namespace may be absent: a policy directory of libraries checks nothing, silently.
  const libraryOnly = runCli(['--no-builtin-policies'], makeTree({ 'manifests.yaml': manifests, 'policy/lib.rego': 'package lib\n\nx := 1\n' }));
  assert.equal(libraryOnly.code, 0, libraryOnly.stderr);
  // Named, main is held to the same rule.
  const namedMain = runCli(['--no-builtin-policies', '--namespace', 'main'], makeTree({ 'manifests.yaml': manifests, 'policy/lib.rego': 'package lib\n\nx := 1\n' }));
  assert.equal(namedMain.code, 2);
  assert.equal(namedMain.stderr, 'gitops-check: namespace main: no policy package is named main; the policies define lib\n');
});
