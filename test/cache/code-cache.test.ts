import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiskCache, sha256 } from '../../src/cache/disk-cache.js';
import { COMMONJS_WRAPPER, fileChecksum, requireCached } from '../../src/cache/code-cache.js';
import { tempDir } from '../helpers/temp.js';

const scratch = () => tempDir('gitops-check-code-');
/** A CommonJS module with enough functions for V8 to keep code of, in Node's wrapper; `answer` says which version it is. */
const program = (answer: number) =>
  COMMONJS_WRAPPER.head +
  [
    `const { join } = require('node:path');`,
    ...Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x + ${i}; }`),
    `exports.answer = () => f0(${answer});`,
    `exports.file = __filename;`,
    `exports.joined = join(__dirname, 'x');`,
    `exports.self = this === module.exports;`,
  ].join('\n') +
  COMMONJS_WRAPPER.tail;
const entries = (cache: DiskCache) => readdirSync(join(cache.dir, 'code')).map((name) => join(cache.dir, 'code', name));

test('requireCached runs a CommonJS file as require does; the code a run keeps is taken by the next, which keeps nothing', () => {
  const dir = scratch();
  const file = join(dir, 'program.js');
  writeFileSync(file, program(41));
  const cache = new DiskCache(join(dir, 'cache'), 'test');
  const first = requireCached(file, cache);
  assert.deepEqual({ ...(first.exports as object), answer: undefined }, { answer: undefined, file, joined: join(dir, 'x'), self: true });
  assert.equal((first.exports as { answer: () => number }).answer(), 41);
  first.keep(true);
  const [entry] = entries(cache);
  const written = statSync(entry!).ino;
  const second = requireCached(file, cache);
  assert.equal((second.exports as { answer: () => number }).answer(), 41);
  second.keep(true);
  assert.deepEqual(entries(cache), [entry]);
  assert.equal(statSync(entry!).ino, written, 'V8 took the kept code: nothing rewritten');
  assert.equal(requireCached(file, undefined).keep(true), undefined, 'no cache, nothing kept');
});

test('code kept by a run that checked nothing is taken until a checking run keeps its own, once; code a check kept is not replaced', () => {
  const dir = scratch();
  const file = join(dir, 'program.js');
  writeFileSync(file, program(41));
  const cache = new DiskCache(join(dir, 'cache'), 'test');
  const state = () => entries(cache).map((entry) => `${entry} ${statSync(entry).ino}`);
  requireCached(file, cache).keep(false);
  const other = state();
  assert.equal(other.length, 1);
  requireCached(file, cache).keep(false);
  assert.deepEqual(state(), other, 'code of its tier was taken');
  const checking = requireCached(file, cache);
  assert.equal((checking.exports as { answer: () => number }).answer(), 41);
  checking.keep(true);
  const both = state();
  assert.equal(both.length, 2);
  checking.keep(true);
  for (const checked of [false, true]) requireCached(file, cache).keep(checked);
  assert.deepEqual(state(), both);
});

test('a changed file never runs another source\'s code: same length, other content, its own entry', () => {
  const dir = scratch();
  const file = join(dir, 'program.js');
  const cache = new DiskCache(join(dir, 'cache'), 'test');
  writeFileSync(file, program(41));
  requireCached(file, cache).keep(true);
  writeFileSync(file, program(42));
  const changed = requireCached(file, cache);
  assert.equal((changed.exports as { answer: () => number }).answer(), 42);
  changed.keep(true);
  assert.equal(entries(cache).length, 2);
});

test('a corrupted or foreign entry only costs time: the file runs from source and the entry is replaced', () => {
  const dir = scratch();
  const file = join(dir, 'program.js');
  writeFileSync(file, program(41));
  const cache = new DiskCache(join(dir, 'cache'), 'test');
  requireCached(file, cache).keep(true);
  const [entry] = entries(cache);
  const good = readFileSync(entry!);
  const flipped = Buffer.from(good);
  flipped[flipped.length - 100] ^= 0xff;
  // Intact for the disk cache (its checksum matches), but not V8's data: V8 rejects it.
  const foreign = Buffer.from(`gitops-check cache 1 sha256=${sha256('not V8 data')}\nnot V8 data`);
  for (const bad of [flipped, foreign, good.subarray(0, 300)]) {
    writeFileSync(entry!, bad);
    const loaded = requireCached(file, cache);
    assert.equal((loaded.exports as { answer: () => number }).answer(), 41);
    loaded.keep(true);
    const replaced = statSync(entry!).ino;
    requireCached(file, cache).keep(true);
    assert.equal(statSync(entry!).ino, replaced, 'replaced by code V8 takes');
  }
});

test('fileChecksum is the sha256 of the bytes a file had when requireCached ran it, else of the bytes it has', () => {
  const dir = scratch();
  const file = join(dir, 'program.js');
  const other = join(dir, 'other.js');
  writeFileSync(file, program(41));
  writeFileSync(other, program(42));
  requireCached(file, undefined);
  writeFileSync(file, program(43));
  assert.equal(fileChecksum(file), sha256(program(41)), 'the code this process runs, not read again');
  assert.equal(fileChecksum(other), sha256(program(42)));
});
