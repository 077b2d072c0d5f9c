import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPORA, REPO_ROOT, makeTree, runCli, widgetCrd } from '../helpers/cli.js';
import { DiskCache, sha256 } from '../../src/cache/disk-cache.js';
import { tempDir } from '../helpers/temp.js';

const corpus = join(CORPORA, 'k8s-gitops-demo');
const cacheHome = () => tempDir('gitops-check-cache-');
/** The entries of one kind of cache (`validators`, `v8`, `code`) under a cache home, as paths. */
const entries = (home: string, kind = 'validators') => {
  const dir = join(home, 'gitops-check', kind);
  return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
};
/** An entry is intact when its header's checksum is its body's. */
const intact = (file: string) => {
  const bytes = readFileSync(file);
  const newline = bytes.indexOf('\n');
  return bytes.toString('latin1', 0, newline) === `gitops-check cache 1 sha256=${sha256(bytes.subarray(newline + 1))}`;
};

test('compiled validators come from the cache on the next run, with the same report as --no-cache', () => {
  const home = cacheHome();
  const env = { XDG_CACHE_HOME: home };
  const uncached = runCli(['--no-cache'], corpus, { env });
  assert.ok(!existsSync(join(home, 'gitops-check')), '--no-cache writes nothing');
  const cold = runCli([], corpus, { env });
  const written = entries(home);
  assert.ok(written.length > 10, `one entry per kind and CRD schema, got ${written.length}`);
  assert.ok(written.every(intact));
  const warm = runCli([], corpus, { env });
  assert.deepEqual(entries(home), written, 'a warm run adds nothing');
  assert.ok(uncached.lines.some((l) => l.endsWith('(schema)')));
  assert.deepEqual(cold.lines, uncached.lines);
  assert.deepEqual(warm.lines, uncached.lines);
  assert.equal(warm.code, uncached.code);
});

test('the workload kinds share one stored validator module; each still reports its own schema errors, as with --no-cache', () => {
  const home = cacheHome();
  const env = { XDG_CACHE_HOME: home };
  const pod = 'template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: "i:1", ports: [{containerPort: http}]}]}}';
  const tree = makeTree({
    'deployment.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: n}\nspec:\n  replicas: two\n  selector: {matchLabels: {a: b}}\n  ${pod}\n`,
    'job.yaml': `apiVersion: batch/v1\nkind: Job\nmetadata: {name: j, namespace: n}\nspec:\n  ${pod}\n`,
    'daemonset.yaml': `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: s, namespace: n}\nspec:\n  selector: {matchLabels: {a: b}}\n  ${pod}\n`,
    'service.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: n}\nspec: {ports: [{port: web}]}\n',
  });
  const uncached = runCli(['--no-cache'], tree, { env: { XDG_CACHE_HOME: cacheHome() } });
  const port = 'spec.template.spec.containers[0].ports[0].containerPort: expected integer, got string (schema)';
  assert.deepEqual(
    uncached.lines.filter((l) => l.endsWith('(schema)')),
    [
      `FAIL - daemonset.yaml:6:95 - DaemonSet n/s: ${port}`,
      'FAIL - deployment.yaml:5:3 - Deployment n/d: spec.replicas: expected integer, got string (schema)',
      `FAIL - deployment.yaml:7:95 - Deployment n/d: ${port}`,
      `FAIL - job.yaml:5:95 - Job n/j: ${port}`,
      'FAIL - service.yaml:4:17 - Service n/s: spec.ports[0].port: expected integer, got string (schema)',
    ],
  );
  assert.deepEqual(runCli([], tree, { env }).lines, uncached.lines);
  const stored = entries(home).map((file) => readFileSync(file, 'utf8'));
  const exporting = (definition: string) => stored.filter((body) => body.includes(`exports["${definition}"] = validate`));
  const [workloads, ...others] = exporting('io.k8s.api.apps.v1.Deployment');
  assert.ok(workloads !== undefined && others.length === 0);
  assert.deepEqual([exporting('io.k8s.api.batch.v1.Job'), exporting('io.k8s.api.apps.v1.DaemonSet')], [[workloads], [workloads]]);
  assert.equal(stored.length, 2, 'the workload kinds\' module and the Service\'s validator');
  const warm = runCli([], tree, { env });
  assert.deepEqual(warm.lines, uncached.lines);
  assert.equal(warm.code, uncached.code);
  assert.equal(entries(home).length, 2, 'a warm run adds nothing');
});

