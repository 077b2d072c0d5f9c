import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { needlesIn, readSource } from '../../src/documents/read.js';
import { ReadAhead } from '../../src/documents/read-ahead.js';
import { makeTree } from '../helpers/cli.js';

// Around the 64 KiB a file is first read into: below, at and above it, each file's own text.
const sizes = [0, 1, 65535, 65536, 65537, 200_000];
const textOf = (size: number, fill: string) => fill.repeat(Math.ceil(size / fill.length)).slice(0, size);

test('a file is read whole whatever its size, and a file read after a big one does not see its bytes', () => {
  const files = Object.fromEntries(sizes.map((size, i) => [`f${i}.yaml`, textOf(size, `k${i}: v\n`)]));
  const root = makeTree({ ...files, 'small.yaml': 'a: 1\n' });
  for (const [name, text] of Object.entries(files)) {
    assert.equal(readSource(join(root, name), name).file?.text, text, name);
    assert.equal(readSource(join(root, 'small.yaml'), 'small.yaml').file?.text, 'a: 1\n');
  }
});

test('a file over the size limit names its size, below and above the first read; a directory is named', () => {
  const root = makeTree({ 'a.yaml': 'x'.repeat(2000), 'b.yaml': 'x'.repeat(100_000), 'c.yaml': 'x'.repeat(1024), 'dir/d.yaml': '' });
  const over = (name: string, limit: number) => readSource(join(root, name), name, limit).finding?.message;
  assert.equal(over('a.yaml', 1024), 'file is 2.0 KiB, over the size limit of 1 KiB (maxFileSize)');
  assert.equal(over('b.yaml', 1024), 'file is 97.7 KiB, over the size limit of 1 KiB (maxFileSize)');
  assert.equal(over('b.yaml', 70_000), 'file is 97.7 KiB, over the size limit of 68.4 KiB (maxFileSize)');
  assert.equal(over('c.yaml', 1024), undefined);
  assert.equal(readSource(join(root, 'c.yaml'), 'c.yaml', 1024).file?.text.length, 1024);
  assert.equal(over('dir', 1024), 'is a directory, not a file');
  assert.equal(over('missing.yaml', 1024), 'cannot read file: it no longer exists (deleted during the run?)');
});

test('a file the pre-scan read is decoded from the bytes it kept, once; past the budget, files are read from disk', () => {
  const big = textOf(100_000, 'big: v\n');
  const root = makeTree({ 'a.yaml': 'kind: CustomResourceDefinition\n', 'b.yaml': 'b: 1\n', 'big.yaml': big, 'c.yaml': 'c: 1\n' });
  const readAhead = new ReadAhead(100_040);
  const needles = [Buffer.from('CustomResourceDefinition')];
  assert.deepEqual(
    ['a.yaml', 'b.yaml', 'big.yaml', 'c.yaml'].map((name) => needlesIn(join(root, name), needles, undefined, readAhead)),
    [1, 0, 0, 0],
  );
  for (const name of ['a.yaml', 'b.yaml', 'big.yaml', 'c.yaml']) writeFileSync(join(root, name), 'changed: true\n');
  const read = (name: string) => readSource(join(root, name), name, undefined, readAhead).file?.text;
  // a, b and big fit in the budget (31 + 5 + 100,000 bytes); c (5 more) does not.
  assert.equal(read('a.yaml'), 'kind: CustomResourceDefinition\n');
  assert.equal(read('big.yaml'), big);
  assert.equal(read('b.yaml'), 'b: 1\n');
  assert.equal(read('c.yaml'), 'changed: true\n');
  assert.equal(read('a.yaml'), 'changed: true\n', 'handed over once');
});
