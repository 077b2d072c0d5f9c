import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { residentAddress } from '../../src/cli/resident/address.js';
import { CORPORA, REPO_ROOT, makeTree, runCli, widgetCrd, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

// Each run's environment names this file's own cache directory: the resident process these tests start is theirs.
const cacheHome = tempDir('gitops-check-resident-');
const env = { XDG_CACHE_HOME: cacheHome, GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '' };
const resident = (args: string[], cwd: string, extra: Record<string, string> = {}) => runCli(['--resident', ...args], cwd, { env: { ...env, ...extra } });
const inProcess = (args: string[], cwd: string, extra: Record<string, string> = {}) => runCli(args, cwd, { env: { ...env, ...extra } });
const stop = () => runCli(['--resident-stop'], cacheHome, { env });
const same = (a: CliResult, b: CliResult, label: string) => assert.deepEqual([a.code, a.lines, a.stderr], [b.code, b.lines, b.stderr], label);

after(() => stop());

const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n';
const duplicated = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: web\ndata:\n  a: "1"\n  a: "2"\n';

test('--resident: the same output and exit code as a run in its own process, run after run, then --resident-stop ends it', () => {
  const corpus = join(CORPORA, 'argocd-example-apps');
  const own = inProcess(['-o', 'json'], corpus);
  const text = inProcess([], corpus);
  assert.equal(own.code, 1);
  for (let run = 0; run < 3; run++) {
    const served = resident(['-o', 'json'], corpus);
    assert.equal(served.stdout, own.stdout, `run ${run}`);
    assert.deepEqual([served.code, served.stderr], [1, '']);
    same(resident([], corpus), text, `text, run ${run}`);
  }
  assert.deepEqual([stop().stderr, stop().stderr], ['gitops-check: stopped the resident process\n', 'gitops-check: no resident process was running\n']);
});

test('--resident: each run in its own working directory and environment', () => {
  const clean = makeTree({ 'base/ns.yaml': namespace });
  const failing = makeTree({ 'base/ns.yaml': namespace, 'clusters/kind/cm.yaml': duplicated });
  const cases: Array<[string, Record<string, string>]> = [
    [failing, { GITHUB_ACTIONS: 'true' }],
    [clean, {}],
    [failing, {}],
    [clean, { GITHUB_ACTIONS: 'true' }],
  ];
  for (const [cwd, extra] of cases) same(resident([], cwd, extra), inProcess([], cwd, extra), `${cwd} ${JSON.stringify(extra)}`);
  const annotated = resident([], failing, { GITHUB_ACTIONS: 'true' });
  assert.ok(annotated.lines.includes('::error file=clusters/kind/cm.yaml,line=8,col=3,title=yaml/key-duplicates::duplication of key "a" in mapping'), annotated.stdout);
  assert.ok(!resident([], failing).stdout.includes('::error'));
});

test('--resident: a policy edited between two runs is read again', () => {
  const root = makeTree({ 'base/ns.yaml': namespace });
  const policy = (message: string) => `package main\n\ndeny contains msg if {\n  input.kind == "Namespace"\n  msg := "${message}"\n}\n`;
  writeFileSync(join(root, 'policy.rego'), policy('first message'));
  const first = resident(['--policy', 'policy.rego', '--no-builtin-policies'], root);
  writeFileSync(join(root, 'policy.rego'), policy('second message'));
  const second = resident(['--policy', 'policy.rego', '--no-builtin-policies'], root);
  assert.deepEqual([first.code, second.code], [1, 1]);
  assert.match(first.stdout, /first message/);
  assert.match(second.stdout, /second message/);
  assert.doesNotMatch(second.stdout, /first message/);
});

test('--resident: a CRD edited between two runs validates its resources with the new schema', () => {
  const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: web\nspec:\n  size: big\n';
  const root = makeTree({ 'base/ns.yaml': namespace, 'base/crd.yaml': widgetCrd('integer'), 'clusters/kind/widget.yaml': widget });
  const asInteger = resident([], root);
  same(asInteger, inProcess([], root), 'integer');
  assert.ok(asInteger.lines.some((line) => line.startsWith('FAIL - clusters/kind/widget.yaml:7:') && line.endsWith('(schema)')), asInteger.stdout);
  writeFileSync(join(root, 'base/crd.yaml'), widgetCrd('string'));
  const asString = resident([], root);
  same(asString, inProcess([], root), 'string');
  assert.equal(asString.code, 0, asString.stdout);
});

test('--resident: --timings times that run alone; a configuration error is exit 2 and one line, as in its own process', () => {
  const root = makeTree({ 'base/ns.yaml': namespace });
  const timed = resident(['--timings'], root);
  assert.match(timed.stderr, /^timings \(wall seconds; one thread\)\n/);
  const total = Number(/total \(wall\) +(\d+\.\d+)/.exec(timed.stderr)?.[1]);
  assert.ok(total > 0 && total < 30, timed.stderr);
  assert.equal(resident([], root).stderr, '');
  writeFileSync(join(root, '.gitops-check.yaml'), 'kubernetesVersion: [1\n');
  const bad = resident([], root);
  same(bad, inProcess([], root), 'config error');
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.split('\n').length, 2, bad.stderr);
});

