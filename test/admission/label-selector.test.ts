import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileLabelSelector, labelsOf } from '../../src/admission/label-selector.js';

function matcher(selector: unknown): (labels: Record<string, unknown>) => boolean {
  const compiled = compileLabelSelector(selector);
  assert.equal(typeof compiled, 'function', JSON.stringify(compiled));
  return compiled as (labels: Record<string, unknown>) => boolean;
}

test('an absent or empty selector matches every object', () => {
  assert.equal(matcher(undefined)({}), true);
  assert.equal(matcher({})({ app: 'web' }), true);
});

test('matchLabels needs every pair; matchExpressions apply In, NotIn, Exists, DoesNotExist', () => {
  const select = matcher({
    matchLabels: { team: 'payments' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['web', 'api'] },
      { key: 'env', operator: 'NotIn', values: ['dev'] },
      { key: 'owner', operator: 'Exists' },
      { key: 'legacy', operator: 'DoesNotExist' },
    ],
  });
  assert.equal(select({ team: 'payments', tier: 'web', owner: 'a' }), true);
  assert.equal(select({ team: 'payments', tier: 'web', owner: 'a', env: 'prod' }), true);
  assert.equal(select({ team: 'payments', tier: 'web', owner: 'a', env: 'dev' }), false);
  assert.equal(select({ team: 'payments', tier: 'db', owner: 'a' }), false);
  assert.equal(select({ team: 'payments', tier: 'web' }), false);
  assert.equal(select({ team: 'payments', tier: 'web', owner: 'a', legacy: 'true' }), false);
  assert.equal(select({ team: 'other', tier: 'web', owner: 'a' }), false);
});

test('an invalid selector names its problem', () => {
  assert.deepEqual(compileLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Near' }] }), {
    problem: 'matchExpressions[0]: unknown operator "Near" (In, NotIn, Exists, DoesNotExist)',
  });
  assert.deepEqual(compileLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In' }] }), { problem: 'matchExpressions[0]: operator In needs values' });
  assert.deepEqual(compileLabelSelector({ matchLabels: ['a'] }), { problem: 'matchLabels must be a mapping' });
});

test('labelsOf reads metadata.labels and tolerates anything else', () => {
  assert.deepEqual(labelsOf({ metadata: { labels: { a: 'b' } } }), { a: 'b' });
  assert.deepEqual(labelsOf({ metadata: null }), {});
  assert.deepEqual(labelsOf('x'), {});
});
