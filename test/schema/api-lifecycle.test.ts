import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSchemaPass } from '../../src/schema/pass.js';
import { ConfigError } from '../../src/model/errors.js';
import { check, defaults, parse, testStore } from './helpers.js';

const object = (apiVersion: string, kind: string, spec = '') => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n${spec}`;

test('an API removed before the oldest stored version: from the table, naming the replacement', () => {
  assert.deepEqual(check(object('policy/v1beta1', 'PodSecurityPolicy')), ['error 1:1 policy/v1beta1 PodSecurityPolicy was removed in Kubernetes 1.25']);
  assert.deepEqual(check(object('extensions/v1beta1', 'Deployment')), ['error 1:1 extensions/v1beta1 Deployment was removed in Kubernetes 1.16; use apps/v1']);
  assert.deepEqual(check(object('batch/v1beta1', 'CronJob'), {}, 'cron.yaml', '1.25'), ['error 1:1 batch/v1beta1 CronJob was removed in Kubernetes 1.25; use batch/v1']);
});

test('an API removed within the stored versions: from the store, naming the version that serves the kind now', () => {
  assert.deepEqual(check(object('autoscaling/v2beta2', 'HorizontalPodAutoscaler'), {}, 'hpa.yaml', '1.29'), [
    'error 1:1 autoscaling/v2beta2 HorizontalPodAutoscaler was removed in Kubernetes 1.26; use autoscaling/v2',
  ]);
  assert.deepEqual(check(object('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema')), [
    'error 1:1 flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema was removed in Kubernetes 1.32; use flowcontrol.apiserver.k8s.io/v1',
  ]);
});

test('a deprecated API still served: a warning naming the removal, and the document is still validated', () => {
  const text = object('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', 'spec:\n  priorityLevelConfiguration: {name: p}\n  matchingPrecedence: high\n');
  assert.deepEqual(check(text, {}, 'fs.yaml', '1.29.0'), [
    'warning 1:1 flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is deprecated and removed in Kubernetes 1.32; use flowcontrol.apiserver.k8s.io/v1',
    'error 7:3 FlowSchema x: spec.matchingPrecedence: expected integer, got string',
  ]);
});

test('an API newer than the target version says when it arrived', () => {
  assert.deepEqual(check(object('flowcontrol.apiserver.k8s.io/v1', 'FlowSchema', 'spec:\n  priorityLevelConfiguration: {name: p}\n'), {}, 'fs.yaml', '1.26'), [
    'error 1:1 flowcontrol.apiserver.k8s.io/v1 FlowSchema is not served by Kubernetes 1.26 (first served in 1.29)',
  ]);
});

test('versions: `1.29` and `1.29.0` name the same stored version; the default is the newest; an unknown one is a ConfigError', () => {
  const missing = object('example.com/v1', 'Widget');
  assert.deepEqual(check(missing, {}, 'w.yaml', '1.29'), ['error 1:1 no schema for example.com/v1 Widget (Kubernetes 1.29.0)']);
  assert.deepEqual(check(missing, { kubernetesVersion: '1.29.0' }), ['error 1:1 no schema for example.com/v1 Widget (Kubernetes 1.29.0)']);
  assert.deepEqual(check(missing), ['error 1:1 no schema for example.com/v1 Widget (Kubernetes 1.36.0)']);
  assert.throws(
    () => createSchemaPass({ ...defaults, storeDir: testStore(), kubernetesVersion: '1.19' }, parse(missing)),
    (e: unknown) => e instanceof ConfigError && e.message === 'Kubernetes version 1.19 is not in the schema store (available: 1.25, 1.26, 1.27, 1.28, 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36)',
  );
});

test('missing schema: an error, or a skip with ignoreMissingSchemas; skipped kinds by Kind or apiVersion/Kind', () => {
  const text = `${object('example.com/v1', 'Widget')}---\n${object('v1', 'Secret')}---\n${object('apps/v1', 'Deployment', 'spec: 1\n')}`;
  assert.deepEqual(check(text, { ignoreMissingSchemas: true, skipKinds: ['Secret', 'apps/v1/Deployment'] }), [
    'skip no schema for example.com/v1 Widget (Kubernetes 1.36.0)',
    'skip v1 Secret is in the skip list',
    'skip apps/v1 Deployment is in the skip list',
  ]);
});

test('kustomize build input is skipped, never a missing schema', () => {
  assert.deepEqual(check('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n'), [
    'skip kustomize.config.k8s.io/v1beta1 Kustomization is read by kustomize, not sent to the API server',
  ]);
});

test('the store knows which kinds are namespaced', () => {
  const pass = createSchemaPass({ ...defaults, storeDir: testStore() }, []);
  assert.equal(pass.isNamespaced('apps/v1', 'Deployment'), true);
  assert.equal(pass.isNamespaced('v1', 'Namespace'), false);
  assert.equal(pass.isNamespaced('rbac.authorization.k8s.io/v1', 'ClusterRole', '1.25'), false);
  assert.equal(pass.isNamespaced('example.com/v1', 'Widget'), undefined);
});
