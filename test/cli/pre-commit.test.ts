import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { makeTree, REPO_ROOT } from '../helpers/cli.js';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  exclude: string;
  [key: string]: unknown;
}

const hooks = parse(readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const skip = preCommit.status === 0 ? false : 'pre-commit is not installed (Debian package pre-commit): the hook is not run end to end';

const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n';
const duplicated = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: web\ndata:\n  a: "1"\n  a: "2"\n';

test('.pre-commit-hooks.yaml declares the gitops-check hook: node, YAML/JSON files, file names passed', () => {
  assert.equal(hooks.length, 1);
  const hook = hooks[0]!;
  assert.deepEqual([hook.id, hook.entry, hook.language, hook.files, hook.exclude, hook.require_serial, hook.pass_filenames], ['gitops-check', 'gitops-check', 'node', '\\.(ya?ml|json)$', '(^|/)\\.', true, undefined]);
  const files = new RegExp(hook.files);
  const exclude = new RegExp(hook.exclude);
  const selected = ['base/ns.yaml', 'clusters/a/b.yml', 'x.json', 'README.md', '.gitops-check.yaml', '.github/workflows/ci.yml', 'a/.hidden/x.yaml'].filter((f) => files.test(f) && !exclude.test(f));
  assert.deepEqual(selected, ['base/ns.yaml', 'clusters/a/b.yml', 'x.json']);
});

/**
 * pre-commit's `language: node` installs the hook's repository from the npm registry into its own
 * environment, which this offline test cannot do; the hook runs here as the same hook with
 * `language: system` and the built CLI as its entry. Everything else is pre-commit's own doing:
 * the git hook, the file selection, the file names passed, the verdict.
 */
test('the hook blocks a commit with a bad manifest and lets the fixed one through', { skip }, () => {
  const repo = makeTree({ 'base/ns.yaml': namespace, 'clusters/kind/web/cm.yaml': duplicated, 'docs/notes.txt': 'notes', '.gitops-check.yaml': 'failOnWarn: false\n' });
  const env = {
    ...process.env,
    PRE_COMMIT_HOME: join(repo, '.cache-pre-commit'),
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@example.com',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@example.com',
    GITHUB_ACTIONS: '',
    NO_COLOR: '1',
  };
  const run = (cmd: string, ...args: string[]) => spawnSync(cmd, args, { cwd: repo, env, encoding: 'utf8' });
  const hook = { ...hooks[0]!, language: 'system', entry: `'${process.execPath}' '${join(REPO_ROOT, 'bin/gitops-check.js')}'` };
  writeFileSync(join(repo, '.pre-commit-config.yaml'), stringify({ repos: [{ repo: 'local', hooks: [hook] }] }));
  writeFileSync(join(repo, '.gitignore'), '.cache-pre-commit/\n');
  assert.equal(run('git', 'init', '-q').status, 0);
  assert.equal(run('pre-commit', 'install').status, 0);
  assert.equal(run('git', 'add', '-A').status, 0);

  const blocked = run('git', 'commit', '-q', '-m', 'add manifests');
  assert.equal(blocked.status, 1, blocked.stderr);
  const out = blocked.stdout + blocked.stderr;
  assert.match(out, /^gitops-check\.+Failed$/m);
  assert.match(out, /^- exit code: 1$/m);
  // only the staged manifests were passed: not the dot files, not the notes
  assert.match(out, /^FAIL - clusters\/kind\/web\/cm\.yaml:8:3 - duplication of key "a" in mapping \(yaml\/key-duplicates\)$/m);
  assert.match(out, /^PASS - base\/ns\.yaml - Namespace web$/m);
  assert.match(out, /^2 files, 2 documents · 1 passed · 1 failed · 0 warnings · 0 skipped · \d+\.\d+ s$/m);
  assert.equal(run('git', 'rev-parse', '--verify', '-q', 'HEAD').status, 1); // nothing committed

  writeFileSync(join(repo, 'clusters/kind/web/cm.yaml'), duplicated.replace('  a: "2"\n', ''));
  assert.equal(run('git', 'add', '-A').status, 0);
  const committed = run('git', 'commit', '-q', '-m', 'add manifests');
  assert.equal(committed.status, 0, committed.stdout + committed.stderr);
  assert.match(committed.stdout + committed.stderr, /^gitops-check\.+Passed$/m);

  // a commit touching no manifest skips the hook
  writeFileSync(join(repo, 'docs/notes.txt'), 'more notes');
  assert.equal(run('git', 'add', '-A').status, 0);
  const docs = run('git', 'commit', '-q', '-m', 'docs');
  assert.equal(docs.status, 0);
  assert.match(docs.stdout + docs.stderr, /^gitops-check\.+\(no files to check\)Skipped$/m);
});
