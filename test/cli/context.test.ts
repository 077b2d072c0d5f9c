import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, runCli, widgetCrd } from '../helpers/cli.js';

const crd = widgetCrd('integer');

const tree = () =>
  makeTree({
    'base/namespaces.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n',
    'base/crds/widget.yaml': crd,
    'clusters/kind/web/widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: web\nspec:\n  size: large\n',
  });

test('files named on the command line (the pre-commit case) are checked with the rest of the repository as context', () => {
  const r = runCli(['clusters/kind/web/widget.yaml'], tree());
  assert.equal(r.code, 1);
  // The CRD in base/ validates the resource, and the Namespace in base/ counts as defined: only the named file is reported.
  assert.deepEqual(r.lines, [
    'FAIL - clusters/kind/web/widget.yaml:7:3 - Widget web/w: spec.size: expected integer, got string (schema)',
    '1 file, 1 document · 0 passed · 1 failed · 0 warnings · 0 skipped · T s',
  ]);
});

test('--no-context checks the named files alone', () => {
  const r = runCli(['--no-context', 'clusters/kind/web/widget.yaml'], tree());
  assert.equal(r.code, 1);
  assert.deepEqual(r.lines, [
    'FAIL - clusters/kind/web/widget.yaml:1:1 - no schema for example.com/v1 Widget (Kubernetes 1.36.0) (schema)',
    'WARN - clusters/kind/web/widget.yaml:5:14 - Widget w: Namespace web is defined nowhere in cluster kind (gitops/missing-namespace)',
    '1 file, 1 document · 0 passed · 1 failed · 0 warnings · 0 skipped · T s',
  ]);
});

test('a duplicate is reported on the later file whether the earlier one is checked, context, in another shard or another worker', () => {
  const files: Record<string, string> = { 'base/namespaces.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n' };
  // Twelve pairs, so that the path hash puts some pairs' two files in different parts.
  for (let i = 0; i < 12; i++) {
    const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-${i}\n  namespace: web\ndata:\n  a: "1"\n`;
    files[`clusters/prod/web/a-${i}.yaml`] = cm;
    files[`clusters/prod/web/b-${i}.yaml`] = cm;
  }
  const root = makeTree(files);
  const expected = (i: number) => `FAIL - clusters/prod/web/b-${i}.yaml:4:9 - duplicate ConfigMap web/settings-${i}: already defined at clusters/prod/web/a-${i}.yaml:4 (gitops/duplicate)`;
  const all = Array.from({ length: 12 }, (_, i) => expected(i)).sort();
  const failures = (args: string[]) => runCli(['-q', ...args], root).lines.filter((l) => l.startsWith('FAIL')).sort();
  assert.deepEqual(failures([]), all);
  assert.deepEqual(failures(['--jobs', '2']), all);
  assert.deepEqual(failures(['--jobs', '3']), all);
  assert.deepEqual(failures(['clusters/prod/web/b-0.yaml']), [expected(0)]);
  const shards = [1, 2, 3].flatMap((i) => failures(['--shard', `${i}/3`]));
  assert.deepEqual(shards.sort(), all);
});
