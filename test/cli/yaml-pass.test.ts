import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CORPORA, makeTree, runCli } from '../helpers/cli.js';

test('the documented syntax error: 5:3, in PyYAML (yamllint) wording', () => {
  // The users' README shows this yamllint result for an uncommitted edit of k8s-gitops-demo's
  // clusters/kind/default/00-namespace.yaml; this is an edit that gives exactly that.
  const root = makeTree({
    'clusters/kind/default/00-namespace.yaml':
      'apiVersion: v1\nkind: Namespace\nmetadata:\n    name: default\n  labels:\n    istio-injection: enabled\n',
  });
  const r = runCli([], root);
  assert.equal(r.code, 1);
  assert.deepEqual(r.lines, [
    "FAIL - clusters/kind/default/00-namespace.yaml:5:3 - syntax error: expected <block end>, but found '<block mapping start>' (yaml/syntax)",
    '1 file, 1 document · 0 passed · 1 failed · 0 warnings · 0 skipped · T s',
  ]);
});

test('a document that does not parse is reported; the other documents of the file still go on', () => {
  const root = makeTree({
    'base/multi.yaml': [
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: first\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  a: [1, 2\n',
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: third\n',
    ].join('---\n'),
  });
  const r = runCli([], root);
  assert.equal(r.code, 1);
  assert.deepEqual(r.lines, [
    'PASS - base/multi.yaml - Namespace first',
    "FAIL - base/multi.yaml:12:1 - syntax error: expected ',' or ']', but got '<document start>' (yaml/syntax)",
    'PASS - base/multi.yaml - Namespace third',
    '1 file, 3 documents · 2 passed · 1 failed · 0 warnings · 0 skipped · T s',
  ]);
});

test('duplicate keys fail at the duplicate, where yamllint reports them (k8s-gitops-demo before the fix)', (t) => {
  const dir = join(CORPORA, 'k8s-gitops-demo-0d1c797');
  if (!existsSync(dir)) {
    t.skip(`${dir} is not here`);
    return;
  }
  const r = runCli(['clusters/kind/istio-system/01-controlplane.yaml'], dir);
  assert.equal(r.code, 1);
  // The schema and GitOps passes have their own say on this file (no IstioOperator schema, its
  // namespace outside the checked set); the YAML pass's line is the one yamllint gives.
  assert.deepEqual(
    r.lines.filter((l) => l.includes('(yaml/')),
    ['FAIL - clusters/kind/istio-system/01-controlplane.yaml:9:3 - duplication of key "profile" in mapping (yaml/key-duplicates)'],
  );
});

test('tabs: in indentation and after a value, as PyYAML rejects them', () => {
  const root = makeTree({
    'base/tab-indent.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n\tname: tabbed\n',
    'base/tab-after.yaml': 'apiVersion: v1\t\nkind: Namespace\nmetadata:\n  name: x\n',
  });
  const r = runCli(['--quiet'], root);
  assert.equal(r.code, 1);
  assert.deepEqual(r.lines, [
    "FAIL - base/tab-after.yaml:1:15 - syntax error: found character '\\t' that cannot start any token (yaml/syntax)",
    "FAIL - base/tab-indent.yaml:4:1 - syntax error: found character '\\t' that cannot start any token (yaml/syntax)",
  ]);
});
