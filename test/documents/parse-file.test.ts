import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseYamlFile, positionIndexOf, restoredDocument, retainedDocument, unsliced } from '../../src/documents/parse-file.js';
import type { ParsedDocument, PathSegment } from '../../src/documents/types.js';
import type { Position } from '../../src/model/finding.js';
import { retainedValue } from '../../src/gitops/retained.js';
import { valueAt } from '../../src/gitops/objects.js';
import type { ParsedFile } from '../../src/documents/parse-file.js';
import { MAX_EXPANDED_NODES } from '../../src/documents/yaml/construct.js';

function parse(text: string): ParsedFile {
  return parseYamlFile({ path: 'test.yaml', text });
}

function values(parsed: ParsedFile): unknown[] {
  return parsed.documents.map((d) => d.value);
}

describe('syntax errors: PyYAML message and position', () => {
  it('reports a mis-indented `labels:` at 5:3 (the README case)', () => {
    const parsed = parse('apiVersion: v1\nkind: Namespace\nmetadata:\n    name: default\n  labels:\n    istio-injection: enabled\n');
    assert.deepEqual(parsed.errors, [
      { line: 5, column: 3, message: "expected <block end>, but found '<block mapping start>'", documentIndex: 0 },
    ]);
    assert.deepEqual(parsed.documents, []);
  });

  it('reports `labels:` one column left of its siblings at 5:2, as PyYAML does', () => {
    const parsed = parse('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n labels:\n    x: y\n');
    assert.deepEqual(parsed.errors, [
      { line: 5, column: 2, message: "expected <block end>, but found '<block mapping start>'", documentIndex: 0 },
    ]);
  });

  it('rejects a tab after a scalar', () => {
    const parsed = parse('kind: Service\nmetadata:\n  name: web\t\n');
    assert.deepEqual(parsed.errors, [{ line: 3, column: 12, message: "found character '\\t' that cannot start any token", documentIndex: 0 }]);
  });

  it('rejects a tab as indentation of a sequence entry, with CRLF line ends', () => {
    const parsed = parse('a: 1\r\nb:\r\n  - x\r\n  -\ty\r\n');
    assert.deepEqual(parsed.errors, [{ line: 4, column: 4, message: "found character '\\t' that cannot start any token", documentIndex: 0 }]);
  });

  it('reports a mapping value where none is allowed', () => {
    assert.deepEqual(parse('a:\n  b: 1\n   c: 2\n').errors, [{ line: 3, column: 5, message: 'mapping values are not allowed here', documentIndex: 0 }]);
  });

  it('reports characters the reader rejects at their position', () => {
    const parsed = parse('ok: 1\n---\nx: "a\x07b"\n');
    assert.deepEqual(values(parsed), [{ ok: 1 }]);
    assert.deepEqual(parsed.errors, [
      { line: 3, column: 6, message: 'unacceptable character #x0007: special characters are not allowed', documentIndex: 1 },
    ]);
  });

  it('reports an undefined alias', () => {
    assert.deepEqual(parse('a: *missing\n').errors, [{ line: 1, column: 4, message: "found undefined alias 'missing'", documentIndex: 0 }]);
  });
});

