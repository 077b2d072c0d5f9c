// Differential test: our scanner, parser and loader against PyYAML 6 on every YAML file of the corpora.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parseYamlFile } from '../../src/documents/parse-file.js';
import { YamlSyntaxError } from '../../src/documents/yaml/error.js';
import { Parser } from '../../src/documents/yaml/parser.js';
import { Scanner } from '../../src/documents/yaml/scanner.js';
import type { Comment, Token } from '../../src/documents/yaml/tokens.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const corpora = resolve(here, '../../../shared/corpora');

interface Reference {
  path: string;
  tokens: unknown[][];
  events: unknown[][];
  docs: unknown[];
  error: { problem: string; line: number; column: number } | null;
}

function pyyamlAvailable(): boolean {
  return spawnSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' }).status === 0;
}

function corpusFiles(): string[] {
  return readdirSync(corpora, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(corpora, name));
}

function runPyYaml(paths: string[], dir: string): Reference[] {
  {
    const out = join(dir, 'reference.json');
    execFileSync('python3', [join(here, 'pyyaml-reference.py'), out], { input: JSON.stringify(paths) });
    return JSON.parse(readFileSync(out, 'utf8')) as Reference[];
  }
}

function readText(path: string): string {
  const text = readFileSync(path, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Hand-picked YAML beyond the corpora (block scalar indicators, flow collections, escapes, directives,
 * anchors, error texts), checked against PyYAML the same way. Left out on purpose: custom tags (we keep
 * the value, SafeLoader refuses it) and control characters (PyYAML refuses the whole stream up front).
 */
const SYNTHETIC_CASES: readonly string[] = [
  "a: 1\n b: 2\n",
  "- a\n- b\n  - c\n",
  "a:\n- 1\n- 2\nb: 3\n",
  "? a\n: b\n? [c]\n: d\n",
  "{a: 1, b: [1, 2, {c: d}], ? e : f, g}\n",
  "[a, b: c, ? d : e, {f: g}]\n",
  "[a, b\n",
  "{a: 1\n",
  "a: [1, 2]]\n",
  "key: |\n  line1\n   line2\n\n  line3\n\n\nnext: >-\n  folded\n  text\n\n  more\n   indented\n  back\n",
  "a: |2+\n    x\n\n\nb: >1\n  y\n",
  "a: |0\n  x\n",
  "a: |x\n",
  "s: 'it''s\n  multi\n\n  line'\nd: \"esc \\t \\x41 \\u263A \\U0001F600 \\\n  cont\\\"\"\n",
  "d: \"bad \\q\"\n",
  "d: \"bad \\x4g\"\n",
  "s: 'unterminated\n",
  "s: \"x\n---\ny\"\n",
  "%YAML 2.0\n---\na\n",
  "%FOO bar baz\n--- a\n",
  "--- !x! a\n",
  "a: &x 1\nb: *x\nc: *y\n",
  "a: &x\n  b: 1\nc: *x\n",
  "a: b: c\n",
  "- a\n b\n",
  "a:\n  - b\n  c: d\n",
  "plain: multi\n  line\n  scalar\nnext: 1\n",
  "a: 'x' y\n",
  "a: \"x\"y\n",
  "  - a\n  - b\n -c\n",
  "a: 1\n...\nb: 2\n",
  "a: 1\n...\n---\nb: 2\n...\n",
  "--- a\n--- b\n...\n",
  "---\n---\n",
  "# c\n---\n# d\n",
  "a: b # c\n# d\n  # e\nf: g\n",
  "a:\tb\n",
  "\ta: b\n",
  "a: b\t# c\n",
  "- - - x\n",
  "- ? a\n  : b\n",
  "a: -1\nb: 0o17\nc: 0b101\nd: 1_000\ne: +12.5e+3\nf: .5\ng: 1.\nh: -.inf\ni: .NaN\nj: 190:20:30\nk: 2001-12-14t21:59:43.10-05:00\nl: Yes\nm: oFF\nn: NULL\no: 0x_ff\np: 012_3\nq: 08\nr: 1e5\n",
  "base: &b {x: 1, y: 2}\nover: &o {y: 3}\nm1:\n  <<: *b\n  z: 4\nm2:\n  <<: [*o, *b]\n  x: 9\n",
  "a: 1\na: 2\n",
  "? - a\n  - b\n: c\n",
  "{[a]: b}\n",
  "a: !!float 1\nb: !!bool yes\nc: !!null x\nd: !!str\n",
  "a: '\\'\n",
  "ok: x\nbad: \"\\xZZ\"\n",
  "key: @bad\n",
  "key: `bad\n",
  "- a\n-b\n",
  "a:\n  b:\n    c: 1\n   d: 2\n",
  "[a\n,b]\n",
  "{a: 1,\n b: 2}\n",
  "? a\n",
  ": a\n",
  "a: {b: c}}\n",
  "- !!str\n- &a\n- !!map\n",
  "x: >\n\n  a\n\n\n  b\n   c\n  d\n",
  "x: |-\n\n",
  "x: |\n",
  "x: >+\n\n",
  "'a': 1\n\"b\": 2\n",
  "a:  \n  - 1\n",
  "---\n\"a\nb\": c\n",
  "a: [b, c]: d\n",
  "a: {b: [c, {d: e}]}\nf: [\n  g,\n  h\n]\n",
  "\u00f1: \u00fc\n\ud83d\ude00: x \ud83d\ude00 y\nz: \"\ud83d\ude00\"\n",
  "a\r\nb: c\r\n",
  "a: 'x\r\n\r\n  y'\r\n",
  "- |\r\n  a\r\n  b\r\n",
  "a: b\n  c: d\n",
  "a\n  b: c\n",
  "x: 1\n---\ny: [\n---\nz: 3\n",
  "%YAML 1.1\n%YAML 1.1\n---\na\n",
  "%TAG !a! x\n%TAG !a! y\n---\na\n",
  "---\n%YAML 1.1\n",
  "--- >\n  a\n  b\n...\n",
  "a: *\n",
  "a: & x\n",
  "a: !<x\n",
  "a: !\n",
  "a: ! x\n",
  "? |\n  k\n: v\n",
  "-\n  a\n-\n",
  "a: -\n",
  "a: - b\n",
  "a: ? b\n",
  "- a: 1\n  b: 2\n- c\n",
  "key:    value  \n",
  "a: |\n  x\n b\n",
  "- |-\n   a\n  b\n",
  "a: >2-\n   x\n  y\n",
  "k: v\n? a\n",
  "{a: 1, b: 2, }\n",
  "[1, 2, ]\n",
  "[, 1]\n",
  "{, a: 1}\n",
  "a: {b: 1\n  c: 2}\n",
  "x: 'a\n\n\n  b'\n",
  "x: \"a\\\n  b  \\\n\n  c\"\n",
  "a: b # c: d\n",
  "a: b#c\n",
  "a: 'b'#c\n",
  "- - a\n  - b\n- c\n",
  "a:\n  - b\n  -\n  - c\n",
  "? a\n? b\n: c\n",
  "[a: 1, b: 2]\n",
  "foo: !!binary aGVsbG8=\n",
  "a: b\n...\n# c\n",
  "--- # c\na: 1\n",
  "... \n---\na\n",
  "a: 1\n--- \nb\n",
  "- \"x\" : y\n",
  "'a\n b': c\n",
  "a: [b\n  c]\n",
  "\ufeffa: 1\n",
  "[a:?b, c:d, e:[f], g?: h, ? i]\n",
  "{a:b?c: d, e:{f: g}}\n",
  ">+\ud83d\ude00\n",
  "*x\ud83d\ude00\n",
  "? <<: ~yes\n",
  "!!map key: value\n",
  "- !!map : x\n",
  "- a: b\n  c: &d e\n- *d\n- [*d, {*d : x}]\n",
  "a: !!seq [1]\nb: !!map {c: d}\nc: !!str 1\nd: ! 12\n",
  "x: 2020-01-01 10:00:00\ny: 1_2:30\nz: -0x_1F\n",
];

/** Random YAML-ish texts from pieces that stress the scanner (seeded: the same cases on every run). */
function randomCases(count: number, seed: number): string[] {
  const pieces = [
    'a', 'b', 'key', ':', ': ', ' ', '  ', '\n', '\n  ', '\n    ', '\n - ', '- ', '-', '? ', '[', ']', '{', '}', ', ', ',', '#c', ' #c',
    '"', "'", '\\', '|', '>', '|2', '>-', '&x ', '*x', '&y ', '*y', '!!str ', '!!map ', '---', '\n---\n', '...', '\n...\n', '\t', '1',
    '1.5', 'yes', '~', '<<: ', '<<: *x', '%TAG !e! tag:x,2000:\n', '"a\\\n b"', "'c\n\n d'", '\r\n', '\u{1F600}', '\u00e9', '\\t',
    'x:y', ':z', '\n\n',
  ];
  let state = seed;
  const next = (n: number): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
  return Array.from({ length: count }, () => {
    let text = '';
    for (let n = 1 + next(18); n > 0; n--) text += pieces[next(pieces.length)];
    return next(2) === 0 ? `${text}\n` : text;
  });
}

const RANDOM_CASES = randomCases(1500, 20261123);

const start = { offset: 0, line: 0, streamStart: true };

function ourTokens(text: string): unknown[][] {
  const scanner = new Scanner(text, start, [] as Token[], [] as Comment[]);
  const out: unknown[][] = [];
  try {
    for (;;) {
      const t = scanner.getToken();
      const entry: unknown[] = [t.kind, t.start.line, t.start.column, t.end.line, t.end.column];
      if (t.kind === 'Scalar') entry.push(t.value, t.plain, t.style);
      out.push(entry);
      if (t.kind === 'StreamEnd') return out;
    }
  } catch (error) {
    if (error instanceof YamlSyntaxError) return out;
    throw error;
  }
}

function ourEvents(text: string): unknown[][] {
  const parser = new Parser(new Scanner(text, start, [], []));
  const out: unknown[][] = [];
  try {
    for (let e = parser.getEvent(); e !== null; e = parser.getEvent()) {
      const entry: unknown[] = [e.kind, e.start.line, e.start.column, e.end.line, e.end.column];
      if (e.kind === 'Scalar') entry.push(e.value, e.implicit, e.style, e.anchor, e.tag);
      else if (e.kind === 'SequenceStart' || e.kind === 'MappingStart') entry.push(e.anchor, e.tag, e.flow);
      else if (e.kind === 'Alias') entry.push(e.anchor);
      out.push(entry);
    }
  } catch (error) {
    if (error instanceof YamlSyntaxError) return out;
    throw error;
  }
  return out;
}

/** JSON cannot carry infinities and NaN; both sides spell them the same way. */
function canon(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return { $float: Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf' };
  }
  if (Array.isArray(value)) return value.map(canon);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: canon(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

if (!pyyamlAvailable()) {
  it('matches PyYAML on the corpora', { skip: "python3 with PyYAML is not available (python3 -c 'import yaml' fails)" }, () => {});
} else {
  const files = corpusFiles();
  const dir = mkdtempSync(join(tmpdir(), 'pyyaml-'));
  const cases = [...SYNTHETIC_CASES, ...RANDOM_CASES];
  const synthetic = cases.map((text, i) => {
    const path = join(dir, `case-${String(i).padStart(3, '0')}.yaml`);
    writeFileSync(path, text);
    return path;
  });
  let references: Reference[];
  try {
    references = runPyYaml([...files, ...synthetic], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  describe('PyYAML differential on ../shared/corpora and hand-picked cases', () => {
    it('covers every YAML file of the corpora', () => {
      assert.equal(references.length, files.length + cases.length);
      assert.ok(files.length >= 262, `found ${files.length} files`);
    });
    for (const [i, reference] of references.entries()) {
      const name = i < files.length ? reference.path.slice(corpora.length + 1) : JSON.stringify(cases[i - files.length]);
      it(name, () => {
        const text = i < files.length ? readText(reference.path) : cases[i - files.length]!;
        assert.deepEqual(ourTokens(text), reference.tokens, 'tokens');
        assert.deepEqual(ourEvents(text), reference.events, 'events');
        const parsed = parseYamlFile({ path: name, text });
        const first = parsed.errors[0];
        const actualError = first ? { problem: first.message, line: first.line - 1, column: first.column - 1 } : null;
        // PyYAML's problem text for a duplicate anchor is only "second occurrence"; ours names the anchor.
        if (reference.error?.problem === 'second occurrence' && first?.message.startsWith('found duplicate anchor ')) {
          actualError!.problem = 'second occurrence';
        }
        assert.deepEqual(actualError, reference.error, 'first error');
        const before = parsed.documents.filter((d) => first === undefined || d.index < first.documentIndex);
        assert.deepEqual(before.map((d) => canon(d.value)), reference.docs, 'documents');
      });
    }
  });
}
