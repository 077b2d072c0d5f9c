import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPORA, runCli } from '../helpers/cli.js';
import { DiskCache, sha256 } from '../../src/cache/disk-cache.js';
import { MARKER, pruneIfDue } from '../../src/cache/prune.js';
import { tempDir } from '../helpers/temp.js';

const DAY = 24 * 60 * 60 * 1000;
const cacheDir = () => tempDir('gitops-check-prune-');
/** Sets a file's modification (and access) time to `days` days ago. */
const age = (file: string, days: number) => {
  const then = (Date.now() - days * DAY) / 1000;
  utimesSync(file, then, then);
};
const daysOld = (file: string) => (Date.now() - statSync(file).mtimeMs) / DAY;
const put = (dir: string, kind: string, name: string) => {
  mkdirSync(join(dir, kind), { recursive: true });
  writeFileSync(join(dir, kind, name), 'x');
  return join(dir, kind, name);
};

test('reading an entry, or asking whether it is there, records the use when the last one is over a day old', () => {
  const dir = cacheDir();
  const cache = new DiskCache(dir, 'v1');
  cache.set('validators', ['read'], 'body');
  cache.set('validators', ['has'], 'body');
  cache.set('validators', ['recent'], 'body');
  const [read, has, recent] = ['read', 'has', 'recent'].map((key) => cache.file('validators', [key]));
  age(read!, 10);
  age(has!, 10);
  age(recent!, 0.5);
  const recentTime = statSync(recent!).mtimeMs;
  assert.equal(cache.get('validators', ['read']), 'body');
  assert.equal(cache.has('validators', ['has']), true);
  assert.equal(cache.get('validators', ['recent']), 'body');
  assert.ok(daysOld(read!) < 0.01, 'read: touched');
  assert.ok(daysOld(has!) < 0.01, 'has: touched');
  assert.equal(statSync(recent!).mtimeMs, recentTime, 'used within the day: not written again');
  assert.equal(cache.has('validators', ['absent']), false);
});

test('pruning removes entries unused for 30 days and crashed writes, keeps the rest, and looks at most once a day', () => {
  const dir = cacheDir();
  const entry = (n: number) => sha256(String(n));
  const unused = put(dir, 'validators', entry(1));
  const used = put(dir, 'validators', entry(2));
  const unusedCode = put(dir, 'v8', entry(3));
  const crashed = put(dir, 'code', `${entry(4)}.1234.a1b2c3d4e5f6.tmp`);
  const writing = put(dir, 'code', `${entry(5)}.1234.a1b2c3d4e5f6.tmp`);
  const stranger = put(dir, 'validators', 'notes.txt');
  const schema = put(dir, 'schemas', `${entry(6).slice(0, 32)}.json`);
  for (const file of [unused, unusedCode, stranger, schema]) age(file, 31);
  age(used, 29);
  age(crashed, 2);
  age(writing, 0.1);

  assert.equal(pruneIfDue(dir), 3);
  assert.deepEqual(
    [unused, used, unusedCode, crashed, writing, stranger, schema].map((file) => existsSync(file)),
    [false, true, false, false, true, true, true],
  );
  assert.ok(daysOld(join(dir, MARKER)) < 0.01);

  // Within the day nothing is looked at; the day after, it is.
  age(used, 40);
  assert.equal(pruneIfDue(dir), 0);
  assert.ok(existsSync(used));
  age(join(dir, MARKER), 1.5);
  assert.equal(pruneIfDue(dir), 1);
  assert.ok(!existsSync(used));
});

test('pruning a cache that is not there yet, or is a file, does nothing', () => {
  const parent = cacheDir();
  assert.equal(pruneIfDue(join(parent, 'none')), 0);
  assert.deepEqual(readdirSync(parent), []);
  writeFileSync(join(parent, 'file'), '');
  assert.equal(pruneIfDue(join(parent, 'file')), 0);
});

test('a CLI run keeps what it used and, once a day, removes what no run used for a month', () => {
  const home = tempDir('gitops-check-cache-');
  const env = { XDG_CACHE_HOME: home };
  const corpus = join(CORPORA, 'k8s-gitops-demo');
  const dir = join(home, 'gitops-check');
  const first = runCli([], corpus, { env });
  const files = (kind: string) => readdirSync(join(dir, kind)).map((name) => join(dir, kind, name));
  const kinds = readdirSync(dir).filter((name) => name !== MARKER);
  const written = kinds.flatMap(files);
  assert.ok(written.length > 10, written.join('\n'));
  // As if the cache were two months old and the last look a week ago; with it, an older version's entry.
  const old = put(dir, 'validators', sha256('older version'));
  for (const file of [...written, old, join(dir, MARKER)]) age(file, 60);
  age(join(dir, MARKER), 7);

  const second = runCli([], corpus, { env });
  assert.deepEqual(second.lines, first.lines);
  assert.equal(second.code, first.code);
  assert.ok(!existsSync(old), 'an entry no run used is gone');
  const kept = kinds.flatMap(files);
  assert.ok(kept.length > 10 && kept.every((file) => daysOld(file) < 1), 'what the run read was touched and kept');
  assert.ok(daysOld(join(dir, MARKER)) < 0.01);
});
