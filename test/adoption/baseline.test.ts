import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTree, runCli } from '../helpers/cli.js';

// Two built-in rules on, the rest of the library off, so each finding below is one the test names.
const CONFIG = 'severity:\n  "builtin/*": off\n  builtin/k8s.image-tag: error\n  builtin/k8s.memory-limit: error\n';
const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n';
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: nginx:latest
          resoures: {}
        - name: sidecar
          image: envoy:1.29
`;
const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: web\ndata:\n  LOG_LEVEL: info\n  LOG_LEVEL: debug\n  ENABLED: yes\n';

// Lines inserted above every finding, the sidecar's memory limit fixed, one more duplicate key added.
const DEPLOYMENT_EDITED = `# The storefront.
${DEPLOYMENT.replace('  namespace: web\n', '  namespace: web\n  labels:\n    team: shop\n')}          resources:
            limits: {memory: 64Mi}
`;
const CONFIGMAP_EDITED = CONFIGMAP.replace('\ndata:\n', '\n  # settings of the storefront\ndata:\n') + '  LOG_LEVEL: warn\n';

function repository() {
  return makeTree({
    '.gitops-check.yaml': CONFIG,
    'base/ns.yaml': NAMESPACE,
    'clusters/prod/web/deploy.yaml': DEPLOYMENT,
    'clusters/prod/web/cm.yaml': CONFIGMAP,
  });
}

function edit(root: string) {
  writeFileSync(join(root, 'clusters/prod/web/deploy.yaml'), DEPLOYMENT_EDITED);
  writeFileSync(join(root, 'clusters/prod/web/cm.yaml'), CONFIGMAP_EDITED);
}

const SUMMARY_BEFORE = '3 files, 3 documents · 1 passed · 2 failed · 0 warnings · 0 skipped · T s';

test('gitops-check baseline writes every finding, sorted, keyed without line numbers; the next run passes with BASE lines', () => {
  const root = repository();
  const first = runCli([], root);
  assert.equal(first.code, 1);
  assert.equal(first.lines.at(-1), SUMMARY_BEFORE);
  const written = runCli(['baseline'], root);
  assert.equal(written.code, 0, written.stderr);
  assert.deepEqual(written.lines, ['wrote .gitops-check-baseline.json: 7 findings in 2 files']);
  const file = JSON.parse(readFileSync(join(root, '.gitops-check-baseline.json'), 'utf8')) as { version: number; findings: Array<Record<string, string>> };
  assert.equal(file.version, 1);
  assert.deepEqual(
    file.findings.map((e) => `${e.file} ${e.check} ${e.document} ${e.message}`),
    [
      'clusters/prod/web/cm.yaml schema v1 ConfigMap web/settings ConfigMap web/settings: data.ENABLED: expected string, got boolean',
      'clusters/prod/web/cm.yaml yaml/key-duplicates v1 ConfigMap web/settings duplication of key "LOG_LEVEL" in mapping',
      'clusters/prod/web/cm.yaml yaml/truthy v1 ConfigMap web/settings truthy value should be one of [false, true]',
      'clusters/prod/web/deploy.yaml builtin/k8s.image-tag apps/v1 Deployment web/web app in the Deployment web has an image, nginx:latest, using the latest tag',
      'clusters/prod/web/deploy.yaml builtin/k8s.memory-limit apps/v1 Deployment web/web app in the Deployment web does not have a memory limit set',
      'clusters/prod/web/deploy.yaml builtin/k8s.memory-limit apps/v1 Deployment web/web sidecar in the Deployment web does not have a memory limit set',
      'clusters/prod/web/deploy.yaml schema apps/v1 Deployment web/web Deployment web/web: spec.template.spec.containers[0].resoures: unknown field',
    ],
  );
  assert.ok(file.findings.every((e) => Object.keys(e).join() === 'file,check,document,fingerprint,message' && /^[0-9a-f]{16}$/.test(e.fingerprint!)));
  // Written twice from the same tree: the same bytes (reviewable in a diff).
  const before = readFileSync(join(root, '.gitops-check-baseline.json'), 'utf8');
  runCli(['baseline'], root);
  assert.equal(readFileSync(join(root, '.gitops-check-baseline.json'), 'utf8'), before);

  const again = runCli([], root);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.lines.filter((l) => l.startsWith('BASE')).length, 7);
  assert.equal(again.lines.at(-1), '3 files, 3 documents · 3 passed · 0 failed · 0 warnings · 0 skipped · 7 baselined · T s');
});

test('after edits: moved findings stay baselined, the fixed one is reported once, exactly the new one fails', () => {
  const root = repository();
  runCli(['baseline'], root);
  edit(root);
  const r = runCli([], root);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(r.lines, [
    'PASS - base/ns.yaml - Namespace web',
    'FAIL - clusters/prod/web/cm.yaml:11:3 - duplication of key "LOG_LEVEL" in mapping (yaml/key-duplicates)',
    'BASE - clusters/prod/web/cm.yaml:9:3 - duplication of key "LOG_LEVEL" in mapping (yaml/key-duplicates)',
    'BASE - clusters/prod/web/cm.yaml:10:3 - ConfigMap web/settings: data.ENABLED: expected string, got boolean (schema)',
    'BASE - clusters/prod/web/cm.yaml:10:12 - truthy value should be one of [false, true] (yaml/truthy)',
    'PASS - clusters/prod/web/deploy.yaml - Deployment web/web',
    'BASE - clusters/prod/web/deploy.yaml:17:11 - app in the Deployment web does not have a memory limit set (builtin/k8s.memory-limit)',
    'BASE - clusters/prod/web/deploy.yaml:18:18 - app in the Deployment web has an image, nginx:latest, using the latest tag (builtin/k8s.image-tag)',
    'BASE - clusters/prod/web/deploy.yaml:19:11 - Deployment web/web: spec.template.spec.containers[0].resoures: unknown field (schema)',
    'FIXD - clusters/prod/web/deploy.yaml - sidecar in the Deployment web does not have a memory limit set (builtin/k8s.memory-limit): baselined, no longer found (--prune-baseline drops it)',
    '3 files, 3 documents · 2 passed · 1 failed · 0 warnings · 0 skipped · 6 baselined · 1 fixed · T s',
  ]);
  // --quiet: the failure only.
  assert.deepEqual(runCli(['-q'], root).lines, ['FAIL - clusters/prod/web/cm.yaml:11:3 - duplication of key "LOG_LEVEL" in mapping (yaml/key-duplicates)']);

  const json = JSON.parse(runCli(['-o', 'json'], root).stdout) as { summary: Record<string, number>; muted: Array<{ mutedBy: string; line: number }>; fixed: unknown[] };
  assert.deepEqual(json.summary, { passed: 2, failed: 1, warnings: 0, skipped: 0, excepted: 0, baselined: 6, suppressed: 0, fixed: 1 });
  assert.deepEqual(json.muted.map((m) => `${m.mutedBy}:${m.line}`), ['baseline:9', 'baseline:10', 'baseline:10', 'baseline:17', 'baseline:18', 'baseline:19']);
  assert.deepEqual(json.fixed, [
    { file: 'clusters/prod/web/deploy.yaml', check: 'builtin/k8s.memory-limit', message: 'sidecar in the Deployment web does not have a memory limit set', document: 'apps/v1 Deployment web/web' },
  ]);

  const sarif = JSON.parse(runCli(['-o', 'sarif'], root).stdout) as { runs: Array<{ results: Array<{ ruleId: string; baselineState: string }> }> };
  assert.deepEqual(
    sarif.runs[0]!.results.map((x) => `${x.baselineState} ${x.ruleId}`),
    ['new yaml/key-duplicates', ...['yaml/key-duplicates', 'schema', 'yaml/truthy', 'builtin/k8s.memory-limit', 'builtin/k8s.image-tag', 'schema'].map((c) => `unchanged ${c}`), 'absent builtin/k8s.memory-limit'],
  );
});

test('--prune-baseline drops the fixed entries; --no-baseline ignores the file; a named baseline that is missing is exit 2', () => {
  const root = repository();
  runCli(['baseline'], root);
  edit(root);
  const pruned = runCli(['--prune-baseline', '-q'], root);
  assert.equal(pruned.code, 1);
  const file = JSON.parse(readFileSync(join(root, '.gitops-check-baseline.json'), 'utf8')) as { findings: Array<{ message: string }> };
  assert.equal(file.findings.length, 6);
  assert.ok(!file.findings.some((e) => e.message.startsWith('sidecar')));
  assert.deepEqual(runCli([], root).lines.filter((l) => l.startsWith('FIXD')), []);

  const ignored = runCli(['--no-baseline', '-q'], root);
  assert.equal(ignored.lines.filter((l) => l.startsWith('FAIL')).length, 6);

  const missing = runCli(['--baseline', 'nope.json'], root);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'gitops-check: nope.json: baseline file does not exist (write it with `gitops-check baseline`)\n');
  writeFileSync(join(root, 'broken.json'), '{"version": 1, "findings": [{"file": 3}]}\n');
  const broken = runCli(['--baseline', 'broken.json'], root);
  assert.equal(broken.code, 2);
  assert.equal(broken.stderr, 'gitops-check: broken.json:1:38: findings[0].file must be a string\n');
});

test('a baseline of some paths keeps the entries of the others; checking some files reports no others as fixed', () => {
  const root = repository();
  runCli(['baseline'], root);
  const partial = runCli(['baseline', 'clusters/prod/web/cm.yaml'], root);
  assert.deepEqual(partial.lines, ['wrote .gitops-check-baseline.json: 7 findings in 2 files']);
  const one = runCli(['clusters/prod/web/cm.yaml'], root);
  assert.equal(one.code, 0);
  assert.equal(one.lines.at(-1), '1 file, 1 document · 1 passed · 0 failed · 0 warnings · 0 skipped · 3 baselined · T s');
});

test('a baseline gives the same report on worker threads and across merged shards; --prune-baseline works with --jobs', () => {
  const root = repository();
  runCli(['baseline'], root);
  edit(root);
  const single = runCli(['--jobs', '1'], root);
  assert.equal(single.code, 1);
  const threaded = runCli(['--jobs', '2'], root);
  assert.equal(threaded.code, 1, threaded.stderr);
  assert.deepEqual(threaded.lines, single.lines);

  for (const i of [1, 2]) {
    const shard = runCli(['--shard', `${i}/2`, '-q', '-o', `json=shard${i}.json`], root);
    assert.ok(shard.code === 0 || shard.code === 1, shard.stderr);
  }
  const merged = runCli(['merge', 'shard1.json', 'shard2.json', '-o', 'text', '-o', 'sarif=merged.sarif'], root);
  assert.equal(merged.code, 1, merged.stderr);
  assert.deepEqual(merged.lines, single.lines);
  const sarif = JSON.parse(readFileSync(join(root, 'merged.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ baselineState: string }> }> };
  assert.deepEqual(sarif.runs[0]!.results.map((x) => x.baselineState).sort(), ['absent', 'new', ...Array(6).fill('unchanged')]);

  const pruned = runCli(['--jobs', '2', '--prune-baseline', '-q'], root);
  assert.equal(pruned.code, 1);
  const file = JSON.parse(readFileSync(join(root, '.gitops-check-baseline.json'), 'utf8')) as { findings: Array<{ message: string }> };
  assert.equal(file.findings.length, 6);
  assert.ok(!file.findings.some((e) => e.message.startsWith('sidecar')));
});
