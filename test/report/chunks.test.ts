import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { batched, jsonPieces, MappedList } from '../../src/report/chunks.js';

test('the JSON report in pieces is exactly JSON.stringify with two-space indentation', () => {
  const json = fc.jsonValue();
  const report = fc.dictionary(fc.string(), fc.oneof(json, fc.array(json), fc.constant(undefined)));
  fc.assert(
    fc.property(report, (object) => {
      assert.equal([...jsonPieces(object)].join(''), JSON.stringify(object, null, 2) + '\n');
    }),
    { numRuns: 500 },
  );
});

test('long arrays are written in groups of elements that join up exactly', () => {
  const object = { long: Array.from({ length: 600 }, (_, i) => ({ i, nested: [i, { s: `line\n${i}` }] })), empty: [], after: { x: [] } };
  assert.equal([...jsonPieces(object)].join(''), JSON.stringify(object, null, 2) + '\n');
});

test('pieces are joined into chunks of at least the given size, the last one holding the rest', () => {
  const pieces = ['ab', 'cd', 'e', 'fgh', 'i'];
  assert.deepEqual([...batched(pieces, 3)], ['abcd', 'efgh', 'i']);
  assert.deepEqual([...batched([], 3)], []);
  assert.deepEqual([...batched(['', ''], 3)], []);
});

test('a mapped list is written as the array of its mapped items', () => {
  const object = { a: new MappedList([1, 2], (n) => ({ n, twice: [n, n] })), b: new MappedList([], (n) => n), c: 'x' };
  const plain = { a: [1, 2].map((n) => ({ n, twice: [n, n] })), b: [], c: 'x' };
  assert.equal([...jsonPieces(object)].join(''), JSON.stringify(plain, null, 2) + '\n');
});
