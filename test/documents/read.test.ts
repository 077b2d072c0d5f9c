import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readSource } from '../../src/documents/read.js';
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
