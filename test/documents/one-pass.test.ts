// The one-pass reader (src/documents/yaml/one-pass.ts, through quickParse) against parseYamlFile, which defines
// what a file reads as: on every corpus file it takes, and on corpus files cut and shuffled, the same documents
// (index, start, value in key order, shape, every node's position) and the same findings of the YAML rules it serves;
// on anything else it gives up rather than differ.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseYamlFile, quickParse, type ParsedFile } from '../../src/documents/parse-file.js';
import type { PathSegment } from '../../src/documents/types.js';
import { loadLintConfig } from '../../src/lint/config/load.js';
import { keysAndScalarsSuffice, lintFile } from '../../src/lint/run.js';
import type { Position } from '../../src/model/finding.js';
import { CORPORA } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

/** The configurations a one-pass read serves: the default, and the same rules with their other options. */
const configs = (() => {
  const home = tempDir('one-pass-');
  writeFileSync(
    join(home, 'options.yaml'),
    'rules:\n  truthy: {allowed-values: ["yes", "no"], check-keys: false}\n  key-duplicates: enable\n  anchors: {forbid-unused-anchors: true, forbid-duplicated-anchors: true}\n',
  );
  return [loadLintConfig({ cwd: home, env: {}, home }), loadLintConfig({ cwd: home, explicit: 'options.yaml', env: {}, home })];
})();

/** Every path into the value, plus one step past each: where each key and each value is. */
function positions(value: unknown, locate: (path: PathSegment[], at: 'key' | 'value') => Position): Position[] {
  const found: Position[] = [];
  const visit = (node: unknown, path: PathSegment[]): void => {
    found.push(locate(path, 'key'), locate(path, 'value'), locate([...path, 'absent'], 'key'));
    if (Array.isArray(node)) node.forEach((item, i) => visit(item, [...path, i]));
    else if (typeof node === 'object' && node !== null) for (const [key, item] of Object.entries(node)) visit(item, [...path, key]);
  };
  visit(value, []);
  return found;
}

/** What the run reads of a parsed file: its documents, with every position, and the YAML rules' findings. */
function reading(parsed: ParsedFile): unknown {
  return {
    documents: parsed.documents.map((d) => ({
      index: d.index,
      start: d.start,
      json: JSON.stringify(d.value),
      shape: d.shape,
      positions: positions(d.value, (path, at) => d.locate(path, at)),
    })),
    findings: configs.map((config) => lintFile(parsed, config)),
  };
}

/** The one-pass reading of a text, or undefined where it gives up; then the reading it must equal. */
function compare(text: string): boolean {
  const file = { path: 'clusters/a/x.yaml', text };
  const quick = quickParse(file, true);
  if (quick === undefined) return false;
  const full = parseYamlFile(file);
  assert.equal(full.errors.length, 0, 'a text that does not parse is not taken');
  assert.deepEqual(reading(quick), reading(full));
  // The rules read a token's offset in the file's text (its line breaks CRLF or LF).
  for (const token of quick.tokens) {
    assert.equal(token.kind, 'Scalar');
    if (token.kind === 'Scalar') assert.equal(text.slice(token.start.offset, token.start.offset + token.value.length), token.value);
  }
  return true;
}

/** A text's LF line breaks made CRLF ones. */
const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

test('the one-pass reader serves the default configuration and its rules with other options, and no other', () => {
  assert.deepEqual(
    configs.map((config) => config.rules.map((r) => r.rule.id).sort()),
    [
      ['key-duplicates', 'truthy'],
      ['anchors', 'key-duplicates', 'truthy'],
    ],
  );
  for (const config of configs) assert.equal(keysAndScalarsSuffice(config, 'a: 1\n'), true);
  const home = tempDir('one-pass-');
  writeFileSync(join(home, '.yamllint'), 'extends: default\n');
  assert.equal(keysAndScalarsSuffice(loadLintConfig({ cwd: home, env: {}, home }), 'a: 1\n'), false);
  assert.equal(keysAndScalarsSuffice(configs[0]!, 'a: yes # yamllint disable-line\n'), false);
});

/** Compares every corpus file, as `variant` makes its text: more than 90% of them must be taken. */
function compareCorpora(variant: (text: string) => string): void {
  let taken = 0;
  let files = 0;
  for (const rel of readdirSync(CORPORA, { recursive: true, encoding: 'utf8' })) {
    if (!/\.(ya?ml|json)$/.test(rel)) continue;
    files++;
    if (compare(variant(readFileSync(join(CORPORA, rel), 'utf8')))) taken++;
  }
  assert.ok(taken > files * 0.9, `${taken} of ${files}`);
}

test('every corpus file it takes reads as parseYamlFile reads it: documents, positions, findings', () => {
  compareCorpora((text) => text);
});

test('corpus files with CRLF line breaks (a Windows checkout) read as parseYamlFile reads them: documents, positions, findings', () => {
  compareCorpora(crlf);
});

