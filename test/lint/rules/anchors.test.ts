import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../helpers.js';

// anchors (yamllint 1.30+; not in the 1.29 installed here, so not in the differential test). An
// undefined alias or a second anchor of a name does not compose: the parse reports it as a syntax
// error, which (as in yamllint) takes the place of the first problem found at that position.

test('anchors: aliases to anchors not declared before them in the document', () => {
  const text = 'a: &x 1\nb: *x\nc: *later\nd: &later 2\n---\ne: *x\n';
  assert.deepEqual(lint(text, { anchors: 'enable' }), [
    "3:4: [error] syntax error: found undefined alias 'later' (syntax)",
    '6:4: [error] found undeclared alias "x" (anchors)',
    "6:4: [error] syntax error: found undefined alias 'x' (syntax)",
  ]);
});

test('anchors: duplicated and unused anchors when asked, per document', () => {
  const text = 'b: &first 1\nc: *first\nd: &first 2\ne: &unused 3\n---\ng: &late 4\n';
  assert.deepEqual(lint(text, { anchors: { 'forbid-duplicated-anchors': true, 'forbid-unused-anchors': true } }), [
    '3:4: [error] found unused anchor "first" (anchors)',
    "3:4: [error] syntax error: found duplicate anchor 'first'; first occurrence at line 1, column 4 (syntax)",
    '4:4: [error] found unused anchor "unused" (anchors)',
    '6:4: [error] found unused anchor "late" (anchors)',
  ]);
  assert.deepEqual(lint('a: &x 1\nb: *x\n', { anchors: { 'forbid-unused-anchors': true } }), []);
});
