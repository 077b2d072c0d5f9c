import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lint } from '../helpers.js';

// key-duplicates, key-ordering: positions and messages as yamllint 1.29 reports them for the same text and rules.

test("key-duplicates", () => {
  assert.deepEqual(lint("a: 1\nb: 2\na: 3\nc: {x: 1, x: 2}\n<<: {m: 1}\n<<: {n: 2}\nd:\n  - a: 1\n    a: 2\n  - [a: 1, a: 2]\n", { "key-duplicates": 'enable' }), [
    "3:1: [error] duplication of key \"a\" in mapping (key-duplicates)",
    "4:11: [error] duplication of key \"x\" in mapping (key-duplicates)",
    "9:5: [error] duplication of key \"a\" in mapping (key-duplicates)",
  ]);
});

test("key-ordering", () => {
  assert.deepEqual(lint("b: 1\na: 2\nc:\n  z: 1\n  y: 2\n  Z: 3\nd: {b: 1, a: 2}\n", { "key-ordering": 'enable' }), [
    "2:1: [error] wrong ordering of key \"a\" in mapping (key-ordering)",
    "5:3: [error] wrong ordering of key \"y\" in mapping (key-ordering)",
    "6:3: [error] wrong ordering of key \"Z\" in mapping (key-ordering)",
    "7:11: [error] wrong ordering of key \"a\" in mapping (key-ordering)",
  ]);
});

test('key-duplicates and key-ordering report, for any keys, what comparing each key with every key kept before it reports', () => {
  const keys = fc.array(fc.constantFrom('a', 'b', 'B', 'c', 'é', '<<', 'z', '10', '9'), { maxLength: 30 });
  fc.assert(
    fc.property(keys, (names) => {
      const text = names.map((k) => `"${k}": 1\n`).join('') || '{}\n';
      const expected: string[] = [];
      const seen: string[] = [];
      names.forEach((k, i) => {
        if (k !== '<<' && seen.includes(k)) expected.push(`${i + 1}:1: [error] duplication of key "${k}" in mapping (key-duplicates)`);
        else seen.push(k);
      });
      const kept: string[] = [];
      names.forEach((k, i) => {
        if (kept.some((other) => k < other)) expected.push(`${i + 1}:1: [error] wrong ordering of key "${k}" in mapping (key-ordering)`);
        else kept.push(k);
      });
      const byLine = (line: string) => Number(line.split(':')[0]);
      const found = lint(text, { 'key-duplicates': 'enable', 'key-ordering': 'enable' });
      assert.deepEqual(found, expected.sort((x, y) => byLine(x) - byLine(y) || (x.includes('key-duplicates') ? -1 : 1)));
    }),
    { numRuns: 300 },
  );
});
