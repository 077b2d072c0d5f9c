import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { makeTree, REPO_ROOT, runCli } from '../helpers/cli.js';

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

test('.pre-commit-hooks.yaml declares the gitops-check hook: node, YAML/JSON files, file names passed, only those in the configured paths', () => {
  assert.equal(hooks.length, 1);
  const hook = hooks[0]!;
  assert.deepEqual([hook.id, hook.entry, hook.language, hook.files, hook.exclude, hook.require_serial, hook.pass_filenames], ['gitops-check', 'gitops-check --only-in-paths', 'node', '\\.(ya?ml|json)$', '(^|/)\\.', true, undefined]);
  const files = new RegExp(hook.files);
  const exclude = new RegExp(hook.exclude);
  const selected = ['base/ns.yaml', 'clusters/a/b.yml', 'x.json', 'README.md', '.gitops-check.yaml', '.github/workflows/ci.yml', 'a/.hidden/x.yaml'].filter((f) => files.test(f) && !exclude.test(f));
  assert.deepEqual(selected, ['base/ns.yaml', 'clusters/a/b.yml', 'x.json']);
});

test('--only-in-paths: named files outside the configured paths (config paths, else base/ and clusters/) are left out, not failed', () => {
  const repo = makeTree({ 'base/ns.yaml': namespace, 'apps/cm.yaml': duplicated, 'package.json': '{"name": "infra"}\n', 'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\n' });
  const staged = ['package.json', 'charts/web/Chart.yaml', 'base/ns.yaml', 'apps/cm.yaml'];
  assert.deepEqual(runCli(staged, repo).lines, [
    'FAIL - apps/cm.yaml:8:3 - duplication of key "a" in mapping (yaml/key-duplicates)',
    'PASS - base/ns.yaml - Namespace web',
    "FAIL - charts/web/Chart.yaml:1:1 - missing 'kind' key (schema)",
    "FAIL - package.json:1:1 - missing 'kind' key (schema)",
    '4 files, 4 documents · 1 passed · 3 failed · 0 warnings · 0 skipped · T s',
  ]);
  const inTrees = runCli(['--only-in-paths', ...staged], repo);
  assert.equal(inTrees.code, 0);
  assert.deepEqual(inTrees.lines, ['PASS - base/ns.yaml - Namespace web', '1 file, 1 document · 1 passed · 0 failed · 0 warnings · 0 skipped · T s']);

  writeFileSync(join(repo, '.gitops-check.yaml'), 'paths: [apps]\n');
  const configured = runCli(['--only-in-paths', ...staged], repo);
  assert.equal(configured.code, 1);
  assert.deepEqual(configured.lines, ['FAIL - apps/cm.yaml:8:3 - duplication of key "a" in mapping (yaml/key-duplicates)', '1 file, 1 document · 0 passed · 1 failed · 0 warnings · 0 skipped · T s']);
  // nothing left: an empty, passing run
  assert.deepEqual(runCli(['--only-in-paths', 'package.json'], repo).lines, ['0 files, 0 documents · 0 passed · 0 failed · 0 warnings · 0 skipped · T s']);
});

/**
 * pre-commit's `language: node` installs the hook's repository from the npm registry into its own
 * environment, which this offline test cannot do; the hook runs here as the same hook with
 * `language: system` and the built CLI as its entry. Everything else is pre-commit's own doing:
 * the git hook, the file selection, the file names passed, the verdict.
 */
test('the hook blocks a commit with a bad manifest and lets the fixed one through; staged YAML outside base/ and clusters/ is left out', { skip }, () => {
  commitsThroughTheHook([], {});
});

test('the same with `args: [--resident]`: the commits after the first are checked by the resident process', { skip }, () => {
  const cacheHome = makeTree({});
  try {
    commitsThroughTheHook(['--resident'], { XDG_CACHE_HOME: cacheHome });
  } finally {
    assert.equal(runCli(['--resident-stop'], cacheHome, { env: { XDG_CACHE_HOME: cacheHome } }).stderr, 'gitops-check: stopped the resident process\n');
  }
});

function commitsThroughTheHook(args: string[], extraEnv: Record<string, string>): void {
  const repo = makeTree({
    'base/ns.yaml': namespace,
    'clusters/kind/web/cm.yaml': duplicated,
    'docs/notes.txt': 'notes',
    '.gitops-check.yaml': 'failOnWarn: false\n',
    // YAML and JSON that are not manifests: each would fail the object gate if it were checked
    'package.json': '{"name": "infra", "private": true}\n',
    'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
    'charts/web/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
    '.github/workflows/ci.yaml': 'on: push\njobs: {}\n',
  });
  const env = {
    ...process.env,
    PRE_COMMIT_HOME: join(repo, '.cache-pre-commit'),
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@example.com',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@example.com',
    GITHUB_ACTIONS: '',
    NO_COLOR: '1',
    ...extraEnv,
  };
  const run = (cmd: string, ...argv: string[]) => spawnSync(cmd, argv, { cwd: repo, env, encoding: 'utf8' });
  const hook = { ...hooks[0]!, language: 'system', entry: hooks[0]!.entry.replace(/^gitops-check/, `'${process.execPath}' '${join(REPO_ROOT, 'bin/gitops-check.js')}'`), ...(args.length > 0 && { args }) };
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
  // only the staged manifests were checked: not the dot files, the notes, package.json or the chart
  assert.doesNotMatch(out, /package\.json|Chart\.yaml|charts\/|\.github/);
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
}
