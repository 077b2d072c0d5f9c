import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { discover } from '../../src/discovery/discover.js';
import { walk } from '../../src/discovery/walk.js';
import { makeTree } from '../helpers/cli.js';

const files = {
  'base/ns.yaml': '',
  'clusters/kind/app.yaml': '',
  'deploy/apps/web.yaml': '',
  'charts/web/Chart.yaml': '',
  'charts/web/values.yaml': '',
  'package.json': '',
};
const named = Object.keys(files);
const paths = async (cwd: string, within: string[] | undefined, exclude: string[] = []) => (await discover({ cwd, paths: named, exclude, within })).targets.map((t) => t.path);

test('named files are all kept without `within`; with it, only those inside the trees: the default trees, directories, globs, files', async () => {
  const root = makeTree(files);
  assert.deepEqual(await paths(root, undefined), ['base/ns.yaml', 'charts/web/Chart.yaml', 'charts/web/values.yaml', 'clusters/kind/app.yaml', 'deploy/apps/web.yaml', 'package.json']);
  assert.deepEqual(await paths(root, []), ['base/ns.yaml', 'clusters/kind/app.yaml']);
  assert.deepEqual(await paths(root, ['deploy/', 'charts/**/Chart.yaml', './package.json']), ['charts/web/Chart.yaml', 'deploy/apps/web.yaml', 'package.json']);
  // a tree is a directory, not a name prefix: deploy-old/ is not inside deploy
  assert.deepEqual(await paths(makeTree({ ...files, 'deploy-old/x.yaml': '' }), ['deploy']).then((p) => p.filter((f) => f.startsWith('deploy'))), ['deploy/apps/web.yaml']);
  // excludes still apply inside the trees
  assert.deepEqual(await paths(root, [], ['clusters/**']), ['base/ns.yaml']);
});

test('exclude: a glob with a `/` matches the path from the working directory, one without matches file names', async () => {
  const root = makeTree(files);
  assert.deepEqual(await paths(root, undefined, ['**/web/*.yaml', 'package.json']), ['base/ns.yaml', 'clusters/kind/app.yaml', 'deploy/apps/web.yaml']);
  assert.deepEqual(await paths(root, undefined, ['deploy/**', '*.json', 'values.yaml']), ['base/ns.yaml', 'charts/web/Chart.yaml', 'clusters/kind/app.yaml']);
  // walked trees are pruned the same way
  const walked = await discover({ cwd: root, paths: ['.'], exclude: ['charts/**', 'clusters/**'] });
  assert.deepEqual(walked.targets.map((t) => t.path), ['base/ns.yaml', 'deploy/apps/web.yaml', 'package.json']);
});

test('without base/ or clusters/, the default tree is the working directory: every named file is inside it', async () => {
  const root = makeTree({ 'apps/web.yaml': '', 'package.json': '' });
  assert.deepEqual((await discover({ cwd: root, paths: ['apps/web.yaml', 'package.json'], exclude: [], within: [] })).targets.map((t) => t.path), ['apps/web.yaml', 'package.json']);
});

test('a directory that cannot be listed is a target carrying the error, sorted among the files', async () => {
  const root = makeTree({ 'base/a.yaml': '', 'base/gone/x.yaml': '', 'base/z.yaml': '' });
  // Deleted between being seen in its parent and being listed: the walk meets ENOENT, as it meets EACCES for a locked one.
  const listing = await walk(join(root, 'base'), {
    include: (abs, isDirectory) => {
      if (isDirectory && abs.endsWith('gone')) rmSync(abs, { recursive: true });
      return true;
    },
  });
  assert.deepEqual(listing.files.map((f) => f.slice(root.length)).sort(), ['/base/a.yaml', '/base/z.yaml']);
  assert.deepEqual(listing.unreadable.map((u) => [u.path.slice(root.length), (u.error as NodeJS.ErrnoException).code]), [['/base/gone', 'ENOENT']]);

  if (process.getuid?.() === 0) return; // root lists a locked directory anyway: test/cli/bad-input.test.ts runs that case as nobody
  const locked = makeTree({ 'base/a.yaml': '', 'base/locked/x.yaml': '' });
  chmodSync(join(locked, 'base/locked'), 0o000);
  const { targets } = await discover({ cwd: locked, paths: [], exclude: [] });
  assert.deepEqual(targets.map((t) => [t.path, (t.listingError as NodeJS.ErrnoException | undefined)?.code]), [['base/a.yaml', undefined], ['base/locked', 'EACCES']]);
});

test('.gitignore files apply below their own directory, from the repository top down, as git applies them', async () => {
  const root = makeTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': 'generated/\n*.bak.yaml\n',
    'clusters/a/.gitignore': 'secret.yaml\n/only-here.yaml\n',
    'clusters/a/secret.yaml': '',
    'clusters/a/only-here.yaml': '',
    'clusters/a/sub/only-here.yaml': '',
    'clusters/a/sub/secret.yaml': '',
    'clusters/b/secret.yaml': '',
    'clusters/b/old.bak.yaml': '',
    'generated/out.yaml': '',
    'base/ns.yaml': '',
  });
  const found = (await discover({ cwd: root, paths: ['.'], exclude: [] })).targets.map((t) => t.path);
  assert.deepEqual(found, ['base/ns.yaml', 'clusters/a/sub/only-here.yaml', 'clusters/b/secret.yaml']);
});

test('a tree walked from above the working directory shows its paths relative to it, .gitignore files above it applying', async () => {
  const root = makeTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': '*.bak.yaml\n',
    'clusters/a/app.yaml': '',
    'clusters/a/app.bak.yaml': '',
    'clusters/a/sub/x.yaml': '',
    'clusters/b/y.yaml': '',
    'base/ns.yaml': '',
  });
  const found = (await discover({ cwd: join(root, 'clusters/a'), paths: ['..', '../../base'], exclude: ['sub/**'] })).targets.map((t) => t.path);
  assert.deepEqual(found, ['../../base/ns.yaml', '../b/y.yaml', 'app.yaml']);
});

test('the walk names each entry and its directory; a linked directory already walked is not walked again', () => {
  const root = makeTree({ 'base/a.yaml': '', 'base/sub/b.yaml': '' });
  symlinkSync(join(root, 'base/sub'), join(root, 'base/again'));
  const seen: string[] = [];
  const taken: string[] = [];
  const listing = walk(join(root, 'base'), {
    include: (abs, _isDirectory, name, dir) => {
      assert.equal(join(dir, name), abs);
      seen.push(abs.slice(root.length));
      return true;
    },
    taken: (abs, name, dir) => {
      assert.equal(join(dir, name), abs);
      taken.push(abs);
    },
  });
  assert.deepEqual(listing.files.map((f) => f.slice(root.length)).sort(), ['/base/a.yaml', '/base/sub/b.yaml']);
  assert.deepEqual(taken, listing.files, 'each file returned is told, in order');
  // The link is asked about only after the real tree, and skipped as its target was walked.
  assert.deepEqual(seen.sort(), ['/base/a.yaml', '/base/sub', '/base/sub/b.yaml']);
});
