import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree } from '../helpers/cli.js';
import { bareOptions } from '../helpers/run-options.js';
import { runChecks } from '../../src/pipeline/run.js';
import { createGitopsPass } from '../../src/gitops/pass.js';
import { gitopsLines } from './run.js';

const crd = (scope: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: ${scope}
  names:
    kind: Widget
    plural: widgets
  versions: []
`;
const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: other\n';

test('a CustomResourceDefinition in the tree says whether its kind is namespaced', async () => {
  const clusterScoped = makeTree({ 'clusters/kind/crds.yaml': crd('Cluster'), 'clusters/kind/team/w.yaml': widget });
  assert.deepEqual(await gitopsLines(clusterScoped), []);
  const namespaced = makeTree({ 'clusters/kind/crds.yaml': crd('Namespaced'), 'clusters/kind/team/w.yaml': widget });
  assert.deepEqual(await gitopsLines(namespaced), [
    'WARN - clusters/kind/team/w.yaml:5:14 - Widget w: Namespace other is defined nowhere in cluster kind (gitops/missing-namespace)',
    'FAIL - clusters/kind/team/w.yaml:5:14 - Widget w: namespace other does not match its directory clusters/kind/team/ (gitops/namespace-mismatch)',
  ]);
});

test('the injected scope (the schema store) answers first', async () => {
  const dir = makeTree({ 'clusters/kind/crds.yaml': crd('Namespaced'), 'clusters/kind/team/w.yaml': widget });
  const report = await runChecks({
    ...bareOptions(dir),
    repoPasses: [createGitopsPass({ cwd: dir, config: {}, scopeOf: (_apiVersion, kind) => (kind === 'Widget' ? 'Cluster' : undefined) })],
  });
  assert.deepEqual(report.findings, []);
});
