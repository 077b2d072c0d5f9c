// The thread that reads a large run's files ahead of it (src/documents/read-thread.ts): what it hands over is always
// the file's bytes; what it cannot read, or has not read yet, the run reads itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ReadThread } from '../../src/documents/read-thread.js';
import { makeTree } from '../helpers/cli.js';

const text = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8'));

test('a file read ahead is its bytes; one too long, over the size limit, missing or a directory is left to the run', async () => {
  const root = makeTree({ 'a.yaml': 'a: 1\n', 'empty.yaml': '', 'long.yaml': 'x'.repeat(300_000), 'over.yaml': 'x'.repeat(2000), 'b.yaml': 'b: é\n', 'dir/c.yaml': 'c: 3\n' });
  const order = ['a.yaml', 'empty.yaml', 'long.yaml', 'over.yaml', 'missing.yaml', 'dir', 'b.yaml', 'dir/c.yaml'];
  const thread = await ReadThread.start(order.map((name) => join(root, name)), 1024);
  await sleep(1000);
  assert.deepEqual(
    order.map((name) => text(thread.take(join(root, name)))),
    ['a: 1\n', '', undefined, undefined, undefined, undefined, 'b: é\n', 'c: 3\n'],
  );
  assert.equal(thread.take(join(root, 'a.yaml')), undefined, 'past the last file');
  thread.stop();
});

test('a file asked for out of order, or before the thread read it, is left to the run; the files after it are still read ahead', async () => {
  const names = Array.from({ length: 40 }, (_, i) => `f${i}.yaml`);
  const root = makeTree(Object.fromEntries(names.map((name) => [name, `${name}: ${'v'.repeat(100)}\n`])));
  const thread = await ReadThread.start(names.map((name) => join(root, name)), Infinity);
  // Asked for at once, the first files are the run's to read (the thread is starting); the thread skips them.
  const early = names.slice(0, 5).map((name) => thread.take(join(root, name)));
  await sleep(1000);
  assert.equal(thread.take(join(root, 'f9.yaml')), undefined, 'not next');
  const later = names.slice(5).map((name) => text(thread.take(join(root, name))));
  assert.deepEqual(later, names.slice(5).map((name) => readFileSync(join(root, name), 'utf8')));
  for (const [i, bytes] of early.entries()) if (bytes !== undefined) assert.equal(text(bytes), readFileSync(join(root, names[i]!), 'utf8'));
  thread.stop();
});

test('files worth more than twice the ring go through it in order, each one whole, its bytes kept until the next is asked for', async () => {
  const sizes = Array.from({ length: 160 }, (_, i) => 1 + ((i * 7919) % 250_000));
  const names = sizes.map((_, i) => `f${String(i).padStart(3, '0')}.yaml`);
  const root = makeTree(Object.fromEntries(names.map((name, i) => [name, String(i % 10).repeat(sizes[i]!)])));
  assert.ok(sizes.reduce((a, b) => a + b) > 2 * 8 * 1024 * 1024, 'more than twice the ring');
  const thread = await ReadThread.start(names.map((name) => join(root, name)), Infinity);
  await sleep(500);
  let taken = 0;
  for (const [i, name] of names.entries()) {
    const bytes = thread.take(join(root, name));
    if (bytes === undefined) continue;
    taken++;
    const expected = readFileSync(join(root, name));
    // Held while the thread reads on: the ring must not reuse them before the next `take`.
    await sleep(1);
    assert.equal(bytes.length, sizes[i], name);
    assert.ok(Buffer.from(bytes).equals(expected), name);
  }
  assert.ok(taken > names.length / 2, `${taken} of ${names.length} read ahead`);
  thread.stop();
});
