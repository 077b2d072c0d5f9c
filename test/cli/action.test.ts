import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { makeTree, normalizeLines, REPO_ROOT } from '../helpers/cli.js';
import { defaultCacheDir } from '../../src/cache/disk-cache.js';
import { tempDir } from '../helpers/temp.js';

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { default: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;
const checkStep = action.runs.steps.find((s) => s.id === 'check')!;

test('action.yml: a composite action that sets up node, builds its own checkout and runs the CLI from it', () => {
  assert.equal(action.runs.using, 'composite');
  assert.deepEqual(Object.keys(action.inputs), ['paths', 'kubernetes-version', 'policy', 'args', 'sarif', 'working-directory', 'node-version', 'cache']);
  assert.deepEqual(
    action.runs.steps.map((s) => s.uses ?? s.run?.split('\n')[0]),
    [
      'actions/setup-node@v4',
      'node scripts/action-install-key.mjs',
      'actions/cache/restore@v4',
      'npm ci --no-audit --no-fund',
      'actions/cache/save@v4',
      'actions/cache/restore@v4',
      '# Split lists on white space without expanding globs here: gitops-check expands them itself.',
      'actions/cache/save@v4',
    ],
  );
  for (const step of [action.runs.steps[1]!, action.runs.steps[3]!]) assert.equal(step['working-directory'], '${{ github.action_path }}');
  // no input is spliced into the script's text (script injection): they arrive as environment variables
  assert.doesNotMatch(checkStep.run!, /\$\{\{/);
  assert.equal(action.outputs.sarif!.value, '${{ steps.check.outputs.sarif }}');
});

test('action.yml: the installation is restored by its key, else built, pruned to what a run loads and saved before the check runs', () => {
  const [name, restore, install, save] = action.runs.steps.slice(1, 5) as [Step, Step, Step, Step];
  const built = ['node_modules', 'dist', 'schemas/store'].map((dir) => `\${{ github.action_path }}/${dir}`);
  for (const step of [restore, save]) {
    assert.deepEqual(step.with!.path!.trim().split('\n'), built);
    assert.equal(step.with!.key, `\${{ steps.${name.id}.outputs.key }}`);
  }
  assert.equal(restore.with!['restore-keys'], undefined, 'never an installation of another version');
  assert.equal(restore.if, "inputs.cache == 'true'");
  assert.equal(install.if, `steps.${restore.id}.outputs.cache-hit != 'true'`);
  assert.deepEqual(install.run!.trim().split('\n'), ['npm ci --no-audit --no-fund', 'npm prune --omit=dev --no-audit --no-fund']);
  assert.equal(save.if, `inputs.cache == 'true' && steps.${restore.id}.outputs.cache-hit != 'true'`);
  assert.ok(action.runs.steps.indexOf(save) < action.runs.steps.indexOf(checkStep));
  // The check runs the installed CLI itself: no npx (half a second a run) resolving it again.
  assert.match(checkStep.run!, /^\s*exec node "\$GITOPS_CHECK_HOME\/bin\/gitops-check\.js" "\$\{args\[@\]\}"$/m);
});

/** The installation key the action's first step writes to $GITHUB_OUTPUT, for the action directory `dir`. */
function installKey(dir: string, env: Record<string, string> = { RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' }): string {
  const output = join(tempDir('gh-output-'), 'out');
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/action-install-key.mjs')], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env, GITHUB_OUTPUT: output } });
  assert.equal(run.status, 0, run.stderr);
  const lines = readFileSync(output, 'utf8').split('\n');
  assert.equal(lines.length, 2);
  assert.equal(lines[1], '');
  return lines[0]!;
}

test('the installation key: the action\'s files by path and content, not what installing makes, with the platform and Node major', () => {
  const dir = makeTree({ 'package.json': '{"name":"gitops-check"}\n', 'src/a.ts': 'export const a = 1;\n', 'schemas/build.ts': '// builds\n' });
  const key = installKey(dir);
  assert.match(key, new RegExp(`^key=gitops-check-install-Linux-X64-node${process.versions.node.split('.')[0]}-[0-9a-f]{64}$`));
  // Installing makes these: the key stays.
  for (const made of ['node_modules/x/index.js', 'dist/a.js', 'schemas/store/index.json', '.git/HEAD']) {
    mkdirSync(dirname(join(dir, made)), { recursive: true });
    writeFileSync(join(dir, made), 'made\n');
  }
  assert.equal(installKey(dir), key);
  // Another version of the action: any file's content, a new file, a moved one.
  writeFileSync(join(dir, 'src/a.ts'), 'export const a = 2;\n');
  const edited = installKey(dir);
  assert.notEqual(edited, key);
  writeFileSync(join(dir, 'src/b.ts'), '');
  const added = installKey(dir);
  assert.notEqual(added, edited);
  renameSync(join(dir, 'src/b.ts'), join(dir, 'src/c.ts'));
  assert.notEqual(installKey(dir), added);
  assert.match(installKey(dir, { RUNNER_OS: 'macOS', RUNNER_ARCH: 'ARM64' }), /^key=gitops-check-install-macOS-ARM64-node\d+-/);
});

test('action.yml: the cache directory the check uses is restored on every run and saved only by push events, findings or not', () => {
  // The second pair of cache steps: the first keeps the installation.
  const [restore, save] = ['actions/cache/restore@v4', 'actions/cache/save@v4'].map((uses) => action.runs.steps.findLast((s) => s.uses === uses)!);
  assert.equal(action.inputs.cache!.default, 'true');
  assert.equal(checkStep.env!.XDG_CACHE_HOME, '${{ runner.temp }}/gitops-check-cache');
  const saved = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = checkStep.env!.XDG_CACHE_HOME;
  const used = defaultCacheDir();
  if (saved === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = saved;
  for (const step of [restore!, save!]) assert.equal(step.with!.path, used);
  assert.equal(save!.with!.key, restore!.with!.key);
  assert.ok(restore!.with!.key!.startsWith(restore!.with!['restore-keys']!), 'the newest saved cache is restored');
  assert.equal(restore!.if, "inputs.cache == 'true'");
  // A pull request's CRDs make validator code: such a run never writes the cache later runs execute.
  assert.equal(save!.if, "${{ !cancelled() && inputs.cache == 'true' && github.event_name == 'push' }}");
});

/** Runs the action's check script as the runner would (bash -e), with the inputs as the runner passes them. */
function runStep(cwd: string, inputs: Record<string, string>) {
  const out = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', checkStep.run!], {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      NO_COLOR: '1',
      GITHUB_ACTIONS: '',
      GITHUB_STEP_SUMMARY: '',
      GITHUB_OUTPUT: join(cwd, 'github-output'),
      GITOPS_CHECK_HOME: REPO_ROOT,
      INPUT_PATHS: '',
      INPUT_KUBERNETES_VERSION: '',
      INPUT_POLICY: '',
      INPUT_ARGS: '',
      INPUT_SARIF: '',
      ...inputs,
    },
  });
  return { code: out.status, lines: normalizeLines(out.stdout), stderr: out.stderr };
}

test('the check step passes paths (globs unexpanded), extra flags and the SARIF file to the CLI; its exit code is the step\'s', () => {
  const root = makeTree({
    'base/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n',
    'clusters/kind/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n  a: "2"\n',
    'clusters/kind/skip.yaml': 'kind: [',
  });
  const r = runStep(root, { INPUT_PATHS: 'base\nclusters/**/cm.yaml', INPUT_ARGS: '--quiet', INPUT_SARIF: 'out/gitops-check.sarif' });
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(r.lines, ['FAIL - clusters/kind/cm.yaml:7:3 - duplication of key "a" in mapping (yaml/key-duplicates)']);
  const sarif = JSON.parse(readFileSync(join(root, 'out/gitops-check.sarif'), 'utf8')) as { runs: Array<{ results: unknown[] }> };
  assert.equal(sarif.runs[0]!.results.length, 1);
  assert.equal(readFileSync(join(root, 'github-output'), 'utf8'), 'sarif=out/gitops-check.sarif\n');

  const clean = runStep(root, { INPUT_PATHS: 'base' });
  assert.equal(clean.code, 0, clean.stderr);
  assert.deepEqual(clean.lines, ['PASS - base/ns.yaml - Namespace web', '1 file, 1 document · 1 passed · 0 failed · 0 warnings · 0 skipped · T s']);
});

test('the policy input: Rego directories or files split on white space, each passed as --policy; kubernetes-version as --kubernetes-version', () => {
  const root = makeTree({
    'base/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: web\n',
    'base/psp.yaml': 'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: legacy\nspec: {}\n',
    'rules/configmaps.rego': 'package main\nimport rego.v1\ndeny contains msg if {\n\tinput.kind == "ConfigMap"\n\tmsg := sprintf("ConfigMap %s: use the settings service", [input.metadata.name])\n}\n',
    'extra/names.rego': 'package main\nimport rego.v1\nwarn contains msg if {\n\tcount(input.metadata.name) < 4\n\tmsg := "short name"\n}\n',
  });
  const both = runStep(root, { INPUT_POLICY: ' rules\n\textra/names.rego \n', INPUT_ARGS: '--no-builtin-policies', INPUT_PATHS: 'base' });
  assert.equal(both.code, 1, both.stderr);
  assert.deepEqual(both.lines, [
    'FAIL - base/cm.yaml:1:1 - ConfigMap cfg: use the settings service (policy/main)',
    'WARN - base/cm.yaml:1:1 - short name (policy/main)',
    'FAIL - base/psp.yaml:1:1 - policy/v1beta1 PodSecurityPolicy was removed in Kubernetes 1.25 (schema)',
    '2 files, 2 documents · 0 passed · 2 failed · 0 warnings · 0 skipped · T s',
  ]);
  const older = runStep(root, { INPUT_KUBERNETES_VERSION: '1.24', INPUT_PATHS: 'base' });
  assert.equal(older.code, 2);
  assert.equal(older.stderr, 'gitops-check: Kubernetes version 1.24 is not in the schema store (available: 1.25, 1.26, 1.27, 1.28, 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36)\n');
  // no shell quoting: a quote is part of the path, which the CLI then names (exit 2, a configuration error)
  const quoted = runStep(root, { INPUT_POLICY: '"rules"', INPUT_PATHS: 'base' });
  assert.equal(quoted.code, 2);
  assert.equal(quoted.stderr, 'gitops-check: policy path does not exist: "rules"\n');
});
