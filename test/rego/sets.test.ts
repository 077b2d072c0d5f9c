import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RObject, RSet, equal, fromJS, keyOf, type Value } from '../../src/policy/rego/values.js';

/** Composites built apart, so that only structural equality can find them alike. */
const item = (i: number): Value => new RObject([['name', `c${i}`], ['path', ['spec', BigInt(i % 3)]]]);
const lazyItem = (i: number): Value => fromJS({ name: `c${i}`, path: ['spec', i % 3] });

// A set scans its few composites and hashes them once there are many: the same answers either way.
for (const n of [1, 16, 17, 40]) {
  test(`a set of ${n} composites keeps one of each, however they were built`, () => {
    const set = new RSet();
    for (let i = 0; i < n; i++) set.add(item(i));
    for (let i = 0; i < n; i++) set.add(lazyItem(i));
    set.add(fromJS(['x']));
    set.add('x');
    set.add(fromJS(['x']));
    assert.equal(set.size, n + 2);
    for (let i = 0; i < n; i++) assert.ok(set.has(lazyItem(i)));
    assert.ok(!set.has(item(n)));
    assert.ok(set.has(['x']) && set.has('x') && !set.has(['y']));
    assert.equal([...set.values()].length, n + 2);
  });
}

test('sets of composites are equal whatever their order and size', () => {
  for (const n of [3, 30]) {
    const a = new RSet(Array.from({ length: n }, (_, i) => item(i)));
    const b = new RSet(Array.from({ length: n }, (_, i) => lazyItem(n - 1 - i)));
    assert.ok(equal(a, b));
    assert.deepEqual(a.sorted().map(keyOf), b.sorted().map(keyOf));
    assert.equal(a.key(), b.key());
    assert.ok(!equal(a, new RSet(Array.from({ length: n }, (_, i) => item(i + 1)))));
  }
});
