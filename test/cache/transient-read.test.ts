// Files read only to be decoded or compiled at once (the CLI's bundle, cache entries) share one buffer per process
// (src/cache/transient-read.ts): each read gives the whole file, whatever was read before it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { readTransient } from '../../src/cache/transient-read.js';
import { DiskCache } from '../../src/cache/disk-cache.js';
import { compiledPolicyStore } from '../../src/cache/policies.js';
import { makeTree } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

test('each read is the whole file: shorter after longer, longer than the buffer so far, over the shared size, empty', () => {
  const sizes = { small: 10, large: 300_000, larger: 700_000, huge: 5 * 1024 * 1024, empty: 0, last: 3 };
  const root = makeTree(Object.fromEntries(Object.entries(sizes).map(([name, size], i) => [name, Buffer.alloc(size, 97 + i)])));
  for (const [i, [name, size]] of Object.entries(sizes).entries()) {
    const { bytes, mtimeMs } = readTransient(join(root, name));
    assert.equal(bytes.length, size, name);
    assert.ok(bytes.every((b) => b === 97 + i), name);
    assert.equal(mtimeMs, statSync(join(root, name)).mtimeMs, name);
  }
  assert.throws(() => readTransient(join(root, 'missing')), { code: 'ENOENT' });
  assert.throws(() => readTransient(root), { code: 'EISDIR' });
});

test('a cache entry read after another is its own; compiled policies restored stay whole when other entries are read after them', () => {
  const cache = new DiskCache(tempDir(), 'test');
  cache.set('a', ['x'], 'first entry, the longer of the two');
  cache.set('a', ['y'], 'second');
  assert.equal(cache.get('a', ['x']), 'first entry, the longer of the two');
  assert.equal(cache.get('a', ['y']), 'second');
  const store = compiledPolicyStore(cache, [{ path: 'p.rego', source: 'package p' }])!;
  const compiled = { numbers: new Int32Array([1, 2, 3]), text: 'kept' };
  store.save(compiled as never);
  const restored = store.load() as unknown as typeof compiled;
  cache.set('a', ['z'], Buffer.alloc(1000, 1));
  assert.equal(cache.read('a', ['z'])?.body.length, 1000);
  assert.deepEqual(restored, compiled);
});
