import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { makeTree, normalizeLines, REPO_ROOT } from '../helpers/cli.js';

interface Step {
  id?: string;
  uses?: string;
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
  assert.deepEqual(Object.keys(action.inputs), ['paths', 'kubernetes-version', 'policy', 'args', 'sarif', 'working-directory', 'node-version']);
  assert.deepEqual(
    action.runs.steps.map((s) => s.uses ?? s.run?.split('\n')[0]),
    ['actions/setup-node@v4', 'npm ci --no-audit --no-fund', '# Split lists on white space without expanding globs here: gitops-check expands them itself.'],
  );
  assert.equal(action.runs.steps[1]!['working-directory'], '${{ github.action_path }}');
  // no input is spliced into the script's text (script injection): they arrive as environment variables
  assert.doesNotMatch(checkStep.run!, /\$\{\{/);
  assert.equal(action.outputs.sarif!.value, '${{ steps.check.outputs.sarif }}');
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
