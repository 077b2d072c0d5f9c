/**
 * Another revision of this project, built beside it for `npm run bench -- --against REV`: a git worktree in a
 * temporary folder with this checkout's node_modules (so a revision with other dependencies is not measured
 * faithfully), and this checkout's schema store when the store's sources (schemas/) are the same at both, else a
 * store built there from ../shared/k8s-openapi.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface Revision {
  /** The revision's short commit id, as the bench names it. */
  commit: string;
  /** Its checkout, built: `bin/gitops-check.js` runs it. */
  dir: string;
  remove(): void;
}

export function buildRevision(project: string, rev: string): Revision {
  const commit = run('git', ['rev-parse', '--short', '--verify', `${rev}^{commit}`], { cwd: project }).trim();
  const work = mkdtempSync(join(tmpdir(), 'gitops-check-bench-rev-'));
  const dir = join(work, commit);
  const remove = () => {
    spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: project });
    rmSync(work, { recursive: true, force: true });
  };
  try {
    run('git', ['worktree', 'add', '--quiet', '--detach', dir, commit], { cwd: project }, false);
    symlinkSync(join(project, 'node_modules'), join(dir, 'node_modules'));
    const sameStore = spawnSync('git', ['diff', '--quiet', commit, '--', 'schemas'], { cwd: project }).status === 0;
    if (sameStore) symlinkSync(join(project, 'schemas/store'), join(dir, 'schemas/store'));
    else run('npm', ['run', 'build:schemas'], { cwd: dir, env: { ...process.env, K8S_OPENAPI_DIR: resolve(project, '../shared/k8s-openapi') } }, false);
    run('npm', ['run', 'build'], { cwd: dir }, false);
  } catch (error) {
    remove();
    throw error;
  }
  return { commit, dir, remove };
}

/** A command's stdout when `capture`, else shown on stderr with its errors, as the bench's progress is. A failure throws. */
function run(command: string, args: string[], options: SpawnSyncOptions, capture = true): string {
  const child = spawnSync(command, args, { ...options, encoding: 'utf8', stdio: ['ignore', capture ? 'pipe' : 2, 2] });
  if (child.error) throw child.error;
  if (child.status !== 0) throw new Error(`${[command, ...args].join(' ')} exited with ${child.status ?? child.signal}`);
  return child.stdout ?? '';
}
