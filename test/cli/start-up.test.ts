// What a small run (the pre-commit hook's) loads of Node: only what it uses. Each built-in module loaded is paid by
// every run, in time and page faults (docs/performance.md), so those of features the run does not use load on demand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTree, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n';

/** The built-in modules a run of the CLI loaded, from a module required before it that lists them as it exits. */
function builtinsLoaded(args: string[], cwd: string): { code: number | null; modules: Set<string> } {
  const probe = join(tempDir(), 'probe.cjs');
  writeFileSync(probe, "process.on('exit', () => process.stderr.write('loaded: ' + process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join(' ') + '\\n'));\n");
  const result = runCli(args, cwd, { env: { NODE_OPTIONS: `--require ${probe}` } });
  const line = result.stderr.split('\n').find((l) => l.startsWith('loaded: '));
  assert.ok(line, result.stderr);
  return { code: result.code, modules: new Set(line.slice('loaded: '.length).split(' ')) };
}

test('a run of a few named files loads neither worker_threads (the read thread, --jobs) nor child_process (--resident)', () => {
  const root = makeTree({ 'clusters/prod/web.yaml': deployment, 'clusters/prod/other.yaml': deployment.replaceAll('web', 'other') });
  const cacheDir = tempDir();
  for (const round of ['fills the caches', 'takes from them']) {
    const { code, modules } = builtinsLoaded(['--cache-dir', cacheDir, 'clusters/prod/web.yaml'], root);
    assert.equal(code, 1, round); // the image has no resource limits
    assert.ok(modules.has('fs') && modules.has('vm'), `${round}: the probe lists what was loaded`);
    // (net is Node's own when stdout is a pipe, as here and under pre-commit.)
    for (const name of ['worker_threads', 'child_process']) assert.ok(!modules.has(name), `${round}: ${name} loaded`);
  }
});
