import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../helpers.js';

// indentation: positions and messages as yamllint 1.29 reports them for the same text and rules.

test("indentation: consistent spaces", () => {
  assert.deepEqual(lint("a:\n  b: 1\n  c:\n     d: 2\nlist:\n- x\n-   y\n", { indentation: 'enable' }), [
    "4:6: [error] wrong indentation: expected 4 but found 5 (indentation)",
    "6:1: [error] wrong indentation: expected 2 but found 0 (indentation)",
  ]);
});

test("indentation: spaces 4, sequences not indented", () => {
  assert.deepEqual(lint("a:\n  b: 1\nlist:\n    - x\nother:\n- y\n", { indentation: { spaces: 4, "indent-sequences": false } }), [
    "2:3: [error] wrong indentation: expected 4 but found 2 (indentation)",
    "4:5: [error] wrong indentation: expected 0 but found 4 (indentation)",
  ]);
});

test("indentation: indent-sequences whatever and consistent", () => {
  assert.deepEqual(lint("a:\n  - x\nb:\n- y\n", { indentation: { "indent-sequences": 'consistent' } }), [
    "4:1: [error] wrong indentation: expected 2 but found 0 (indentation)",
  ]);
});

test("indentation: indent-sequences whatever", () => {
  assert.deepEqual(lint("a:\n  - x\nb:\n- y\n", { indentation: { "indent-sequences": 'whatever' } }), [
  ]);
});

test("indentation: multi-line strings", () => {
  assert.deepEqual(lint("a: this is\n  plain\n    text\nb: \"quoted\n   text\"\nc: |\n  block\n   more\nd: >\n    folded\n    text\n", { indentation: { "check-multi-line-strings": true } }), [
    "2:3: [error] wrong indentation: expected 3 but found 2 (indentation)",
    "3:5: [error] wrong indentation: expected 3 but found 4 (indentation)",
    "5:4: [error] wrong indentation: expected 4 but found 3 (indentation)",
    "8:4: [error] wrong indentation: expected 2 but found 3 (indentation)",
    "10:5: [error] wrong indentation: expected 2 but found 4 (indentation)",
    "11:5: [error] wrong indentation: expected 2 but found 4 (indentation)",
  ]);
});

test("indentation: flow collections across lines", () => {
  assert.deepEqual(lint("a: {\n    x: 1,\n  y: 2\n  }\nb: [\n  1,\n    2\n]\n", { indentation: 'enable' }), [
    "3:3: [error] wrong indentation: expected 4 but found 2 (indentation)",
    "4:3: [error] wrong indentation: expected 0 but found 2 (indentation)",
    "6:3: [error] wrong indentation: expected 4 but found 2 (indentation)",
  ]);
});

test("indentation: explicit keys, anchors and tags", () => {
  assert.deepEqual(lint("? a\n: b\n?\n  c\n:\n  d\ne: &anchor\n  f: 1\ng: !!map\n   h: 2\n", { indentation: 'enable' }), [
    "10:4: [error] wrong indentation: expected 2 but found 3 (indentation)",
  ]);
});
