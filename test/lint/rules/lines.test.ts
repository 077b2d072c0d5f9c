import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../helpers.js';
import { RULES } from '../../../src/lint/rules/index.js';
import { LineCursor } from '../../../src/lint/elements.js';
import type { LintLine } from '../../../src/lint/rule.js';

// empty-lines, line-length, new-line-at-end-of-file, new-lines, trailing-spaces: positions and messages as yamllint 1.29 reports them for the same text and rules.

test("empty-lines: max, start, end", () => {
  assert.deepEqual(lint("\n\na: 1\n\n\n\nb: 2\n\n", { "empty-lines": 'enable' }), [
    "2:1: [error] too many blank lines (2 > 0) (empty-lines)",
    "6:1: [error] too many blank lines (3 > 2) (empty-lines)",
    "8:1: [error] too many blank lines (1 > 0) (empty-lines)",
  ]);
});

test("empty-lines: custom maxima", () => {
  assert.deepEqual(lint("\n\na: 1\n\nb: 2\n\n\n", { "empty-lines": { max: 0, "max-start": 2, "max-end": 1 } }), [
    "4:1: [error] too many blank lines (1 > 0) (empty-lines)",
    "7:1: [error] too many blank lines (2 > 1) (empty-lines)",
  ]);
});

test("empty-lines: CRLF lines count too", () => {
  assert.deepEqual(lint("a: 1\r\n\r\n\r\n\r\nb: 2\r\n", { "empty-lines": 'enable' }), [
    "4:1: [error] too many blank lines (3 > 2) (empty-lines)",
  ]);
});

test("line-length: too long, unbreakable words allowed", () => {
  assert.deepEqual(lint("a: x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x \nb: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\n# zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\n- wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww\n", { "line-length": 'enable' }), [
    "1:81: [error] line too long (83 > 80 characters) (line-length)",
    "2:81: [error] line too long (93 > 80 characters) (line-length)",
    "4:1: [error] syntax error: expected <block end>, but found '-' (syntax)",
  ]);
});

test("line-length: max and non-breakable words forbidden", () => {
  assert.deepEqual(lint("a: 12345678901234567890\nb: short\n", { "line-length": { max: 20, "allow-non-breakable-words": false } }), [
    "1:21: [error] line too long (23 > 20 characters) (line-length)",
  ]);
});

test("line-length: non-breakable inline mappings", () => {
  assert.deepEqual(lint("key: http://example.com/long/url\nkey: http://example.com/long url\n- key: http://example.com/long/url\n", { "line-length": { max: 20, "allow-non-breakable-inline-mappings": true } }), [
    "2:21: [error] line too long (32 > 20 characters) (line-length)",
    "3:1: [error] syntax error: expected <block end>, but found '-' (syntax)",
  ]);
});

test("line-length: counts characters, not bytes", () => {
  assert.deepEqual(lint("a: \"éééééééé\"\nb: \"😀😀😀😀😀😀 x\"\n", { "line-length": { max: 10 } }), [
    "1:11: [error] line too long (13 > 10 characters) (line-length)",
    "2:11: [error] line too long (13 > 10 characters) (line-length)",
  ]);
});

test("line-length: files with and without surrogate pairs, one after the other, each counted right", () => {
  const rules = { "line-length": { max: 10 } };
  const plain = "b: \"xxxxxx x\"\n";
  const pairs = "b: \"😀😀😀😀😀😀 x\"\n";
  for (const text of [plain, pairs, plain, pairs]) {
    assert.deepEqual(lint(text, rules), ["1:11: [error] line too long (13 > 10 characters) (line-length)"]);
  }
});

test("new-line-at-end-of-file", () => {
  assert.deepEqual(lint("a: 1\nb: 2", { "new-line-at-end-of-file": 'enable' }), [
    "2:5: [error] no new line character at the end of file (new-line-at-end-of-file)",
  ]);
});

test("new-lines: unix", () => {
  assert.deepEqual(lint("a: 1\r\nb: 2\r\n", { "new-lines": 'enable' }), [
    "1:5: [error] wrong new line character: expected \\n (new-lines)",
  ]);
});

test("new-lines: dos", () => {
  assert.deepEqual(lint("a: 1\nb: 2\n", { "new-lines": { type: 'dos' } }), [
    "1:5: [error] wrong new line character: expected \\r\\n (new-lines)",
  ]);
});

test("trailing-spaces", () => {
  assert.deepEqual(lint("a: 1  \nb: 2\t\n  \nc: 3\r\n", { "trailing-spaces": 'enable' }), [
    "1:5: [error] trailing spaces (trailing-spaces)",
    "2:5: [error] syntax error: found character '\\t' that cannot start any token (syntax)",
    "3:1: [error] trailing spaces (trailing-spaces)",
  ]);
});

test("line rules that name the lines they act on report nothing on any other line", () => {
  const texts = ['', '\n', '\n\n\n', 'a: 1', 'a: 1\r\n\r\n\r\n', '\n\na: 1\n\n\n\nb: 2\n\n', 'a: 1\r\nb: 2', '  \n\t\n', 'a\r'];
  const kinds = { first: (l: LintLine) => l.number === 1, last: (l: LintLine) => l.end === l.source.length, blank: (l: LintLine) => l.start === l.end };
  for (const rule of RULES.values()) {
    if (rule.type !== 'line' || rule.lines === undefined) continue;
    const takes = kinds[rule.lines];
    for (const text of texts) {
      const lines = new LineCursor(text);
      while (lines.advanceBelow(Infinity)) {
        const { line } = lines;
        if (takes(line)) continue;
        for (const options of [rule.defaults, { ...rule.defaults, max: 0, 'max-start': 0, 'max-end': 0, type: 'dos' }]) {
          rule.check(options, line, () => assert.fail(`${rule.id} reported on line ${line.number} of ${JSON.stringify(text)}`));
        }
      }
    }
  }
});
