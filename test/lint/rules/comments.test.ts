import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../helpers.js';

// comments, comments-indentation: positions and messages as yamllint 1.29 reports them for the same text and rules.

test("comments: starting space, distance from content, shebang", () => {
  assert.deepEqual(lint("#!/usr/bin/env yamllint\n#no space\n##double\n###\na: 1 # ok\nb: 2 #bad\nc: 3# close\n", { comments: 'enable' }), [
    "2:2: [error] missing starting space in comment (comments)",
    "3:3: [error] missing starting space in comment (comments)",
    "5:6: [error] too few spaces before comment (comments)",
    "6:6: [error] too few spaces before comment (comments)",
    "6:7: [error] missing starting space in comment (comments)",
  ]);
});

test("comments: options off", () => {
  assert.deepEqual(lint("#!shebang\n#no space\na: 1  # two\nb: 2    # four\n", { comments: { "require-starting-space": false, "min-spaces-from-content": 4, "ignore-shebangs": false } }), [
    "3:7: [error] too few spaces before comment (comments)",
  ]);
});

test("comments: shebang not first is reported", () => {
  assert.deepEqual(lint("a: 1\n#!not first\n", { comments: { "ignore-shebangs": true } }), [
    "2:2: [error] missing starting space in comment (comments)",
  ]);
});

test("comments-indentation: like the content before or after", () => {
  assert.deepEqual(lint("a:\n  # ok, next\n  b: 1\n# ok, previous\n    # too deep\nc:\n  - 1\n # half\n  - 2\n# fine\n", { "comments-indentation": 'enable' }), [
    "5:5: [error] comment not indented like content (comments-indentation)",
    "8:2: [error] comment not indented like content (comments-indentation)",
  ]);
});

test("comments-indentation: after a comment back at a lower indentation", () => {
  assert.deepEqual(lint("list:\n    - 1\n# at zero\n    # at four\nother: 2\n", { "comments-indentation": 'enable' }), [
    "4:5: [error] comment not indented like content (comments-indentation)",
  ]);
});