describe('error recovery', () => {
  it('keeps the documents before and after a broken one', () => {
    const parsed = parse('a: 1\n---\nb: [1, 2\nc: 3\n---\nd: 4\n');
    assert.deepEqual(
      parsed.documents.map((d) => [d.index, d.value]),
      [
        [0, { a: 1 }],
        [2, { d: 4 }],
      ],
    );
    assert.deepEqual(parsed.errors, [{ line: 4, column: 2, message: "expected ',' or ']', but got ':'", documentIndex: 1 }]);
  });

  it('resumes after an error on the line of a document separator', () => {
    const parsed = parse('a: "open\n---\nb: 2\n');
    assert.deepEqual(parsed.errors, [{ line: 2, column: 1, message: 'found unexpected document separator', documentIndex: 0 }]);
    assert.deepEqual(parsed.documents.map((d) => [d.index, d.value]), [[1, { b: 2 }]]);
  });

  it('reports each broken document once and keeps counting', () => {
    const parsed = parse('a: b\t\n---\nok: 1\n---\n- a\nb: 1\n---\nlast: true\n');
    assert.deepEqual(
      parsed.errors.map((e) => [e.documentIndex, e.line, e.column]),
      [
        [0, 1, 5],
        [2, 6, 1],
      ],
    );
    assert.deepEqual(
      parsed.documents.map((d) => [d.index, d.value]),
      [
        [1, { ok: 1 }],
        [3, { last: true }],
      ],
    );
  });

  it('keeps the tokens of every scan, with the error document in between', () => {
    const parsed = parse('a: 1\n---\n\tb\n---\nc: 2\n');
    const kinds = parsed.tokens.map((t) => t.kind);
    assert.deepEqual(kinds.slice(0, 8), ['StreamStart', 'BlockMappingStart', 'Key', 'Scalar', 'Value', 'Scalar', 'BlockEnd', 'DocumentStart']);
    assert.deepEqual(kinds.slice(8), ['DocumentStart', 'BlockMappingStart', 'Key', 'Scalar', 'Value', 'Scalar', 'BlockEnd', 'StreamEnd']);
    const lastStart = parsed.tokens[8]!;
    assert.deepEqual([lastStart.start.line, lastStart.start.column], [3, 0]);
  });
});

