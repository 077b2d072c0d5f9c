import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree } from '../helpers/cli.js';
import { gitopsLines } from './run.js';

const repo = () =>
  makeTree({
    'base/namespaces.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n',
    'clusters/kind/team-a/app.yaml': [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: team-b\n',
      // Cluster-scoped: its namespace is meaningless, never a mismatch.
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\n  namespace: team-a\nrules: []\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: loose\n',
    ].join('---\n'),
    'clusters/kind/team-c/app.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: team-c\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: d\n',
    // At the cluster's root: no namespace directory, so no placement to match.
    'clusters/kind/cluster.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: top\n  namespace: elsewhere\n',
  });

test('a namespace other than the directory fails; a namespace no file defines warns, at metadata.namespace', async () => {
  assert.deepEqual(await gitopsLines(repo()), [
    'WARN - clusters/kind/cluster.yaml:5:14 - ConfigMap top: Namespace elsewhere is defined nowhere in cluster kind (gitops/missing-namespace)',
    'WARN - clusters/kind/team-a/app.yaml:5:14 - ConfigMap settings: Namespace team-b is defined nowhere in cluster kind (gitops/missing-namespace)',
    'FAIL - clusters/kind/team-a/app.yaml:5:14 - ConfigMap settings: namespace team-b does not match its directory clusters/kind/team-a/ (gitops/namespace-mismatch)',
    'WARN - clusters/kind/team-c/app.yaml:5:14 - ConfigMap c: Namespace team-c is defined nowhere in cluster kind (gitops/missing-namespace)',
  ]);
});

test('namespaceFromDirectory: an object without a namespace lands in its directory\'s, which must be defined', async () => {
  const lines = await gitopsLines(repo(), { namespaceFromDirectory: true });
  // ConfigMap loose lands in team-a (defined in base/); Secret d in team-c (defined nowhere), reported at `metadata`.
  assert.deepEqual(lines.slice(3), [
    'WARN - clusters/kind/team-c/app.yaml:5:14 - ConfigMap c: Namespace team-c is defined nowhere in cluster kind (gitops/missing-namespace)',
    'WARN - clusters/kind/team-c/app.yaml:9:1 - Secret d: Namespace team-c is defined nowhere in cluster kind (gitops/missing-namespace)',
  ]);
});

test('the severity map turns a gitops check down or off', async () => {
  assert.deepEqual(await gitopsLines(repo(), { severity: { 'gitops/namespace-mismatch': 'warning', 'gitops/missing-namespace': 'off' } }), [
    'WARN - clusters/kind/team-a/app.yaml:5:14 - ConfigMap settings: namespace team-b does not match its directory clusters/kind/team-a/ (gitops/namespace-mismatch)',
  ]);
});
