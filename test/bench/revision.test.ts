import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildRevision } from '../../bench/revision.js';
import { REPO_ROOT } from '../helpers/cli.js';

const worktrees = () => spawnSync('git', ['worktree', 'list', '--porcelain'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout;

test('`bench --against REV` checks REV out and builds it beside this checkout, runs it, and removes it', () => {
  const revision = buildRevision(REPO_ROOT, 'HEAD');
  try {
    const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout.trim();
    assert.equal(revision.commit, head);
    assert.ok(worktrees().includes(revision.dir));
    // This checkout's packages, and its schema store: schemas/ is the same at HEAD.
    assert.ok(lstatSync(join(revision.dir, 'node_modules')).isSymbolicLink());
    assert.ok(lstatSync(join(revision.dir, 'schemas/store')).isSymbolicLink());
    const version = spawnSync(process.execPath, [join(revision.dir, 'bin/gitops-check.js'), '--version'], { encoding: 'utf8' });
    assert.equal(version.stdout.trim(), (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  } finally {
    revision.remove();
  }
  assert.equal(existsSync(revision.dir), false);
  assert.ok(!worktrees().includes(revision.dir));
  assert.throws(() => buildRevision(REPO_ROOT, 'no-such-revision'), /git rev-parse .* exited with 128/);
});