test('--resident with - among the paths reads stdin in its own process', () => {
  const root = makeTree({});
  const r = runCli(['--resident', '-'], root, { env, input: duplicated });
  assert.equal(r.code, 1);
  assert.deepEqual(r.lines.slice(0, 1), ['FAIL - stdin:8:3 - duplication of key "a" in mapping (yaml/key-duplicates)']);
});

test('the resident process ends after GITOPS_CHECK_RESIDENT_IDLE_SECONDS without a run', async () => {
  const root = makeTree({ 'base/ns.yaml': namespace });
  stop();
  assert.equal(resident([], root, { GITOPS_CHECK_RESIDENT_IDLE_SECONDS: '1' }).code, 0);
  await new Promise((resolve) => setTimeout(resolve, 2500));
  assert.equal(stop().stderr, 'gitops-check: no resident process was running\n');
});

test('a client killed during its run leaves the resident process serving the next one', async () => {
  const corpus = join(CORPORA, 'flux2-kustomize-helm-example');
  const own = inProcess(['-o', 'json'], corpus);
  for (const afterMs of [50, 150, 300]) {
    const client = spawn(process.execPath, [join(REPO_ROOT, 'bin/gitops-check.js'), '--resident', '-o', 'json'], { cwd: corpus, env: { ...process.env, ...env }, stdio: 'ignore' });
    const closed = new Promise((resolve) => client.once('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, afterMs));
    client.kill('SIGKILL');
    await closed;
    const next = resident(['-o', 'json'], corpus);
    assert.deepEqual([next.code, next.stderr], [own.code, ''], `killed after ${afterMs} ms`);
    assert.equal(next.stdout, own.stdout, `killed after ${afterMs} ms`);
  }
});

test('a socket left by a resident process that died is replaced by the next one', async () => {
  stop();
  const address = residentAddress(join(REPO_ROOT, 'dist/bundle/gitops-check.js'), join(cacheHome, 'gitops-check'))!;
  const dead = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(address)}, () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => dead.stdout.once('data', resolve));
  const closed = new Promise((resolve) => dead.once('close', resolve));
  dead.kill('SIGKILL');
  await closed;
  assert.ok(existsSync(address));
  const root = makeTree({ 'base/ns.yaml': namespace });
  same(resident([], root), inProcess([], root), 'after a dead socket');
  assert.equal(stop().stderr, 'gitops-check: stopped the resident process\n');
});

test('two first runs at once: one resident process serves both, each its own report', async () => {
  stop();
  const clean = makeTree({ 'base/ns.yaml': namespace });
  const failing = makeTree({ 'base/ns.yaml': namespace, 'clusters/kind/cm.yaml': duplicated });
  const start = (cwd: string) =>
    new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/gitops-check.js'), '--resident', '-o', 'json'], { cwd, env: { ...process.env, ...env } });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.on('close', (code) => resolve({ code, stdout }));
    });
  const [a, b] = await Promise.all([start(clean), start(failing)]);
  assert.deepEqual([a.code, a.stdout], [0, inProcess(['-o', 'json'], clean).stdout]);
  assert.deepEqual([b.code, b.stdout], [1, inProcess(['-o', 'json'], failing).stdout]);
  assert.equal(stop().stderr, 'gitops-check: stopped the resident process\n');
  assert.equal(stop().stderr, 'gitops-check: no resident process was running\n');
});

test('--resident: a reader that closes stdout early ends the output, and the exit code still gives the verdict; a slow reader gets the whole report', async () => {
  const cms = Array.from({ length: 3000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata: {a: 1}\n`).join('---\n');
  const root = makeTree({ 'base/cms.yaml': cms });
  const client = () => spawn(process.execPath, [join(REPO_ROOT, 'bin/gitops-check.js'), '--resident', '-o', 'json'], { cwd: root, env: { ...process.env, ...env } });
  const own = inProcess(['-o', 'json'], root);
  assert.equal(resident(['-o', 'json'], root).stdout, own.stdout);

  const closing = client();
  let stderr = '';
  closing.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  closing.stdout.once('data', () => closing.stdout.destroy());
  assert.deepEqual([await new Promise((resolve) => closing.on('close', resolve)), stderr], [1, '']);

  const slow = client();
  const chunks: Buffer[] = [];
  slow.stdout.pause();
  const paused = new Promise((resolve) => setTimeout(resolve, 500));
  void paused.then(() => slow.stdout.on('data', (chunk: Buffer) => chunks.push(chunk)).resume());
  assert.equal(await new Promise((resolve) => slow.on('close', resolve)), 1);
  assert.equal(Buffer.concat(chunks).toString('utf8'), own.stdout);
  assert.ok(own.stdout.length > 1_000_000);
});

test('a resident directory others can open is not used: the run happens in its own process', () => {
  const shared = tempDir('gitops-check-resident-open-');
  mkdirSync(join(shared, 'gitops-check', 'resident'), { recursive: true });
  chmodSync(join(shared, 'gitops-check', 'resident'), 0o755);
  const root = makeTree({ 'base/ns.yaml': namespace, 'clusters/kind/cm.yaml': duplicated });
  const sharedEnv = { ...env, XDG_CACHE_HOME: shared };
  same(runCli(['--resident'], root, { env: sharedEnv }), runCli([], root, { env: sharedEnv }), 'in its own process');
  assert.equal(runCli(['--resident-stop'], root, { env: sharedEnv }).stderr, 'gitops-check: no resident process was running\n');
});