test('a corrupted entry (truncated, flipped bytes, or code that does not load) is detected and rebuilt; the report is unchanged', () => {
  const home = cacheHome();
  const env = { XDG_CACHE_HOME: home };
  // Every validator this tree's run stores is loaded by the next (a CRD without resources would not be).
  const tree = makeTree({
    'apps.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: 1}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: web}]}\n',
    'widget.yaml': `${widgetCrd('string')}---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: n}\nspec: {size: 3}\n`,
  });
  const expected = runCli([], tree, { env });
  assert.ok(expected.lines.filter((l) => l.endsWith('(schema)')).length >= 3, expected.lines.join('\n'));
  const files = entries(home);
  const [truncated, flipped, broken] = files;
  writeFileSync(truncated!, readFileSync(truncated!, 'utf8').slice(0, 200));
  const text = readFileSync(flipped!, 'utf8');
  writeFileSync(flipped!, text.slice(0, -40) + 'X'.repeat(40));
  // A checksum that matches a body that is not a validator: loading it fails, so it is compiled again.
  writeFileSync(broken!, `gitops-check cache 1 sha256=${sha256('throw new Error("bad")')}\nthrow new Error("bad")`);
  assert.deepEqual([truncated, flipped, broken].map((f) => intact(f!) && !readFileSync(f!, 'utf8').includes('bad')), [false, false, false]);
  const again = runCli([], tree, { env });
  assert.deepEqual(again.lines, expected.lines);
  assert.equal(again.code, expected.code);
  assert.deepEqual(entries(home), files);
  assert.ok(files.every(intact), 'rebuilt entries are whole');
  assert.ok(!readFileSync(broken!, 'utf8').includes('bad'));
});

test('V8 code of loaded validators is kept on the next run and used after; a corrupted or foreign one only costs time', () => {
  const home = cacheHome();
  const env = { XDG_CACHE_HOME: home };
  const compiled = () => entries(home, 'v8');
  const expected = runCli([], corpus, { env });
  assert.deepEqual(compiled(), [], 'validators compiled by ajv have no V8 code to keep');
  assert.deepEqual(runCli([], corpus, { env }).lines, expected.lines);
  const kept = compiled();
  assert.ok(kept.length > 10 && kept.every(intact), `one entry per loaded validator, got ${kept.length}`);
  assert.deepEqual(runCli([], corpus, { env }).lines, expected.lines);
  assert.deepEqual(compiled(), kept, 'a run using kept code adds nothing');
  const [flipped, foreign] = kept;
  const bytes = readFileSync(flipped!);
  bytes[bytes.length - 1] ^= 0xff;
  writeFileSync(flipped!, bytes);
  // An intact entry V8 does not accept (another build, other flags): the code is compiled from source.
  writeFileSync(foreign!, `gitops-check cache 1 sha256=${sha256('not V8 data')}\nnot V8 data`);
  const again = runCli([], corpus, { env });
  assert.deepEqual(again.lines, expected.lines);
  assert.equal(again.code, expected.code);
  assert.ok(compiled().every(intact), 'rejected entries are replaced');
});

test("the CLI's compiled code is kept by the first run and taken by the next; a corrupted or foreign entry only costs time", () => {
  const home = cacheHome();
  const env = { XDG_CACHE_HOME: home };
  const code = () => entries(home, 'code');
  const expected = runCli([], corpus, { env });
  const [entry, ...others] = code();
  assert.ok(entry && others.length === 0 && intact(entry));
  const kept = statSync(entry).ino;
  // Taken, not rejected (code made under other V8 flags than the next run's would be replaced each time).
  assert.deepEqual(runCli([], corpus, { env }).lines, expected.lines);
  assert.deepEqual(code(), [entry]);
  assert.equal(statSync(entry).ino, kept);
  const bytes = readFileSync(entry);
  bytes[bytes.length - 100] ^= 0xff;
  for (const bad of [bytes, `gitops-check cache 1 sha256=${sha256('not V8 data')}\nnot V8 data`]) {
    writeFileSync(entry, bad);
    const again = runCli([], corpus, { env });
    assert.deepEqual(again.lines, expected.lines);
    assert.equal(again.code, expected.code);
    assert.ok(intact(entry) && !readFileSync(entry, 'utf8').includes('not V8 data'), 'replaced');
  }
});

