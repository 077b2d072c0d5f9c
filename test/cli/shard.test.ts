import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPORA, makeTree, runCli } from '../helpers/cli.js';

interface JsonOut {
  files: number;
  results: Array<{ file: string }>;
  shard?: { index: number; count: number };
}

const FORMATS = ['text', 'json', 'junit', 'tap', 'sarif', 'github'];
/** Elapsed time is the one thing a merged report may say differently. */
const timeless = (output: string) =>
  output.replace(/ · \d+\.\d+ s$/m, ' · T s').replace(/(<testsuites?\b[^>]*?) time="[^"]*"/g, '$1').replace(/"endTimeUtc": "[^"]*"|"startTimeUtc": "[^"]*"/g, '');

/** Runs the whole check and its N shards in `cwd`, every format written to files; then merges the shards. */
function runSharded(cwd: string, count: number, args: string[] = []) {
  const out = tempDir('gitops-check-shards-');
  const outputs = (prefix: string) => FORMATS.flatMap((f) => ['-o', `${f}=${join(out, `${prefix}.${f}`)}`]);
  const whole = runCli([...args, ...outputs('whole')], cwd);
  const shards = Array.from({ length: count }, (_, i) => {
    const r = runCli([...args, '--shard', `${i + 1}/${count}`, '-o', `json=${join(out, `shard${i + 1}.json`)}`], cwd);
    return { code: r.code, json: JSON.parse(readFileSync(join(out, `shard${i + 1}.json`), 'utf8')) as JsonOut };
  });
  const merged = runCli(['merge', ...shards.map((_, i) => join(out, `shard${i + 1}.json`)), ...outputs('merged')], cwd);
  const read = (prefix: string, format: string) => timeless(readFileSync(join(out, `${prefix}.${format}`), 'utf8'));
  return { whole, shards, merged, read };
}

for (const [corpus, count] of [['k8s-gitops-demo', 3], ['flux2-kustomize-helm-example', 2]] as const) {
  test(`${corpus}: ${count} shards partition the files, and merging them gives the whole run's report in every format`, () => {
    const { whole, shards, merged, read } = runSharded(join(CORPORA, corpus), count);
    const all = JSON.parse(read('whole', 'json')) as JsonOut;
    const files = shards.map((s) => new Set(s.json.results.map((r) => r.file)));
    const union = new Set(files.flatMap((f) => [...f]));
    assert.equal(files.reduce((n, f) => n + f.size, 0), union.size, 'no file is in two shards');
    assert.deepEqual([...union].sort(), [...new Set(all.results.map((r) => r.file))].sort());
    assert.equal(shards.reduce((n, s) => n + s.json.files, 0), all.files);
    assert.deepEqual(
      shards.map((s) => s.json.shard),
      shards.map((_, i) => ({ ...shards[i]!.json.shard, index: i + 1, count })),
    );
    assert.ok(files.every((f) => f.size > 0), 'every shard has files');
    for (const format of FORMATS) assert.equal(read('merged', format), read('whole', format), format);
    assert.equal(merged.code, whole.code);
    assert.equal(Math.max(...shards.map((s) => s.code ?? 2)), whole.code);
    assert.equal(merged.stderr, '');
  });
}

/** A real CRD from the corpora: its schema types the custom resource below. */
const crd = readFileSync(join(CORPORA, 'k8s-gitops-demo/clusters/kind/monitoring/kube-prometheus/0prometheus-operator-0servicemonitorCustomResourceDefinition.yaml'), 'utf8');

