import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from './helpers.js';

// How the rules meet syntax errors: as yamllint 1.29 (first three tests, its exact output), and
// where we go on after a scanner error (last test).

const RULES = { colons: 'enable', 'trailing-spaces': 'enable', indentation: 'enable', 'document-start': 'enable' };

test('after a parser error the token rules go on to the end (PyYAML scans on)', () => {
  assert.deepEqual(lint('a:\n    b: 1\n  c:   2\nd:   3\n', RULES), [
    '1:1: [error] missing document start "---" (document-start)',
    "3:3: [error] syntax error: expected <block end>, but found '<block mapping start>' (syntax)",
    '3:7: [error] too many spaces after colon (colons)',
    '4:5: [error] too many spaces after colon (colons)',
  ]);
});

test('at a scanner error the token rules stop (the two tokens before it are not seen); line rules go on', () => {
  assert.deepEqual(lint('a:   1\nb:   2\nc:   "x\nd:   4   \n', RULES), [
    '1:1: [error] missing document start "---" (document-start)',
    '1:5: [error] too many spaces after colon (colons)',
    '2:5: [error] too many spaces after colon (colons)',
    '4:7: [error] trailing spaces (trailing-spaces)',
    '5:1: [error] syntax error: found unexpected end of stream (syntax)',
  ]);
});

test('the syntax error takes the place of the first problem at or after its position', () => {
  // `c:   3   ` has trailing spaces at 3:7: yamllint shows the syntax error instead.
  assert.deepEqual(lint('a: 1\nb:\t2\nc:   3   \n', RULES), [
    '1:1: [error] missing document start "---" (document-start)',
    "2:3: [error] syntax error: found character '\\t' that cannot start any token (syntax)",
  ]);
});

test('after a scanner error we go on with the next document (yamllint stops: it has only 1:1, 1:5 and 3:1)', () => {
  // 4:5 (colons) is the first problem after the error: the syntax error takes its place, as in yamllint.
  assert.deepEqual(lint('a:   1\nb:   "x\n---\nc:   3   \nd:   4\n', RULES), [
    '1:1: [error] missing document start "---" (document-start)',
    '1:5: [error] too many spaces after colon (colons)',
    '3:1: [error] syntax error: found unexpected document separator (syntax)',
    '4:7: [error] trailing spaces (trailing-spaces)',
    '5:5: [error] too many spaces after colon (colons)',
  ]);
});