test("the CLI's code kept by a run that checked nothing on its thread (--version, a --jobs run's main thread) is replaced by the first check's, once; --jobs workers keep their own; later runs take what is kept", () => {
  const home = cacheHome();
  const env = { XDG_CACHE_HOME: home };
  const code = () => entries(home, 'code').map((file) => `${file} ${statSync(file).ino}`);
  assert.equal(runCli(['--version'], corpus, { env }).code, 0);
  const other = code();
  assert.equal(other.length, 1, "the version run's code, there being none");
  const expected = runCli(['--jobs', '2'], corpus, { env });
  const withWorkers = code();
  assert.equal(withWorkers.length, 2, `the workers' bundle's code beside it: ${withWorkers.join(', ')}`);
  assert.ok(other.every((entry) => withWorkers.includes(entry)), "the main thread's left as it was: it checked nothing");
  const checked = runCli([], corpus, { env });
  assert.deepEqual(checked.lines, expected.lines);
  const all = code();
  assert.equal(all.length, 3, `a check's code kept too: ${all.join(', ')}`);
  assert.ok(entries(home, 'code').every(intact));
  for (const args of [['--version'], [], ['--jobs', '2']]) runCli(args, corpus, { env });
  assert.deepEqual(code(), all, 'what is kept is taken by every run: nothing written again');
});

function runAsync(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/gitops-check.js'), ...args], { cwd, env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '', ...env } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: stdout.replace(/ · \d+\.\d+ s\n$/, '') }));
  });
}

test('two runs filling the same empty cache at once both succeed with the same report, leaving whole entries and no temporary files', async () => {
  const home = cacheHome();
  const env = { XDG_CACHE_HOME: home };
  const [a, b] = await Promise.all([runAsync(['-o', 'text'], corpus, env), runAsync(['-o', 'text'], corpus, env)]);
  const reference = await runAsync(['--no-cache'], corpus, { XDG_CACHE_HOME: cacheHome() });
  assert.deepEqual([a.code, b.code], [reference.code, reference.code]);
  assert.equal(a.stdout, reference.stdout);
  assert.equal(b.stdout, reference.stdout);
  const files = readdirSync(join(home, 'gitops-check', 'validators'));
  assert.deepEqual(files.filter((f) => f.endsWith('.tmp')), []);
  assert.ok(files.length > 10 && files.every((f) => intact(join(home, 'gitops-check', 'validators', f))));
  const code = readdirSync(join(home, 'gitops-check', 'code'));
  assert.ok(code.length === 1 && intact(join(home, 'gitops-check', 'code', code[0]!)), "the CLI's compiled code: one whole entry");
});

test('a cache directory that cannot be written only costs time: the run and its report are the same', () => {
  const home = cacheHome();
  writeFileSync(join(home, 'gitops-check'), 'a file where the cache directory would be');
  const root = makeTree({ 'deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {}\n  template:\n    spec:\n      containers: [{ name: web, image: "nginx:1.27", replicas: 2 }]\n' });
  const r = runCli(['--no-builtin-policies'], root, { env: { XDG_CACHE_HOME: home } });
  assert.equal(r.stderr, '');
  assert.deepEqual(r.lines, [
    'FAIL - deploy.yaml:9:54 - Deployment web: spec.template.spec.containers[0].replicas: unknown field (schema)',
    '1 file, 1 document · 0 passed · 1 failed · 0 warnings · 0 skipped · T s',
  ]);
});

test('DiskCache: what is set is read back; an entry with a wrong checksum reads as missing', () => {
  const cache = new DiskCache(join(cacheHome(), 'gitops-check'), '1.2.3');
  assert.equal(cache.get('kind', ['a']), undefined);
  cache.set('kind', ['a'], 'body\nwith lines');
  assert.equal(cache.get('kind', ['a']), 'body\nwith lines');
  assert.equal(new DiskCache(cache.dir, '1.2.4').get('kind', ['a']), undefined, 'another tool version has its own entries');
  writeFileSync(cache.file('kind', ['a']), readFileSync(cache.file('kind', ['a']), 'utf8').replace('body', 'bodY'));
  assert.equal(cache.get('kind', ['a']), undefined);
});