test('truthy findings in block and flow collections are found as in the whole token stream, for every YAML 1.1 boolean', () => {
  const text = [
    'a: yes',
    'b: on',
    'list:',
    '- off',
    '- {x: Yes, y: no, "z": 3}',
    '- [True, "yes", no]',
    'nested:',
    '  deep: {k: [y, n, OFF]}',
    '  text: |',
    '    yes',
    '  plain: yes and no',
    '---',
    'a: 1',
    '"b": false',
    '',
  ].join('\n');
  assert.equal(compare(text), true);
  // Line breaks CRLF, LF and both: the same findings at the same places.
  const mixed = text.split('\n').map((line, i) => line + (i % 3 === 0 ? '\r\n' : '\n')).join('');
  for (const variant of [crlf(text), mixed]) {
    assert.equal(compare(variant), true);
    assert.deepEqual(lintFile(quickParse({ path: 'x.yaml', text: variant }, true)!, configs[0]!), lintFile(quickParse({ path: 'x.yaml', text }, true)!, configs[0]!));
  }
  const found = lintFile(quickParse({ path: 'x.yaml', text }, true)!, configs[0]!).map((f) => `${f.line}:${f.column} ${f.message}`);
  assert.deepEqual(found, [
    '1:4 truthy value should be one of [false, true]',
    '2:4 truthy value should be one of [false, true]',
    '4:3 truthy value should be one of [false, true]',
    '5:7 truthy value should be one of [false, true]',
    '5:15 truthy value should be one of [false, true]',
    '6:4 truthy value should be one of [false, true]',
    '6:17 truthy value should be one of [false, true]',
    '8:20 truthy value should be one of [false, true]',
  ]);
  const words = ['yes', 'Yes', 'YES', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF'];
  assert.equal(compare(words.map((word, i) => `k${i}: ${word}\n`).join('')), true);
});

test('a mapping with a key twice, or a plain key that is not a string, is left to the parser when the YAML rules read the file', () => {
  for (const text of ['a: 1\na: 2\n', 'a: 1\n"a": 2\n', 'x: {k: 1, \'k\': 2}\n', 'on: 1\n', '1: a\n', 'x: {null: 1}\n', 'a:\n  b: 1\n  b: 2\n']) {
    assert.equal(quickParse({ path: 'x.yaml', text }, true), undefined, JSON.stringify(text));
    assert.notEqual(quickParse({ path: 'x.yaml', text }, false), undefined, JSON.stringify(text));
  }
  // The same key in two mappings, and at two levels, is no duplicate.
  assert.equal(compare('a: {k: 1}\nb: {k: 2}\nk: {k: 3}\n---\nk: 4\n'), true);
});

test('what it does not take (anchors, tags, tabs, a carriage return alone, directives, `?` keys, merge keys, broken files), it leaves to the parser', () => {
  const deep = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(2 * i)}k:`).join('\n') + ' 1\n';
  assert.equal(compare(deep(200)), true);
  for (const text of [deep(5000), 'a: ' + '['.repeat(5000) + ']'.repeat(5000), 'a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a:\n\t- b\n', '%YAML 1.1\n---\na: 1\n', '? a\n: b\n', 'a: {<<: {b: 1}}\n', '<<: {b: 1}\n', 'a: b: c\n', 'a: "open\n', 'a: 1\rb: 2\n', 'a: "x\ry"\r\n', 'a: 1\r', 'a: 1\n...\n', '- a\nb: 1\n']) {
    assert.equal(quickParse({ path: 'x.yaml', text }, true), undefined, JSON.stringify(text));
  }
});

/** Corpus files, cut and shuffled line by line: what the reader takes of them, it reads as parseYamlFile does. */
test('corpus files with lines removed, repeated, moved, re-indented, split or spliced read as parseYamlFile reads them, or not at all', () => {
  const texts: string[] = [];
  for (const rel of readdirSync(CORPORA, { recursive: true, encoding: 'utf8' })) {
    if (/\.ya?ml$/.test(rel)) texts.push(readFileSync(join(CORPORA, rel), 'utf8'));
  }
  const snippets = ['\r', ': ', ':', '- ', '-', '#', ' #', '"', "'", '|', '>', '|-', '>+', '[', ']', '{', '}', ',', '---', '...', 'a: b', '\\', '? ', '"a\\"b"', "'it''s'", 'on', 'yes', '~', '0x1f', '1e3'];
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('delete'), at: fc.nat() }),
    fc.record({ kind: fc.constant('repeat'), at: fc.nat() }),
    fc.record({ kind: fc.constant('move'), at: fc.nat(), to: fc.nat() }),
    fc.record({ kind: fc.constant('indent'), at: fc.nat(), by: fc.integer({ min: -3, max: 3 }) }),
    fc.record({ kind: fc.constant('split'), at: fc.nat(), column: fc.nat() }),
    fc.record({ kind: fc.constant('splice'), at: fc.nat(), column: fc.nat(), text: fc.constantFrom(...snippets) }),
  );
  fc.assert(
    fc.property(fc.nat({ max: texts.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (which, mutations, crlfBreaks) => {
      const lines = texts[which]!.split('\n');
      for (const m of mutations) {
        const at = m.at % lines.length;
        const line = lines[at]!;
        const column = 'column' in m ? m.column % (line.length + 1) : 0;
        if (m.kind === 'delete') lines.splice(at, 1);
        else if (m.kind === 'repeat') lines.splice(at, 0, line);
        else if (m.kind === 'move') lines.splice(m.to % lines.length, 0, ...lines.splice(at, 1));
        else if (m.kind === 'indent') lines[at] = m.by > 0 ? ' '.repeat(m.by) + line : line.slice(Math.min(-m.by, line.length - line.trimStart().length));
        else if (m.kind === 'split') lines.splice(at, 1, line.slice(0, column), line.slice(column));
        else lines[at] = line.slice(0, column) + m.text + line.slice(column);
        if (lines.length === 0) lines.push('');
      }
      compare(lines.join(crlfBreaks ? '\r\n' : '\n'));
    }),
    { numRuns: 2000, seed: 12 },
  );
});
