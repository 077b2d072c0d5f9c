import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from './helpers.js';

// `# yamllint` comment directives: what yamllint 1.29 reports for the same text and rules.

const RULES = { colons: 'enable', "trailing-spaces": 'enable', truthy: 'enable', brackets: 'enable', commas: 'enable', comments: 'enable' };

test("disable-line: inline, for the named rules only", () => {
  assert.deepEqual(lint("a:   yes   # yamllint disable-line rule:colons\nb:   yes\n", RULES), [
    "1:6: [error] truthy value should be one of [false, true] (truthy)",
    "2:5: [error] too many spaces after colon (colons)",
    "2:6: [error] truthy value should be one of [false, true] (truthy)",
  ]);
});

test("disable-line: on its own line, for the next line", () => {
  assert.deepEqual(lint("# yamllint disable-line\nb:   yes   \nc:   yes\n", RULES), [
    "3:5: [error] too many spaces after colon (colons)",
    "3:6: [error] truthy value should be one of [false, true] (truthy)",
  ]);
});

test("disable-line: several rules, unknown names ignored", () => {
  assert.deepEqual(lint("a:   [ 1,2 ]  # yamllint disable-line rule:brackets rule:commas rule:nonexistent\n", RULES), [
    "1:5: [error] too many spaces after colon (colons)",
  ]);
});

test("disable ... enable: a range, for some or all rules", () => {
  assert.deepEqual(lint("# yamllint disable rule:colons rule:truthy\na:   yes\n# yamllint enable rule:colons\nb:   yes\n# yamllint disable\nc:   [ 1,2 ]   \n# yamllint enable\nd:   no\n", RULES), [
    "4:5: [error] too many spaces after colon (colons)",
    "8:5: [error] too many spaces after colon (colons)",
    "8:6: [error] truthy value should be one of [false, true] (truthy)",
  ]);
});

test("directives need the exact spelling", () => {
  assert.deepEqual(lint("a:   yes  #yamllint disable-line\nb:   yes  # yamllint disable-line rule: colons\n", RULES), [
    "1:5: [error] too many spaces after colon (colons)",
    "1:6: [error] truthy value should be one of [false, true] (truthy)",
    "1:12: [error] missing starting space in comment (comments)",
    "2:5: [error] too many spaces after colon (colons)",
    "2:6: [error] truthy value should be one of [false, true] (truthy)",
  ]);
});

test("disable-file on the first line turns the file off", () => {
  assert.deepEqual(lint("# yamllint disable-file\na:   yes   \n", RULES), []);
});

test("disable-file elsewhere does nothing", () => {
  assert.deepEqual(lint("a:   yes\n# yamllint disable-file\n", RULES), [
    "1:5: [error] too many spaces after colon (colons)",
    "1:6: [error] truthy value should be one of [false, true] (truthy)",
  ]);
});

test("a file without comments gives its problems in the order a commented one does", async () => {
  // Without comments nothing is held back per line: the order found must still be yamllint's.
  const { parseYamlFile } = await import('../../src/documents/parse-file.js');
  const { lintFile } = await import('../../src/lint/run.js');
  const { configOf } = await import('./helpers.js');
  const config = configOf({ rules: { ...RULES, indentation: 'enable', 'line-length': { max: 12 }, 'empty-lines': 'enable', 'key-duplicates': 'enable', hyphens: 'enable' } });
  const text = "a:   yes   \nb:\n   - [ 1,2 ]   \n   -    on\n\n\n\nc: a long line of words\nc: x  \n";
  // The problems before the comment's line (its own may be too long).
  const found = (t: string) =>
    lintFile(parseYamlFile({ path: 'test.yaml', absPath: '/project/test.yaml', text: t }), config)
      .filter((f) => f.line < 10)
      .map((f) => `${f.line}:${f.column} ${f.check}`);
  const plain = found(text);
  assert.ok(plain.length > 8);
  assert.deepEqual(found(`${text}# yamllint enable\n`), plain);
});
