import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../helpers.js';

// document-start, document-end: positions and messages as yamllint 1.29 reports them for the same text and rules.

test("document-start: present", () => {
  assert.deepEqual(lint("a: 1\n---\nb: 2\n...\nc: 3\n", { "document-start": 'enable' }), [
    "1:1: [error] missing document start \"---\" (document-start)",
    "5:1: [error] syntax error: expected '<document start>', but found '<block mapping start>' (syntax)",
  ]);
});

test("document-start: forbidden", () => {
  assert.deepEqual(lint("---\na: 1\n--- # x\nb: 2\n", { "document-start": { present: false } }), [
    "1:1: [error] found forbidden document start \"---\" (document-start)",
    "3:1: [error] found forbidden document start \"---\" (document-start)",
  ]);
});

test("document-end: present", () => {
  assert.deepEqual(lint("---\na: 1\n---\nb: 2\n...\n---\nc: 3\n", { "document-end": 'enable' }), [
    "3:1: [error] missing document end \"...\" (document-end)",
    "7:1: [error] missing document end \"...\" (document-end)",
  ]);
});

test("document-end: forbidden", () => {
  assert.deepEqual(lint("a: 1\n...\n---\nb: 2\n...\n", { "document-end": { present: false } }), [
    "2:1: [error] found forbidden document end \"...\" (document-end)",
    "5:1: [error] found forbidden document end \"...\" (document-end)",
  ]);
});
