import { test } from 'node:test';
import assert from 'node:assert/strict';
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
