import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlFile } from '../../src/documents/parse-file.js';
import { collectObjects } from '../../src/gitops/objects.js';
import { compileMatch, type Match, type Subject } from '../../src/admission/gatekeeper/match.js';

function subject(yaml: string, namespace: string, namespaceLabels?: Record<string, string>): Subject {
  const [object] = collectObjects(parseYamlFile({ path: 'x.yaml', text: yaml }).documents);
  return { object: object!, namespace, namespaceLabels };
}

function compiled(match: unknown): Match {
  const m = compileMatch(match);
  assert.equal(typeof m, 'function', JSON.stringify(m));
  return m as Match;
}

const configMap = (name: string, ns: string) => subject(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ${ns}}\n`, ns);
const namespace = (name: string, labels = '{}') => subject(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: ${labels}}\n`, '');
const clusterRole = subject('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader}\n', '');

test('namespace and name globs: prefix-*, *-suffix and *infix*, as Gatekeeper reads them', () => {
  const names = (pattern: string) => ['kube-system', 'gatekeeper-system', 'kube-public', 'web'].filter((ns) => compiled({ namespaces: [pattern] })(configMap('a', ns)));
  assert.deepEqual(names('kube-*'), ['kube-system', 'kube-public']);
  assert.deepEqual(names('*-system'), ['kube-system', 'gatekeeper-system']);
  assert.deepEqual(names('*keeper*'), ['gatekeeper-system']);
  assert.deepEqual(names('web'), ['web']);
  assert.equal(compiled({ name: 'settings-*' })(configMap('settings-a', 'web')), true);
  assert.equal(compiled({ name: 'settings-*' })(configMap('other', 'web')), false);
});

test('a Namespace is matched by its own name and labels; other cluster-scoped objects pass namespace criteria', () => {
  const excluded = compiled({ excludedNamespaces: ['kube-*'] });
  assert.equal(excluded(namespace('kube-system')), false);
  assert.equal(excluded(clusterRole), true);
  const selector = compiled({ namespaceSelector: { matchLabels: { team: 'shop' } } });
  assert.equal(selector(namespace('shop', '{team: shop}')), true);
  assert.equal(selector(namespace('web')), false);
  assert.equal(selector(clusterRole), true);
  assert.equal(selector(subject('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: shop}\n', 'shop', { team: 'shop' })), true);
  // The Namespace is not in the set: its labels are unknown, so the selector cannot select the object.
  assert.equal(selector(configMap('a', 'elsewhere')), false);
});

test('kinds: apiGroups × kinds with `*`; an entry without kinds matches every kind of its groups; scope', () => {
  assert.equal(compiled({ kinds: [{ apiGroups: ['*'], kinds: ['ClusterRole'] }] })(clusterRole), true);
  assert.equal(compiled({ kinds: [{ apiGroups: [''], kinds: ['*'] }] })(clusterRole), false);
  assert.equal(compiled({ kinds: [{ apiGroups: ['rbac.authorization.k8s.io'] }] })(clusterRole), true);
  assert.equal(compiled({ scope: 'Cluster' })(namespace('web')), true);
  assert.equal(compiled({ scope: 'Namespaced' })(namespace('web')), false);
  assert.equal(compiled({ scope: 'Namespaced' })(configMap('a', 'web')), true);
  assert.equal(compiled({ scope: '*' })(clusterRole), true);
});

test('an invalid selector is a problem at its path, not a match', () => {
  assert.deepEqual(compileMatch({ namespaceSelector: { matchExpressions: [{ key: 'a', operator: 'In' }] } }), {
    problem: 'namespaceSelector: matchExpressions[0]: operator In needs values',
    path: ['spec', 'match', 'namespaceSelector'],
  });
});
