import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './helpers.js';

const deployment = (containers: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
${containers}${extra}`;

test('a valid Deployment has no findings', () => {
  assert.deepEqual(check(deployment('        - name: web\n          image: nginx:1.27\n')), []);
});

test('unknown field: error at the offending key, with the path from the root', () => {
  const text = deployment('        - name: web\n          image: nginx\n          resoures:\n            limits: {memory: 1Gi}\n');
  assert.deepEqual(check(text), ['error 16:11 Deployment default/web: spec.template.spec.containers[0].resoures: unknown field']);
});

test('strict: false allows unknown fields but still checks the known ones', () => {
  const text = deployment('        - name: web\n          image: 3\n          resoures: {}\n');
  assert.deepEqual(check(text, { strict: false }), ['error 15:11 Deployment default/web: spec.template.spec.containers[0].image: expected string, got integer']);
});

test('unknown field under metadata: ObjectMeta is closed too', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  lables: {a: b}\n';
  assert.deepEqual(check(text), ['error 5:3 ConfigMap c: metadata.lables: unknown field']);
});

test('wrong type: error at the key of the value', () => {
  const text = deployment('        - name: web\n          image: nginx\n', '  replicas: "3"\n');
  assert.deepEqual(check(text), ['error 16:3 Deployment default/web: spec.replicas: expected integer, got string']);
});

test('missing required field: error at the mapping that lacks it', () => {
  const text = deployment('        - image: nginx\n');
  assert.deepEqual(check(text), ['error 14:11 Deployment default/web: spec.template.spec.containers[0]: missing required field "name"']);
  const noSelector = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template: {}\n';
  assert.deepEqual(check(noSelector), ['error 4:1 Deployment web: spec: missing required field "selector"']);
});

test('int-or-string accepts both and names both when given neither', () => {
  const probe = (port: string) => deployment(`        - name: web\n          image: nginx\n          livenessProbe:\n            httpGet: {port: ${port}}\n`);
  assert.deepEqual(check(probe('8080')), []);
  assert.deepEqual(check(probe('http')), []);
  assert.deepEqual(check(probe('[1]')), ['error 17:23 Deployment default/web: spec.template.spec.containers[0].livenessProbe.httpGet.port: expected integer or string, got array']);
});

test('quantities: numbers and suffixed strings pass, anything else is named', () => {
  const limits = (value: string) => deployment(`        - name: web\n          image: nginx\n          resources:\n            limits: {cpu: ${value}}\n`);
  for (const ok of ['1', '0.5', '"500m"', '1e3', '"+2.5"', '1Gi']) assert.deepEqual(check(limits(ok)), [], ok);
  assert.deepEqual(check(limits('12XB')), ['error 17:22 Deployment default/web: spec.template.spec.containers[0].resources.limits.cpu: "12XB" is not a valid quantity']);
  assert.deepEqual(check(limits('true')), ['error 17:22 Deployment default/web: spec.template.spec.containers[0].resources.limits.cpu: expected string or number, got boolean']);
});

test('null fields are unset, as the API server reads them; a required one set to null is missing', () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  creationTimestamp: null\nspec:\n  ports:\n    - port: null\n  selector:\n';
  assert.deepEqual(check(text), ['error 8:7 Service s: spec.ports[0]: missing required field "port"']);
});

test('byte fields must be base64 (Secret data)', () => {
  const text = 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  ok: aGVsbG8=\n  bad: "not base64!"\n';
  assert.deepEqual(check(text), ['error 6:3 Secret s: data.bad: (secret value hidden) is not a valid byte']);
});

test('all errors of a document are reported, each once', () => {
  const text = deployment('        - image: 1\n          resoures: {}\n', '  replicas: many\n  paused: "no"\n');
  assert.deepEqual(check(text).sort(), [
    'error 14:11 Deployment default/web: spec.template.spec.containers[0].image: expected string, got integer',
    'error 14:11 Deployment default/web: spec.template.spec.containers[0]: missing required field "name"',
    'error 15:11 Deployment default/web: spec.template.spec.containers[0].resoures: unknown field',
    'error 16:3 Deployment default/web: spec.replicas: expected integer, got string',
    'error 17:3 Deployment default/web: spec.paused: expected boolean, got string',
  ]);
});

test('keys that are not identifiers are quoted in the path', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    app.kubernetes.io/name: 3\n';
  assert.deepEqual(check(text), ['error 6:5 ConfigMap c: metadata.labels["app.kubernetes.io/name"]: expected string, got integer']);
});

test('a List validates each item against its own kind; a typed List implies the item kind', () => {
  const list = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: a}
    data: {x: "1"}
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: b}
    data: {x: 1}
  - kind: Service
`;
  assert.deepEqual(check(list), [
    'error 11:12 ConfigMap b: items[1].data.x: expected string, got integer',
    "error 12:5 List: items[2]: missing 'apiVersion' key",
  ]);
  const typed = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleList\nitems:\n  - metadata: {name: r, namespace: n}\n    rules: [{verbs: [get], resourcez: [pods]}]\nextra: 1\n';
  assert.deepEqual(check(typed), [
    'error 5:28 Role n/r: items[0].rules[0].resourcez: unknown field',
    'error 6:1 RoleList: extra: unknown field',
  ]);
});