test('--cache-dir keeps the cache in that directory (relative to the working directory), and nothing in the user cache directory', () => {
  const home = cacheHome();
  const tree = makeTree({ 'apps.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: 1}\n' });
  const env = { XDG_CACHE_HOME: home };
  const expected = runCli(['--no-cache'], tree, { env });
  const first = runCli(['--cache-dir', 'build/cache'], tree, { env });
  const dir = join(tree, 'build/cache');
  const written = ['validators', 'code', 'policies'].map((kind) => readdirSync(join(dir, kind)).length);
  assert.ok(written.every((n) => n > 0), `validators, compiled code and policies are there: ${written}`);
  assert.ok(existsSync(join(dir, 'pruned')));
  assert.ok(!existsSync(join(home, 'gitops-check')), 'the user cache directory is left alone');
  const second = runCli([`--cache-dir=${dir}`], tree, { env });
  assert.deepEqual(readdirSync(join(dir, 'validators')).length, written[0], 'the second run finds what the first kept');
  assert.deepEqual(first.lines, expected.lines);
  assert.deepEqual(second.lines, expected.lines);
  assert.equal(second.code, expected.code);
});

test("later runs take the compiled code earlier ones kept (the CLI's and the validators'): V8 checks it against its flags, which the CLI sets before compiling anything, so nothing is rejected and written again", () => {
  const tree = join(CORPORA, 'k8s-gitops-demo');
  const dir = join(cacheHome(), 'gitops-check');
  const compiled = () =>
    ['code', 'v8'].flatMap((kind) => readdirSync(join(dir, kind)).map((name) => `${kind}/${name} ${statSync(join(dir, kind, name)).ino}`)).sort();
  // The first run compiles the validators and stores them; the second takes them from the disk cache and keeps V8's code of them.
  const first = runCli(['--cache-dir', dir], tree);
  runCli(['--cache-dir', dir], tree);
  const kept = compiled();
  assert.ok(kept.some((entry) => entry.startsWith('code/')) && kept.some((entry) => entry.startsWith('v8/')), kept.join(', '));
  const third = runCli(['--cache-dir', dir], tree);
  assert.deepEqual(third.lines, first.lines);
  assert.deepEqual(compiled(), kept);
});

test('runs of 5,000 files and more, whose heap grows under another V8 flag, keep their compiled code apart from smaller runs: alternating, neither rejects the other\'s', () => {
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: app}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: example/web:1.0}]
`;
  const files: Record<string, string> = { 'clusters/a/app/deployment.yaml': deployment };
  for (let i = 0; i < 5000; i++) files[`clusters/a/config/c${i}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}, namespace: app}\ndata: {k: v}\n`;
  const large = makeTree(files);
  const small = makeTree({ 'clusters/a/app/deployment.yaml': deployment });
  const dir = join(cacheHome(), 'gitops-check');
  const compiled = () =>
    ['code', 'v8'].flatMap((kind) => readdirSync(join(dir, kind)).map((name) => `${kind}/${name} ${statSync(join(dir, kind, name)).ino}`)).sort();
  // Two runs of each: the second takes the validators from the disk cache and keeps V8's code of them.
  for (const tree of [large, large, small, small]) runCli(['--cache-dir', dir, '-o', 'json'], tree);
  const kept = compiled();
  assert.equal(kept.filter((entry) => entry.startsWith('v8/')).length, 3, `the Deployment's validator for each, the ConfigMap's for the large run: ${kept.join(', ')}`);
  for (const tree of [large, small, large]) runCli(['--cache-dir', dir, '-o', 'json'], tree);
  assert.deepEqual(compiled(), kept);
});

test('--cache-dir also holds the schemas downloaded from a --schema-location URL', async () => {
  const server = createServer((request, response) => {
    if (request.url === '/example.com/widget_v1.json') response.end(JSON.stringify({ type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'string' } } } } }));
    else (response.statusCode = 404), response.end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  try {
    const { port } = server.address() as { port: number };
    const home = cacheHome();
    const tree = makeTree({ 'widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: n}\nspec: {size: 3}\n' });
    const location = `http://127.0.0.1:${port}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`;
    const run = await runAsync(['--cache-dir', 'cache', '--schema-location', location, '-o', 'text'], tree, { XDG_CACHE_HOME: home });
    assert.match(run.stdout, /FAIL - widget.yaml:4:8 - Widget n\/w: spec.size: expected string, got integer \(schema\)/);
    assert.equal(readdirSync(join(tree, 'cache/schemas')).filter((name) => name.endsWith('.json')).length, 1);
    assert.ok(!existsSync(join(home, 'gitops-check')));
  } finally {
    server.close();
  }
});
