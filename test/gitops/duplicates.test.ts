import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree } from '../helpers/cli.js';
import { gitopsLines } from './run.js';

const configMap = (name: string, namespace: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n`;
const deployment = (apiVersion: string) =>
  `apiVersion: ${apiVersion}\nkind: Deployment\nmetadata:\n  name: web\n  namespace: default\nspec:\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: c\n        image: x:1\n`;

test('a duplicate in one cluster\'s set fails on the later file (cluster tree after base/), naming the first with its line', async () => {
  const dir = makeTree({
    'base/config.yaml': `${configMap('shared', 'default')}---\n${deployment('apps/v1')}`,
    'base/more.yaml': configMap('shared', 'default'),
    // Another version of the same group is the same object.
    'clusters/kind/default/override.yaml': `${deployment('apps/v1beta2')}---\n${configMap('local', 'default')}---\n${configMap('local', 'default')}`,
    // The same name in another cluster, or in another namespace, is no duplicate.
    'clusters/prod/default/other.yaml': `${configMap('local', 'default')}---\n${configMap('shared', 'default-2')}`,
  });
  const lines = await gitopsLines(dir, { severity: { 'gitops/missing-namespace': 'off', 'gitops/namespace-mismatch': 'off' } });
  assert.deepEqual(lines, [
    // base/ is in both clusters: reported once.
    'FAIL - base/more.yaml:4:9 - duplicate ConfigMap default/shared: already defined at base/config.yaml:4 (gitops/duplicate)',
    'FAIL - clusters/kind/default/override.yaml:4:9 - duplicate Deployment default/web: already defined at base/config.yaml:10 (gitops/duplicate)',
    'FAIL - clusters/kind/default/override.yaml:25:9 - duplicate ConfigMap default/local: already defined at clusters/kind/default/override.yaml:19 (gitops/duplicate)',
  ]);
});

test('a configured layout: the trees each cluster receives, patch files left out', async () => {
  const dir = makeTree({
    'infra/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: podinfo\n',
    'apps/base/cm.yaml': configMap('podinfo', 'podinfo'),
    'apps/base/kustomization.yaml': 'resources:\n  - cm.yaml\n',
    'apps/prod/kustomization.yaml': 'resources:\n  - ../base\npatches:\n  - path: cm-patch.yaml\n',
    'apps/prod/cm-patch.yaml': configMap('podinfo', 'podinfo'),
    'apps/prod/extra.yaml': configMap('podinfo', 'podinfo'),
    'apps/staging/extra.yaml': configMap('podinfo', 'podinfo'),
    'clusters/prod/flux.yaml': configMap('top', 'podinfo'),
    'clusters/staging/flux.yaml': configMap('top', 'podinfo'),
  });
  const config = { layout: { shared: ['infra', 'apps/base'] }, clusters: { prod: { include: ['apps/prod'] }, staging: { include: ['apps/staging/'] } } };
  assert.deepEqual(await gitopsLines(dir, config), [
    'FAIL - apps/prod/extra.yaml:4:9 - duplicate ConfigMap podinfo/podinfo: already defined at apps/base/cm.yaml:4 (gitops/duplicate)',
    'FAIL - apps/staging/extra.yaml:4:9 - duplicate ConfigMap podinfo/podinfo: already defined at apps/base/cm.yaml:4 (gitops/duplicate)',
  ]);
});