test('a file keeps its shard when files are added, and repo-wide context (CRDs, namespaces) comes from the other shards', () => {
  const files: Record<string, string> = {
    'base/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n',
    'base/crds/widgets.yaml': crd,
    'clusters/kind/web/widget.yaml': 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: w\n  namespace: web\nspec:\n  jobLabel: 7\n  endpoints: []\n  selector: {}\n',
  };
  for (let i = 0; i < 12; i++) files[`clusters/kind/web/cm-${i}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: web\n`;
  const root = makeTree(files);
  const shardOf = () => {
    const owner = new Map<string, number>();
    for (const i of [1, 2]) {
      const r = runCli(['--shard', `${i}/2`, '-o', 'json'], root);
      for (const result of (JSON.parse(r.stdout) as JsonOut).results) owner.set(result.file, i);
    }
    return owner;
  };
  const before = shardOf();
  const widgetShard = before.get('clusters/kind/web/widget.yaml')!;
  assert.deepEqual([before.get('base/crds/widgets.yaml'), before.get('base/namespace.yaml')], [3 - widgetShard, 3 - widgetShard]);
  const widget = runCli(['--shard', `${widgetShard}/2`], root).lines.filter((l) => l.includes('clusters/kind/web/widget.yaml'));
  // The CRD and the Namespace are in the other shard: the Widget is still validated against the CRD, and its Namespace exists.
  assert.deepEqual(widget, ['FAIL - clusters/kind/web/widget.yaml:7:3 - ServiceMonitor web/w: spec.jobLabel: expected string, got integer (schema)']);
  for (let i = 0; i < 8; i++) writeFileSync(join(root, `clusters/kind/web/added-${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: added-${i}\n  namespace: web\n`);
  const after = shardOf();
  for (const [file, shard] of before) assert.equal(after.get(file), shard, file);
  assert.equal(after.size, before.size + 8);
});


const policy = `package main

import rego.v1

warn contains sprintf("%s: debug mode", [input.metadata.name]) if input.data.mode == "debug"

deny_no_owner if not input.metadata.labels.owner

exception contains ["no_owner"] if input.metadata.name == "legacy"
`;
import { tempDir } from '../helpers/temp.js';
const configMap = (name: string, extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels: { owner: me }\n${extra}`;

test('merge: EXCP and WARN lines and exit codes as the whole run, --fail-on-warn; a missing, repeated or foreign report is exit 2', () => {
  const files: Record<string, string> = { 'policy/main.rego': policy, 'base/legacy.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: legacy\n' };
  for (let i = 0; i < 6; i++) files[`base/cm-${i}.yaml`] = configMap(`cm-${i}`, i === 3 ? 'data:\n  mode: debug\n' : '');
  const root = makeTree(files);
  const args = ['--no-builtin-policies'];
  for (const i of [1, 2]) runCli([...args, '--shard', `${i}/2`, '-o', `json=shard${i}.json`], root);
  const whole = runCli(args, root);
  assert.ok(whole.lines.some((l) => l.startsWith('EXCP - base/legacy.yaml')) && whole.lines.some((l) => l.startsWith('WARN - base/cm-3.yaml')), whole.stdout);
  const merged = runCli(['merge', 'shard1.json', 'shard2.json'], root);
  assert.deepEqual(merged.lines, whole.lines);
  assert.equal(merged.code, 0);
  assert.equal(runCli(['merge', '--fail-on-warn', 'shard2.json', 'shard1.json'], root).code, 1);
  assert.equal(runCli([...args, '--fail-on-warn'], root).code, 1);

  // Under GitHub Actions the merged report annotates the PR; the shards do not, or every finding would be annotated twice.
  const actions = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '' };
  assert.deepEqual([1, 2].flatMap((i) => runCli([...args, '--shard', `${i}/2`], root, { env: actions }).lines.filter((l) => l.startsWith('::'))), []);
  assert.deepEqual(
    runCli(['merge', 'shard1.json', 'shard2.json'], root, { env: actions }).lines.filter((l) => l.startsWith('::')),
    runCli(args, root, { env: actions }).lines.filter((l) => l.startsWith('::')),
  );
  assert.ok(runCli(args, root, { env: actions }).lines.some((l) => l.startsWith('::warning file=base/cm-3.yaml')));

  const missing = runCli(['merge', 'shard2.json'], root);
  assert.deepEqual([missing.code, missing.stderr], [2, 'gitops-check: shard 1/2 missing: the report would leave files out\n']);
  const twice = runCli(['merge', 'shard1.json', 'shard2.json', 'shard1.json'], root);
  assert.deepEqual([twice.code, twice.stderr], [2, 'gitops-check: shard1.json: shard 1/2 is given twice (also shard1.json)\n']);
  runCli([...args, '-o', 'json=whole.json'], root);
  const mixed = runCli(['merge', 'shard1.json', 'whole.json'], root);
  assert.deepEqual([mixed.code, mixed.stderr], [2, 'gitops-check: whole.json: not a shard report (--shard I/N), but others are\n']);
  const notReport = runCli(['merge', 'policy/main.rego'], root);
  assert.match(notReport.stderr, /^gitops-check: policy\/main\.rego: not JSON: /);
  assert.equal(notReport.code, 2);
  const bad = runCli(['--shard', '3/2'], root);
  assert.deepEqual([bad.code, bad.stderr], [2, "error: option '--shard <i/n>' argument '3/2' is invalid. expected I/N with 1 <= I <= N, e.g. 2/4.\n"]);
});
