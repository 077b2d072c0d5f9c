import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { buildTree, readCorpora, varyNames } from '../../bench/tree.js';

test('varyNames suffixes the top-level metadata.name of every document and nothing else', () => {
  const text = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  # the app',
    '  labels:',
    '    name: web',
    '  name: web',
    '  namespace: default',
    'spec:',
    '  template:',
    '    metadata:',
    '      name: pod',
    '    spec:',
    '      containers:',
    '        - name: web',
    '---',
    'kind: ConfigMap',
    'metadata: {name: inline}',
    '---',
    'kind: Service',
    'metadata:',
    '    name: svc  ',
    '',
  ].join('\n');
  const varied = varyNames(text, '-c3').split('\n');
  assert.equal(varied[5], '    name: web');
  assert.equal(varied[6], '  name: web-c3');
  assert.equal(varied[11], '      name: pod');
  assert.equal(varied[14], '        - name: web');
  assert.equal(varied[17], 'metadata: {name: inline}');
  assert.equal(varied[21], '    name: svc-c3  ');
  assert.equal(varied.length, 23);
});

test('varyNames keeps CRLF line ends', () => {
  assert.equal(varyNames('metadata:\r\n  name: a\r\n', '-c1'), 'metadata:\r\n  name: a-c1\r\n');
});

test('buildTree is deterministic, starts with the corpora unchanged and stops at the first file reaching the size', () => {
  const corpus = readCorpora();
  const work = mkdtempSync(join(tmpdir(), 'bench-tree-test-'));
  try {
    const a = buildTree(join(work, 'a'), 500, corpus);
    const b = buildTree(join(work, 'b'), 500, corpus);
    const listing = (tree: typeof a) => tree.files.map((file) => relative(tree.root, file));
    assert.deepEqual(listing(a), listing(b));
    assert.deepEqual(a.files.map((f) => readFileSync(f, 'utf8')), b.files.map((f) => readFileSync(f, 'utf8')));
    const first = corpus[0]!;
    assert.equal(listing(a)[0], `clusters/c0000/${first.corpus}/${first.path}`);
    assert.equal(readFileSync(a.files[0]!, 'utf8'), first.text);
    const last = corpus[(a.files.length - 1) % corpus.length]!;
    assert.ok(a.documents >= 500 && a.documents - last.documents < 500);
    assert.equal(a.documents, b.documents);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('readCorpora leaves out dot files and, when asked, files over a size', () => {
  const all = readCorpora();
  const small = readCorpora(100_000);
  assert.ok(all.every((file) => !file.path.split('/').at(-1)!.startsWith('.')));
  assert.ok(small.length > 0 && small.length < all.length);
  assert.ok(small.every((file) => Buffer.byteLength(file.text) <= 100_000));
  assert.deepEqual(
    small.map((file) => file.path),
    all.filter((file) => Buffer.byteLength(file.text) <= 100_000).map((file) => file.path),
  );
});
