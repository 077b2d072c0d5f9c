import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHECK_FAMILIES, CHECKS, describeCheck, GENERIC_CHECK } from '../../src/report/checks.js';

test('a check id is described by its own entry, else its family, else generically', () => {
  assert.equal(describeCheck('yaml/key-duplicates').description, 'A mapping has the same key twice; tools disagree on which value wins.');
  assert.equal(describeCheck('yaml/line-length').description, 'A yamllint rule: YAML style and syntax.');
  assert.equal(describeCheck('gatekeeper/K8sRequiredLabels/must-have-owner').description, "A Gatekeeper constraint from the repository, evaluated as the cluster's webhook would.");
  assert.equal(describeCheck('vap/replicas-limit'), CHECK_FAMILIES['vap/']);
  assert.equal(describeCheck('schemas'), GENERIC_CHECK);
});

test('every description and help text is one line ending with a full stop', () => {
  for (const entry of [...Object.values(CHECKS), ...Object.values(CHECK_FAMILIES), GENERIC_CHECK]) {
    for (const text of [entry.description, entry.help]) assert.match(text, /^[A-Z][^\n]*\.$/);
  }
});
