// The direct path (values, shapes and locators straight from the parser's events) against the
// composed node tree, which defines them: on every corpus file, hand-picked cases and random documents.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Locator } from '../../src/documents/locator.js';
import type { PathSegment } from '../../src/documents/types.js';
import { readDocument } from '../../src/documents/yaml/build.js';
import { composeDocument, type ComposedDocument } from '../../src/documents/yaml/composer.js';
import { constructDocument, type MergeCache } from '../../src/documents/yaml/construct.js';
import { YamlSyntaxError } from '../../src/documents/yaml/error.js';
import { Parser } from '../../src/documents/yaml/parser.js';
import { Scanner } from '../../src/documents/yaml/scanner.js';

const corpora = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../shared/corpora');

/** What a document reads as, by either path: value (key order kept), shape, root start, and every node's positions. */
interface Reading {
  json: string;
  value: unknown;
  shape: unknown;
  start: unknown;
  empty: boolean;
  positions: unknown[];
}

type Outcome = { readings: (Reading | string)[]; error: string | null; direct: number };

function parser(text: string): Parser {
  return new Parser(new Scanner(text, { offset: 0, line: 0, streamStart: true }, [], []));
}

/** A parser past its StreamStart event, at the first document. */
function started(text: string): Parser {
  const events = parser(text);
  events.getEvent();
  return events;
}

function describeError(error: unknown): string {
  if (!(error instanceof YamlSyntaxError)) throw error;
  return `${error.problem} at ${error.mark.line}:${error.mark.column}`;
}

/** Every path into the value, plus one step past each, both ends of each entry. */
function positions(value: unknown, locator: Locator | null): unknown[] {
  if (locator === null) return [];
  const start = { line: 0, column: 0 };
  const found: unknown[] = [];
  const visit = (node: unknown, path: PathSegment[]): void => {
    found.push(locator.locate(path, 'key', start), locator.locate(path, 'value', start), locator.locate([...path, 'absent'], 'key', start));
    if (Array.isArray(node)) node.forEach((item, i) => visit(item, [...path, i]));
    else if (typeof node === 'object' && node !== null) for (const [key, item] of Object.entries(node)) visit(item, [...path, key]);
  };
  visit(value, []);
  return found;
}

function reading(value: unknown, shape: unknown, start: unknown, empty: boolean, locator: Locator | null): Reading {
  return { json: JSON.stringify(value), value, shape, start, empty, positions: positions(value, locator) };
}

function viaTree(text: string): Outcome {
  const events = parser(text);
  const readings: (Reading | string)[] = [];
  try {
    events.getEvent();
    while (events.peekEvent()!.kind !== 'StreamEnd') {
      readings.push(composedReading(composeDocument(events)));
    }
    return { readings, error: null, direct: 0 };
  } catch (error) {
    return { readings, error: describeError(error), direct: 0 };
  }
}

/** A composed document as parse-file reads it: value, shape, start and positions, or the construction error. */
function composedReading(composed: ComposedDocument): Reading | string {
  try {
    const merges: MergeCache = new Map();
    const { value, shape } = constructDocument(composed, merges);
    const root = composed.root;
    const empty = root.kind === 'scalar' && root.plain && root.value === '' && root.start.offset === root.end.offset;
    return reading(value, shape, root.start, empty, Locator.of(root, merges, composed.shared) ?? null);
  } catch (error) {
    return describeError(error);
  }
}

function viaDirect(text: string): Outcome {
  const events = parser(text);
  const readings: (Reading | string)[] = [];
  let direct = 0;
  try {
    events.getEvent();
    while (events.peekEvent()!.kind !== 'StreamEnd') {
      const read = readDocument(events);
      if ('root' in read) {
        readings.push(composedReading(read));
      } else {
        direct++;
        readings.push(reading(read.value, read.shape, read.start, read.empty, read.locator));
      }
    }
    return { readings, error: null, direct };
  } catch (error) {
    return { readings, error: describeError(error), direct };
  }
}

function assertSame(text: string): number {
  const tree = viaTree(text);
  const direct = viaDirect(text);
  assert.deepEqual(direct.error, tree.error, text);
  assert.deepEqual(direct.readings, tree.readings, text);
  return direct.direct;
}

