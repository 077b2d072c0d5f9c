import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { initFiles } from '../../src/cli/init.js';
import { makeTree, REPO_ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n';

test('init writes the config, the workflow and the pre-commit config, pinned to this version', () => {
  const root = makeTree({ 'base/ns.yaml': namespace });
  const r = runCli(['init'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'created .gitops-check.yaml\ncreated .github/workflows/gitops-check.yml\ncreated .pre-commit-config.yaml\n');
  for (const { path, content } of initFiles(version)) assert.equal(readFileSync(join(root, path), 'utf8'), content, path);

  // the written config is one the check accepts as it is
  const check = runCli([], root);
  assert.equal(check.code, 0, check.stderr);
  assert.deepEqual(check.lines, ['PASS - base/ns.yaml - Namespace web', '1 file, 1 document · 1 passed · 0 failed · 0 warnings · 0 skipped · T s']);

  const workflow = parse(readFileSync(join(root, '.github/workflows/gitops-check.yml'), 'utf8')) as { jobs: { 'gitops-check': { steps: Array<{ run?: string; uses?: string; if?: string; with?: Record<string, string> }> } } };
  const steps = workflow.jobs['gitops-check'].steps;
  const checkStep = steps.find((s) => s.run)!;
  const run = checkStep.run!;
  assert.equal(run, `npx --yes gitops-check@${version} --cache-dir "$RUNNER_TEMP/gitops-check-cache" -o text -o sarif=gitops-check.sarif`);
  // The compiled code is kept between runs where the check writes it: restored on every run, saved by pushes only.
  const [restore, save] = ['actions/cache/restore@v4', 'actions/cache/save@v4'].map((uses) => steps.find((s) => s.uses === uses)!);
  assert.ok(steps.indexOf(restore!) < steps.indexOf(checkStep) && steps.indexOf(checkStep) < steps.indexOf(save!));
  for (const step of [restore!, save!]) assert.equal(step.with!.path, '${{ runner.temp }}/gitops-check-cache');
  assert.equal(save!.with!.key, restore!.with!.key);
  assert.ok(restore!.with!.key!.startsWith(restore!.with!['restore-keys']!));
  assert.equal(save!.if, "${{ !cancelled() && github.event_name == 'push' }}");
  // The step as the runner runs it (this build for the published package): its entries land in that directory.
  const temp = tempDir('runner-temp-');
  const step = spawnSync('bash', ['-eo', 'pipefail', '-c', run.replace(`npx --yes gitops-check@${version}`, `"${process.execPath}" "${join(REPO_ROOT, 'bin/gitops-check.js')}"`)], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, RUNNER_TEMP: temp, NO_COLOR: '1', GITHUB_ACTIONS: '' },
  });
  assert.equal(step.status, 0, step.stderr);
  assert.ok(readdirSync(join(temp, 'gitops-check-cache')).includes('validators'), 'compiled validators kept in the cached directory');
  assert.deepEqual(steps.at(-1), { name: 'Upload findings to code scanning', if: '${{ !cancelled() }}', uses: 'github/codeql-action/upload-sarif@v3', with: { sarif_file: 'gitops-check.sarif', category: 'gitops-check' } });

  const preCommit = parse(readFileSync(join(root, '.pre-commit-config.yaml'), 'utf8')) as { repos: Array<{ repo: string; hooks: Array<Record<string, unknown>> }> };
  assert.deepEqual(preCommit.repos[0]!.hooks[0], {
    id: 'gitops-check',
    name: 'gitops-check',
    language: 'node',
    entry: 'gitops-check --only-in-paths',
    additional_dependencies: [`gitops-check@${version}`],
    files: '\\.(ya?ml|json)$',
    exclude: '(^|/)\\.',
    require_serial: true,
  });
});

test('init never overwrites: an existing file is skipped and said so', () => {
  const root = makeTree({ '.gitops-check.yaml': 'failOnWarn: true\n' });
  const r = runCli(['init'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'skipped .gitops-check.yaml (it exists)\ncreated .github/workflows/gitops-check.yml\ncreated .pre-commit-config.yaml\n');
  assert.equal(readFileSync(join(root, '.gitops-check.yaml'), 'utf8'), 'failOnWarn: true\n');
  const again = runCli(['init'], root);
  assert.equal(again.stdout, 'skipped .gitops-check.yaml (it exists)\nskipped .github/workflows/gitops-check.yml (it exists)\nskipped .pre-commit-config.yaml (it exists)\n');
});

test('init where a file cannot be written: exit 2 naming it', () => {
  const root = makeTree({});
  writeFileSync(join(root, '.github'), 'a file, not a folder');
  const r = runCli(['init'], root);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, 'created .gitops-check.yaml\n');
  assert.equal(r.stderr, 'gitops-check: .github/workflows/gitops-check.yml: cannot write: ENOTDIR: not a directory\n');
});
