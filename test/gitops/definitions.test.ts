import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Definitions } from '../../src/gitops/definitions.js';

test('Definitions: a name defined in one namespace, then in more, then again in one it had', () => {
  const defs = new Definitions();
  defs.add('ConfigMap', 'web', 'settings');
  assert.equal(defs.has('ConfigMap', 'web', 'settings'), true);
  assert.equal(defs.has('ConfigMap', 'api', 'settings'), false);
  assert.deepEqual(defs.namespacesOf('ConfigMap', 'settings'), ['web']);
  defs.add('ConfigMap', 'web', 'settings');
  assert.deepEqual(defs.namespacesOf('ConfigMap', 'settings'), ['web']);
  defs.add('ConfigMap', 'api', 'settings');
  defs.add('ConfigMap', '', 'settings');
  defs.add('ConfigMap', 'api', 'settings');
  assert.equal(defs.has('ConfigMap', 'api', 'settings'), true);
  assert.equal(defs.has('ConfigMap', 'web', 'settings'), true);
  assert.equal(defs.has('ConfigMap', 'db', 'settings'), false);
  assert.deepEqual(defs.namespacesOf('ConfigMap', 'settings'), ['', 'api', 'web']);
  assert.equal(defs.has('Secret', 'web', 'settings'), false);
  assert.deepEqual(defs.namespacesOf('Secret', 'settings'), []);
});

test('Definitions: a name generated without a namespace is defined in every one, alone or beside others', () => {
  const alone = new Definitions();
  alone.add('Secret', '*', 'tls');
  assert.equal(alone.has('Secret', 'web', 'tls'), true);
  const beside = new Definitions();
  beside.add('Secret', 'api', 'tls');
  beside.add('Secret', '*', 'tls');
  assert.equal(beside.has('Secret', 'web', 'tls'), true);
  assert.equal(beside.has('Secret', 'web', 'other'), false);
});