describe('direct document building matches the composed tree', () => {
  it('on every corpus file', () => {
    const files = readdirSync(corpora, { recursive: true, encoding: 'utf8' }).filter((name) => /\.ya?ml$/.test(name));
    assert.ok(files.length > 100);
    let direct = 0;
    for (const name of files) direct += assertSame(readFileSync(join(corpora, name), 'utf8'));
    assert.ok(direct > 300, `only ${direct} documents took the direct path`);
  });

  const cases = [
    'a: 1\nb: [x, {c: d}]\nc:\n- 1\n- - 2\n  - 3\n',
    'a: 1\na: 2\nb: 3\na: {x: 1}\n',
    '',
    '# only a comment\n',
    '---\n...\n---\nx\n--- |\n  block\n',
    '!!str 12\n',
    'a: !!int x\n',
    'a: !!map x\n',
    'x: !!str [1]\n',
    '? [a]\n: 1\n',
    '? !!map a\n: 1\n',
    '{!!set a: 1}\n',
    'a: &x 1\nb: *x\n',
    'a: &x 1\n',
    'base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n',
    'a: <<\n',
    '- !!merge x\n',
    'a:\n  b: !!float 1e3\n  c: ~\n  d:\n  e: !custom {z: 1}\n',
    '__proto__: 1\nconstructor: 2\n',
    '1: a\ntrue: b\nnull: c\n2.5: d\n',
    'a: [1, 2\n',
    'a: 1\n---\nb: *missing\n',
    'x: !!int 1\ny: !!bool yes\nz: !!null ""\n',
    '- a\n- b: 1\n  c:\n  - [1, 2]\n  - {}\n',
    // Composed from the document's start again (the parser rewound), its root first and between others.
    '&a \n',
    'x: 1\n--- &r\n- 1\n--- !!str &s\n--- *s\n---\ny: [&z 2, *z]\n...\n--- y\n',
  ];
  for (const text of cases) it(`on ${JSON.stringify(text)}`, () => void assertSame(text));

  it('after a document cut by a syntax error inside nested collections, the next is built directly', () => {
    assert.throws(() => readDocument(started('a:\n  b:\n    - 1\n    - [2\n')), YamlSyntaxError);
    const next = readDocument(started('c:\n  d: [1, {e: 2}]\n'));
    assert.ok(!('root' in next), 'composed instead of built');
    assert.deepEqual(next.value, { c: { d: [1, { e: 2 }] } });
    assert.deepEqual(next.locator?.locate(['c', 'd', 1, 'e'], 'value', { line: 0, column: 0 }), { line: 2, column: 14 });
  });

  it('on random documents', () => {
    const scalar = fc.oneof(
      fc.constantFrom('a', 'b', 'x y', '1', '0x1f', '1.5', 'yes', 'null', '~', '', '"q"', "'s'", '!!str 1', '!!int 2', '!!int z', '!!map m', '<<', '&n v', '*n', '!t v', '__proto__'),
    );
    const key = fc.constantFrom('a', 'b', 'c', '1', 'true', '"k"', '? [k]', '!!str d', '!!set s', '<<');
    const node: fc.Memo<string> = fc.memo((depth) =>
      depth <= 1
        ? scalar
        : fc.oneof(
            scalar,
            fc.array(fc.tuple(key, node(depth - 1)), { minLength: 1, maxLength: 4 }).map((pairs) => `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
            fc.array(node(depth - 1), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
          ),
    );
    const block: fc.Memo<string[]> = fc.memo((depth) =>
      fc.oneof(
        fc.array(fc.tuple(key, fc.oneof(node(2).map((v) => [v]), depth > 1 ? block(depth - 1) : node(1).map((v) => [v]))), { minLength: 1, maxLength: 4 }).map((pairs) =>
          pairs.flatMap(([k, v]) => (v.length === 1 && !v[0]!.includes('\n') && !/^(- |\w+:)/.test(v[0]!) ? [`${k}: ${v[0]}`] : [`${k}:`, ...v.map((line) => `  ${line}`)])),
        ),
        fc.array(node(2), { minLength: 1, maxLength: 4 }).map((items) => items.map((item) => `- ${item}`)),
      ),
    );
    let direct = 0;
    fc.assert(
      fc.property(fc.array(block(3), { minLength: 1, maxLength: 3 }), (docs) => {
        direct += assertSame(docs.map((lines) => `---\n${lines.join('\n')}\n`).join(''));
      }),
      { numRuns: 500 },
    );
    assert.ok(direct > 100, `only ${direct} documents took the direct path`);
  });
});