describe('documents', () => {
  it('gives no document and no error for an empty file', () => {
    const parsed = parse('');
    assert.deepEqual([parsed.documents, parsed.errors, parsed.comments], [[], [], []]);
    assert.deepEqual(parsed.tokens.map((t) => t.kind), ['StreamStart', 'StreamEnd']);
  });

  it('gives no document for a comment-only file, and records its comments', () => {
    const parsed = parse('# This file will be generated automatically by flux bootstrap.\n\n  # indented\n');
    assert.deepEqual(parsed.documents, []);
    assert.deepEqual(
      parsed.comments.map((c) => [c.text, c.start.line, c.start.column]),
      [
        ['# This file will be generated automatically by flux bootstrap.', 0, 0],
        ['# indented', 2, 2],
      ],
    );
  });

  it('records comments after values, in flow collections, after block scalar headers and directives', () => {
    const parsed = parse('%YAML 1.1 # v\n--- # start\na: 1 # one\nb: [x, # in flow\n  y]\nc: | # header\n  # not a comment\n');
    assert.deepEqual(
      parsed.comments.map((c) => [c.text, c.start.line, c.start.column, c.end.column]),
      [
        ['# v', 0, 10, 13],
        ['# start', 1, 4, 11],
        ['# one', 2, 5, 10],
        ['# in flow', 3, 7, 16],
        ['# header', 5, 5, 13],
      ],
    );
    assert.deepEqual(values(parsed), [{ a: 1, b: ['x', 'y'], c: '# not a comment\n' }]);
  });

  it('keeps empty documents with a null value, positioned at their `---`', () => {
    const parsed = parse('a: 1\n---\n---\n# nothing\n');
    assert.deepEqual(
      parsed.documents.map((d) => [d.index, d.value, d.start]),
      [
        [0, { a: 1 }, { line: 1, column: 1 }],
        [1, null, { line: 2, column: 1 }],
        [2, null, { line: 3, column: 1 }],
      ],
    );
  });

  it('keeps scalar and list documents', () => {
    const parsed = parse('--- just text\n--- [1, 2]\n');
    assert.deepEqual(
      parsed.documents.map((d) => [d.value, d.start]),
      [
        ['just text', { line: 1, column: 5 }],
        [[1, 2], { line: 2, column: 5 }],
      ],
    );
  });

  it('reads the identity of a Kubernetes object', () => {
    const [doc] = parse('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n').documents;
    assert.deepEqual(doc!.ref, { index: 0, apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' });
    assert.deepEqual(doc!.start, { line: 1, column: 1 });
  });

  it('leaves non-string identity fields out', () => {
    const [doc] = parse('apiVersion: 1\nkind: [x]\nmetadata:\n  name: 12\n').documents;
    assert.deepEqual(doc!.ref, { index: 0 });
  });

  it('reads CRLF files with the same values and positions as LF files', () => {
    const parsed = parse('a: 1\r\nb: "x\r\n  y"\r\nc: |\r\n  l1\r\n  l2\r\n');
    assert.deepEqual(values(parsed), [{ a: 1, b: 'x y', c: 'l1\nl2\n' }]);
    assert.deepEqual(parsed.documents[0]!.locate(['c'], 'value'), { line: 4, column: 4 });
  });
});

describe('YAML 1.1 values as SafeLoader builds them', () => {
  it('resolves plain scalars', () => {
    const text = [
      'n1: ~', 'n2: null', 'n3: NULL', 'n4:', 'b1: yes', 'b2: Off', 'b3: TRUE', 'b4: yES',
      'i1: 0x1F', 'i2: 0b101', 'i3: 017', 'i4: 1_000', 'i5: 1:30', 'i6: -0', 'i7: 08',
      'f1: 1.5', 'f2: -.inf', 'f3: 1e5', 'f4: 6.8523015e+5', 'f5: .5', 'f6: 1:30.5',
      's1: 0o17', 's2: 2001-12-14', 't1: !!str 10', 't2: !!int "10"', 't3: !!float 1', 't4: "yes"', 't5: !local x',
    ].join('\n');
    assert.deepEqual(values(parse(`${text}\n`)), [
      {
        n1: null, n2: null, n3: null, n4: null, b1: true, b2: false, b3: true, b4: 'yES',
        i1: 31, i2: 5, i3: 15, i4: 1000, i5: 90, i6: 0, i7: '08',
        f1: 1.5, f2: -Infinity, f3: '1e5', f4: 685230.15, f5: 0.5, f6: 90.5,
        s1: '0o17', s2: '2001-12-14', t1: '10', t2: 10, t3: 1, t4: 'yes', t5: 'x',
      },
    ]);
    const nan = (parse('x: .NaN\n').documents[0]!.value as { x: number }).x;
    assert.ok(Number.isNaN(nan));
  });


  it('folds multi-word plain scalars: spaces within a line kept, line breaks folded, none left trailing', () => {
    const text = 'a: foo  bar\n  baz   qux\n\n  quux  \nb: one # two\nc: [x y\n , z\n ]\nd: p\r\n  q r\r\n';
    assert.deepEqual(values(parse(text)), [{ a: 'foo  bar baz   qux\nquux', b: 'one', c: ['x y', 'z'], d: 'p q r' }]);
  });

  it('reads quoted scalars on one line and across lines, with and without escapes', () => {
    const text = `a: 'one two'\nb: "x\ty z"\nc: 'it''s'\nd: "q\\"r s"\ne: ''\nf: "two\n  lines"\ng: 'x "y"'\nh: "x 'y'"\n`;
    assert.deepEqual(values(parse(text)), [{ a: 'one two', b: 'x\ty z', c: "it's", d: 'q"r s', e: '', f: 'two lines', g: 'x "y"', h: "x 'y'" }]);
  });

  it('lets the last of duplicate keys win', () => {
    assert.deepEqual(values(parse('a: 1\nb: 2\na: 3\n')), [{ a: 3, b: 2 }]);
  });

  it('merges `<<` keys: own keys win, and earlier mappings of a list win', () => {
    const parsed = parse('base: &b {x: 1, y: 2}\nover: &o {y: 3, z: 0}\nm1:\n  <<: *b\n  z: 4\nm2:\n  <<: [*o, *b]\n  x: 9\n');
    assert.deepEqual(values(parsed), [
      { base: { x: 1, y: 2 }, over: { y: 3, z: 0 }, m1: { x: 1, y: 2, z: 4 }, m2: { x: 9, y: 3, z: 0 } },
    ]);
  });

  it('refuses to merge a scalar', () => {
    assert.deepEqual(parse('a:\n  <<: 1\n').errors, [
      { line: 2, column: 7, message: 'expected a mapping or list of mappings for merging, but found scalar', documentIndex: 0 },
    ]);
  });

  it('shares the anchored value between aliases', () => {
    const value = parse('a: &x {k: v}\nb: *x\n').documents[0]!.value as Record<string, unknown>;
    assert.equal(value.a, value.b);
  });

  it('keeps `__proto__` an ordinary key', () => {
    const value = parse('__proto__: {polluted: true}\nx: 1\n').documents[0]!.value as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.keys(value), ['__proto__', 'x']);
    assert.equal(JSON.stringify(value), '{"__proto__":{"polluted":true},"x":1}');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('refuses unhashable keys', () => {
    assert.deepEqual(parse('? [a]\n: b\n').errors, [{ line: 1, column: 3, message: 'found unhashable key', documentIndex: 0 }]);
  });
});

describe('alias bombs and deep nesting', () => {
  it('refuses a document that expands past the node limit, and keeps the others', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const parsed = parse(`${lines.join('\n')}\n---\nfine: 1\n`);
    assert.equal(MAX_EXPANDED_NODES, 1_000_000);
    assert.deepEqual(parsed.errors, [
      { line: 6, column: 4, message: 'document expands to more than 1000000 nodes through aliases', documentIndex: 0 },
    ]);
    assert.deepEqual(parsed.documents.map((d) => [d.index, d.value]), [[1, { fine: 1 }]]);
  });

  it('refuses a merge-key bomb before flattening it', () => {
    const lines = ['a0: &a0 {k: v}'];
    for (let i = 1; i < 8; i++) lines.push(`a${i}: &a${i} {<<: [${Array(10).fill(`*a${i - 1}`).join(', ')}]}`);
    const parsed = parse(`${lines.join('\n')}\n`);
    assert.deepEqual(parsed.errors.map((e) => e.message), ['document expands to more than 1000000 nodes through aliases']);
  });

  it('parses 10,000 nested flow sequences', () => {
    const depth = 10_000;
    const parsed = parse(`${'['.repeat(depth)}x${']'.repeat(depth)}\n`);
    assert.deepEqual(parsed.errors, []);
    let value = parsed.documents[0]!.value;
    for (let i = 0; i < depth; i++) value = (value as unknown[])[0];
    assert.equal(value, 'x');
    const path = Array<number>(depth).fill(0);
    assert.deepEqual(parsed.documents[0]!.locate(path), { line: 1, column: depth + 1 });
  });

  it('parses 10,000 nested block mappings', () => {
    const depth = 10_000;
    const text = Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' leaf\n';
    const parsed = parse(text);
    assert.deepEqual(parsed.errors, []);
    let value = parsed.documents[0]!.value;
    for (let i = 0; i < depth; i++) value = (value as Record<string, unknown>).k;
    assert.equal(value, 'leaf');
  });

  it('parses 10,000 nested aliases-free block sequences through the shared path too', () => {
    const depth = 10_000;
    const parsed = parse(`a: &x 1\nb: *x\nc: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
    assert.deepEqual(parsed.errors, []);
    let value = (parsed.documents[0]!.value as Record<string, unknown>).c;
    let levels = 0;
    while (Array.isArray(value) && value.length > 0) {
      value = value[0];
      levels++;
    }
    assert.equal(levels, depth - 1);
  });
});

describe('locate()', () => {
  const text = [
    'apiVersion: apps/v1', //        1
    'kind: Deployment', //           2
    'metadata:', //                  3
    '  name: web', //                4
    'spec:', //                      5
    '  template:', //                6
    '    spec:', //                  7
    '      containers:', //          8
    '        - name: app', //        9
    '          image: nginx', //    10
    '        -   name: side', //    11
    '            ports: [80, 443]', // 12
    '',
  ].join('\n');
  const doc = parse(text).documents[0]!;

  it('gives the key of a mapping entry, or its value', () => {
    assert.deepEqual(doc.locate(['metadata', 'name']), { line: 4, column: 3 });
    assert.deepEqual(doc.locate(['metadata', 'name'], 'value'), { line: 4, column: 9 });
  });

  it('gives the item itself for a sequence index', () => {
    const containers = ['spec', 'template', 'spec', 'containers'];
    assert.deepEqual(doc.locate([...containers, 0]), { line: 9, column: 11 });
    assert.deepEqual(doc.locate([...containers, 1]), { line: 11, column: 13 });
    assert.deepEqual(doc.locate([...containers, 1, 'ports', 1]), { line: 12, column: 25 });
    assert.deepEqual(doc.locate([...containers, 0, 'image'], 'value'), { line: 10, column: 18 });
  });

  it('gives a sequence item for key and value alike, built directly or through an alias', () => {
    for (const text of ['a:\n- [x, [y, z]]\n- w\nb: 1\n', 'a: &s\n- [x, [y, z]]\n- w\nb: *s\n']) {
      const seq = parse(text).documents[0]!;
      assert.deepEqual(seq.locate(['a', 0, 1, 1]), { line: 2, column: 11 });
      assert.deepEqual(seq.locate(['a', 0, 1, 1], 'value'), { line: 2, column: 11 });
      assert.deepEqual(seq.locate(['a', 1], 'value'), { line: 3, column: 3 });
      assert.deepEqual(seq.locate(['a', 0, 2]), { line: 2, column: 3 });
      assert.deepEqual(seq.locate(['a', 0, 1, 'x'], 'value'), { line: 2, column: 7 });
      assert.deepEqual(seq.locate(['b']), { line: 4, column: 1 });
    }
  });

  it('gives the deepest existing node for a path past the tree', () => {
    assert.deepEqual(doc.locate(['spec', 'template', 'metadata', 'labels']), { line: 6, column: 3 });
    assert.deepEqual(doc.locate(['spec', 'template', 'metadata'], 'value'), { line: 7, column: 5 });
    assert.deepEqual(doc.locate(['spec', 'template', 'spec', 'containers', 5]), { line: 8, column: 7 });
    assert.deepEqual(doc.locate(['metadata', 'name', 'deeper']), { line: 4, column: 3 });
  });

  it('gives the document start for an empty path or an unknown first key', () => {
    assert.deepEqual(doc.locate([]), { line: 1, column: 1 });
    assert.deepEqual(doc.locate(['status']), { line: 1, column: 1 });
  });

  it('gives exact positions on long lines and past a million lines, as parsed, as kept and as a worker hands them on', () => {
    const long = `metadata: {annotations: {${Array.from({ length: 400 }, (_, i) => `k${i}: v`).join(', ')}}, name: cm, namespace: ns}`;
    const wide = parse(`apiVersion: v1\nkind: ConfigMap\n${long}\ndata: {a: b}\n`).documents[0]!;
    const tall = parse(`${'# line\n'.repeat(1_048_576)}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n`).documents[0]!;
    const column = (text: string) => long.indexOf(text) + 1;
    const cases: Array<[ParsedDocument, PathSegment[], 'key' | 'value', Position]> = [
      [wide, ['metadata', 'name'], 'value', { line: 3, column: column('cm') }],
      [wide, ['metadata', 'namespace'], 'key', { line: 3, column: column('namespace') }],
      [wide, ['metadata', 'annotations', 'k399'], 'value', { line: 3, column: column('k399') + 6 }],
      [wide, ['data', 'a'], 'value', { line: 4, column: 11 }],
      [tall, ['metadata', 'name'], 'value', { line: 1_048_580, column: 9 }],
      [doc, ['spec', 'template', 'spec', 'containers', 1, 'ports', 1], 'key', { line: 12, column: 25 }],
    ];
    assert.ok(column('cm') > 2048);
    let keptChecked = 0;
    for (const [parsed, path, at, position] of cases) {
      assert.deepEqual(parsed.locate(path, at), position, path.join('.'));
      const handedOn = restoredDocument(parsed.file, parsed.index, parsed.value, parsed.start, positionIndexOf(parsed));
      assert.deepEqual(handedOn.locate(path, at), position, path.join('.'));
      // A kept value holds a document's name and namespace, not every node.
      const kept = retainedDocument(parsed, retainedValue(parsed.value, parsed.ref), parsed.file);
      if (valueAt(kept.value, path) === undefined) continue;
      assert.deepEqual(kept.locate(path, at), position, path.join('.'));
      keptChecked++;
    }
    assert.equal(keptChecked, 3);
  });

  it('finds keys the way the value names them: merged keys, the last duplicate, non-string keys', () => {
    const merged = parse('base: &b {image: nginx}\nc:\n  <<: *b\n  name: x\n  name: y\n  1: one\n').documents[0]!;
    assert.deepEqual(merged.locate(['c', 'image'], 'value'), { line: 1, column: 18 });
    assert.deepEqual(merged.locate(['c', 'name']), { line: 5, column: 3 });
    assert.deepEqual(merged.locate(['c', 1], 'value'), { line: 6, column: 6 });
  });

  it('finds keys the same way in a mapping of thousands of keys (searched through an index)', () => {
    const keys = Array.from({ length: 3000 }, (_, i) => `  k${i}: ${i}`);
    // Line 3003 repeats k7, line 3004 is a non-string key, line 3005 a merge of one more key.
    const text = `base: &b {merged: 1}\nc:\n${keys.join('\n')}\n  k7: again\n  1: one\n  <<: *b\n`;
    for (const doc of [parse(text).documents[0]!, parse(text.replace('&b ', '').replace('<<: *b', 'merged: 1')).documents[0]!]) {
      assert.deepEqual(doc.locate(['c', 'k0']), { line: 3, column: 3 });
      assert.deepEqual(doc.locate(['c', 'k2999'], 'value'), { line: 3002, column: 10 });
      assert.deepEqual(doc.locate(['c', 'k7'], 'value'), { line: 3003, column: 7 });
      assert.deepEqual(doc.locate(['c', 1], 'value'), { line: 3004, column: 6 });
      assert.deepEqual(doc.locate(['c', 'absent', 'deeper']), { line: 2, column: 1 });
    }
    assert.deepEqual(parse(text).documents[0]!.locate(['c', 'merged'], 'value'), { line: 1, column: 19 });
  });
});

describe('any text', () => {
  const yamlish = fc.oneof(
    fc.constantFrom('a', 'key', ': ', ':', ' ', '\n', '\n  ', '- ', '? ', '[', ']', '{', '}', ', ', '#', '"', "'", '\\', '|', '>-', '&a ', '*a'),
    fc.constantFrom('!!str ', '!x ', '---\n', '...\n', '\t', '\r\n', '<<: ', '%YAML 1.1\n', '\u2028', '\x85', '\ufeff', '\x07', '\ud83d', 'é'),
  );

  it('never throws: every document is either parsed or reported, in order', () => {
    fc.assert(
      fc.property(fc.array(yamlish, { maxLength: 40 }).map((parts) => parts.join('')), (text) => {
        const parsed = parse(text);
        const indexes = [...parsed.documents.map((d) => d.index), ...parsed.errors.map((e) => e.documentIndex)].sort((a, b) => a - b);
        assert.deepEqual(indexes, indexes.map((_, i) => i), 'document indexes are 0..n-1, each used once');
        for (const e of parsed.errors) assert.ok(e.line >= 1 && e.column >= 1 && e.message.length > 0);
        for (const d of parsed.documents) assert.doesNotThrow(() => JSON.stringify(d.value));
      }),
      { seed: 20261123, numRuns: 2000 },
    );
  });
});

describe('value shape', () => {
  const depthOf = (v: unknown): number =>
    v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v as Record<string, unknown>).map(depthOf)) : 0;
  const nullInMapping = (v: unknown): boolean =>
    v !== null && typeof v === 'object' && (Object.values(v as Record<string, unknown>).some((x) => (x === null && !Array.isArray(v)) || nullInMapping(x)));

  it('gives the depth of the value and whether a mapping holds a null, as a walk of the value would', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (json) => {
        fc.pre(!JSON.stringify(json).includes('"<<"')); // a merge key: no shape (below)
        const [doc] = parse(`${JSON.stringify(json)}\n`).documents;
        assert.deepEqual(doc!.shape, { depth: depthOf(doc!.value), nullInMapping: nullInMapping(doc!.value) });
      }),
      { numRuns: 300 },
    );
  });

  it('is left out for documents with aliases or merge keys (the gate and the schema pass walk their values)', () => {
    const [doc] = parse('a: &x {b: null}\nc: *x\n').documents;
    assert.equal(doc!.shape, undefined);
    assert.deepEqual(parse('a: [[[1]]]\nb: ~\n').documents[0]!.shape, { depth: 4, nullInMapping: true });
  });
});

describe('unsliced', () => {
  it('gives any string back equal: surrogates, escapes and control characters included, met once or again', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => assert.equal(unsliced(text), text)));
    for (const text of ['a"b\\c\n\u0000d\u2028e-long-enough', 'escaped %41%20 and a lone % sign', '\ud800 lone high surrogate', 'lone low \udc00 surrogate', 'emoji \u{1f600} outside the BMP']) {
      assert.equal(unsliced(text), text);
      assert.equal(unsliced(text), text);
    }
    assert.equal(unsliced('apiVersion: networking.k8s.io/v1\n'.slice(12, 32)), 'networking.k8s.io/v1');
  });
});
