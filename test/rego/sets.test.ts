import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { RObject, RSet, compare, equal, fromJS, keyOf, type Value } from '../../src/policy/rego/values.js';

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

/** Scalars and small composites, with strings that order by code point (surrogates) rather than by UTF-16 unit. */
const scalar = fc.oneof(fc.constant(null), fc.boolean(), fc.bigInt({ min: -5n, max: 5n }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom('a', 'b', 'ab', '\u{1f600}', '\uffff', ''));
const value: fc.Arbitrary<Value> = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.array(fc.tuple(fc.constantFrom('k', 'l', 'm'), scalar), { maxLength: 3 }).map((pairs) => new RObject(pairs)),
);

// Up to 16 items are sorted by insertion, more by Array.prototype.sort: both in OPA's order.
test("sets and objects list their members in OPA's order at every size", () => {
  fc.assert(
    fc.property(fc.array(value, { maxLength: 40 }), (values) => {
      const set = new RSet(values);
      const expected = [...set.values()].sort(compare);
      assert.deepEqual(set.sorted().map(keyOf), expected.map(keyOf));
      const object = new RObject(values.map((v, i) => [v, BigInt(i)]));
      const keys = object.sorted().map(([k]) => k);
      assert.deepEqual(keys.map(keyOf), [...object.entries.values()].map(([k]) => k).sort(compare).map(keyOf));
    }),
  );
});

test('an object read by lookups converts when listed, and equals one built whole', () => {
  const source = { b: [1, 2], a: { c: 'x' }, d: null };
  const lazy = fromJS(source) as RObject;
  assert.equal(lazy.get('d'), null);
  assert.equal(lazy.size, 3);
  assert.deepEqual(lazy.sorted().map(([k]) => k), ['a', 'b', 'd']);
  assert.ok(equal(lazy, new RObject([['d', null], ['a', new RObject([['c', 'x']])], ['b', [1n, 2n]]])));
});
