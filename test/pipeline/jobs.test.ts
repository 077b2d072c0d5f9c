import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp.js';
import { CORPORA, REPO_ROOT, makeTree, runCli, widgetCrd } from '../helpers/cli.js';
import { describeReadError } from '../../src/documents/read.js';
import { postableDiscovery } from '../../src/pipeline/workers.js';
import { portionOf } from '../../src/pipeline/portions.js';
import { prepareCheck } from '../../src/pipeline/prepare.js';
import { discover } from '../../src/discovery/discover.js';

const ADMISSION = join(import.meta.dirname, '../admission/fixtures');

/** A run's exit code and text lines, and its JSON report (written to a file: the test's stderr cannot be opened by path). */
function runWithJson(args: string[], cwd: string): { code: number | null; lines: string[]; stdout: string; json: string } {
  const file = join(tempDir(), 'report.json');
  const run = runCli([...args, '-o', 'text', '-o', `json=${file}`], cwd);
  assert.equal(run.stderr, '', `${args.join(' ')}: ${run.stderr}`);
  return { code: run.code, lines: run.lines, stdout: run.stdout, json: readFileSync(file, 'utf8') };
}

for (const corpus of ['k8s-gitops-demo', 'argocd-example-apps']) {
  test(`${corpus}: --jobs 2 and 3 (worker threads) give the report of --jobs 1, in text and JSON`, () => {
    const cwd = join(CORPORA, corpus);
    const one = runWithJson(['--jobs', '1'], cwd);
    assert.ok(one.lines.length > 20);
    for (const jobs of ['2', '3']) {
      const many = runWithJson(['--jobs', jobs], cwd);
      assert.deepEqual(many.lines, one.lines, `--jobs ${jobs}`);
      assert.equal(many.json, one.json, `--jobs ${jobs}: JSON`);
      assert.equal(many.code, one.code);
    }
  });
}

test('--jobs: an error in what configures the run is exit 2 with the one-line message of a single-thread run; stdin stays on the main thread', () => {
  const root = makeTree({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n', 'b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n', 'policy/bad.rego': 'package main\n\ndeny[msg {\n' });
  const single = runCli(['--jobs', '1'], root);
  const threaded = runCli(['--jobs', '2'], root);
  assert.equal(single.code, 2);
  assert.match(single.stderr, /^gitops-check: policy\/bad\.rego:\d+:\d+: /);
  assert.deepEqual([threaded.code, threaded.stderr], [single.code, single.stderr]);
  const stdin = runCli(['--jobs', '2', '--no-builtin-policies', '-'], makeTree({}), { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n' });
  assert.deepEqual(stdin.lines, ['PASS - stdin - ConfigMap s', '1 file, 1 document · 1 passed · 0 failed · 0 warnings · 0 skipped · T s']);
  const bad = runCli(['--jobs', '0'], root);
  assert.deepEqual([bad.code, bad.stderr], [2, "error: option '--jobs <n>' argument '0' is invalid. expected a positive number of threads.\n"]);
});

test('--jobs by default: one worker per core but one, at most one per 500 files; one thread for a shard, stdin and small runs', async () => {
  const { chooseJobs } = await import('../../src/pipeline/workers.js');
  const { availableParallelism } = await import('node:os');
  const tree = { paths: [] };
  assert.equal(chooseJobs(3, tree, undefined, 10), 3, 'asked for');
  assert.equal(chooseJobs(undefined, tree, undefined, 999), 1);
  assert.equal(chooseJobs(undefined, tree, undefined, 1_000), Math.max(1, Math.min(availableParallelism() - 1, 2)));
  assert.equal(chooseJobs(undefined, tree, undefined, 100_000), Math.max(1, availableParallelism() - 1));
  assert.equal(chooseJobs(undefined, tree, { index: 1, count: 4 }, 100_000), 1, 'a shard is a part already');
  assert.equal(chooseJobs(4, { paths: ['-'] }, undefined, 100_000), 1, 'stdin is read by the main thread');
});

test('--jobs: a CRD the pre-scan cannot see (its kind written with an escape) makes every worker start again, whole: the report of one thread', () => {
  const root = makeTree({
    'a-widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: big\n',
    'crd.yaml': widgetCrd('integer').replace('kind: CustomResourceDefinition', 'kind: "Custom\\x52esourceDefinition"'),
    'b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
    'c.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
  });
  const one = runCli(['--jobs', '1', '-o', 'text'], root);
  assert.ok(one.lines.includes('FAIL - a-widget.yaml:6:3 - Widget w: spec.size: expected integer, got string (schema)'), one.stdout);
  for (const jobs of ['2', '3']) {
    const many = runCli(['--jobs', jobs, '-o', 'text'], root);
    assert.deepEqual([many.code, many.lines], [one.code, one.lines], `--jobs ${jobs}`);
  }
});

test('--jobs, each worker pre-scanning its share of the files: the one-thread report for a CRD after its objects, admission policies (a worker that finds them makes all check the tree whole), a baseline', () => {
  const crdLast = makeTree({
    'a-widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: big\n',
    'b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
    'z-crd.yaml': widgetCrd('integer'),
  });
  const baselined = makeTree({ 'a.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports: [{ port: x }]\n', 'z-crd.yaml': widgetCrd('integer') });
  assert.equal(runCli(['baseline'], baselined).code, 0);
  // Two clusters, one worker each: only the first's pre-scan finds the policy.
  const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: default\n`;
  const policyInOne = makeTree({
    'clusters/a/policy.yaml': [
      'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata:\n  name: needs-team\nspec:\n  matchConstraints:\n    resourceRules:\n',
      '      - {apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [configmaps]}\n',
      '  validations:\n    - expression: "has(object.metadata.labels) && \'team\' in object.metadata.labels"\n      message: a ConfigMap needs a team label\n',
      '---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata:\n  name: needs-team\nspec:\n  policyName: needs-team\n  validationActions: [Deny]\n',
    ].join(''),
    'clusters/a/one.yaml': cm('one'),
    'clusters/a/two.yaml': cm('two'),
    'clusters/b/three.yaml': cm('three'),
    'clusters/b/four.yaml': cm('four'),
    'clusters/b/five.yaml': cm('five'),
  });
  const trees: Array<[string, string]> = [
    ['a CRD after its objects (streamed)', crdLast],
    ['admission policies in one cluster of two (whole)', policyInOne],
    ['ValidatingAdmissionPolicies (whole)', join(ADMISSION, 'vap/repo')],
    ['Gatekeeper templates (whole)', join(ADMISSION, 'gatekeeper/per-cluster')],
    ['a baseline (whole, not scanned)', baselined],
  ];
  for (const [what, root] of trees) {
    const one = runWithJson(['--jobs', '1'], root);
    assert.ok(one.lines.some((line) => /^(FAIL|BASE) /.test(line)), `${what}: ${one.stdout}`);
    const many = runWithJson(['--jobs', '2'], root);
    assert.deepEqual([many.code, many.lines, many.json], [one.code, one.lines, one.json], what);
  }
});

const configMap = (name: string, namespace: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n`;
const widget = (name: string, size: string) => `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  size: ${size}\n`;

/**
 * Two clusters of three files each, so that two workers take one cluster each: a CRD in one cluster's tree and its
 * objects in the other's, a Flux source in one named from the other, a shared tree both receive (a duplicate both
 * find, a namespace each finds missing), a name defined only in the other cluster.
 */
const CLUSTERS = {
  'base/shared.yaml': `${configMap('twin', 'default')}---\n${configMap('twin', 'default')}---\n${configMap('orphan', 'nowhere')}`,
  'clusters/a/crd.yaml': widgetCrd('integer'),
  'clusters/a/shop/ns.yaml': `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\n${configMap('only-in-a', 'shop')}`,
  'clusters/a/flux-system/sync.yaml':
    'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  sourceRef: {kind: GitRepository, name: in-b}\n  path: ./base\n---\n' +
    'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: lost\n  namespace: flux-system\nspec:\n  sourceRef: {kind: GitRepository, name: nowhere}\n  path: ./base\n',
  'clusters/b/flux-system/source.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: in-b\n  namespace: flux-system\nspec:\n  url: https://example.com/b\n  interval: 1m\n',
  'clusters/b/shop/widgets.yaml': `${widget('small', '1')}---\n${widget('big', 'large')}`,
  'clusters/b/shop/uses.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      envFrom: [{configMapRef: {name: only-in-a}}]\n',
};

test('--jobs on a tree of clusters: each worker checks whole clusters, and the report is the one of one thread, in text and JSON', async () => {
  const root = makeTree(CLUSTERS);
  // Two workers take a cluster each, reading the shared tree both; with three, one cluster is over an even share.
  const { options } = await prepareCheck({ cwd: root, paths: [], flags: { exclude: [], context: true, schemaLocation: [], skip: [], policy: [], data: [], namespace: [], cache: false }, version: 'test', useBaseline: true });
  const { targets } = await discover({ cwd: root, paths: options.paths, exclude: options.exclude });
  const portions = [1, 2].map((index) => portionOf(options.repoPasses, targets, [], { index, count: 2 })!);
  const inCluster = (name: string) => targets.filter((file) => file.path.startsWith(`clusters/${name}/`));
  assert.deepEqual(
    portions.map((portion) => portion.targets.filter((file) => file.path.startsWith('clusters/'))),
    [inCluster('a'), inCluster('b')],
  );
  assert.deepEqual(
    portions.map((portion) => [...portion.reads, ...portion.targets].filter((file) => file.path.startsWith('base/')).length),
    [1, 1],
  );
  assert.equal(portionOf(options.repoPasses, targets, [], { index: 1, count: 3 }), undefined);

  const one = runWithJson(['--jobs', '1'], root);
  for (const expected of [
    'FAIL - base/shared.yaml:10:9 - duplicate ConfigMap default/twin: already defined at base/shared.yaml:4 (gitops/duplicate)',
    'WARN - clusters/a/flux-system/sync.yaml:16:42 - Kustomization lost: GitRepository flux-system/nowhere is defined nowhere in the repository (gitops/flux-source)',
    'FAIL - clusters/b/shop/widgets.yaml:15:3 - Widget shop/big: spec.size: expected integer, got string (schema)',
  ]) {
    assert.ok(one.lines.includes(expected), `${expected}\n${one.stdout}`);
  }
  assert.equal(one.lines.filter((line) => line.startsWith('WARN - base/shared.yaml:17:14 - ConfigMap orphan: Namespace nowhere is defined nowhere in cluster ')).length, 2, one.stdout);
  assert.ok(!one.stdout.includes('in-b'), 'the source defined in the other cluster is found');
  for (const jobs of ['2', '3']) {
    const many = runWithJson(['--jobs', jobs], root);
    assert.deepEqual([many.code, many.lines, many.json], [one.code, one.lines, one.json], `--jobs ${jobs}`);
  }
});

test('--jobs on a tree of clusters with files named (the rest of their clusters and the shared tree read for context): the report of one thread', () => {
  const root = makeTree(CLUSTERS);
  const named = ['clusters/a/flux-system/sync.yaml', 'clusters/b/shop/widgets.yaml', 'clusters/b/shop/uses.yaml', 'base/shared.yaml'];
  const one = runWithJson(['--jobs', '1', ...named], root);
  assert.ok(one.lines.includes('FAIL - clusters/b/shop/widgets.yaml:15:3 - Widget shop/big: spec.size: expected integer, got string (schema)'), one.stdout);
  assert.ok(!one.stdout.includes('clusters/a/shop/') && !one.stdout.includes('in-b'), 'context files are not reported, and they inform the checks');
  const two = runWithJson(['--jobs', '2', ...named], root);
  assert.deepEqual([two.code, two.lines, two.json], [one.code, one.lines, one.json]);
});

test('--jobs on a tree of clusters with a Gatekeeper object the pre-scan cannot see in a setup file: every worker starts again, whole', () => {
  const escaped = '---\napiVersion: "constraints.gatekeeper\\x2esh/v1beta1"\nkind: K8sRequiredLabels\nmetadata:\n  name: must-have-owner\n';
  const root = makeTree({ ...CLUSTERS, 'clusters/a/crd.yaml': `${widgetCrd('integer')}${escaped}` });
  const one = runWithJson(['--jobs', '1'], root);
  assert.ok(one.lines.some((line) => line.includes('K8sRequiredLabels must-have-owner')), one.stdout);
  const two = runWithJson(['--jobs', '2'], root);
  assert.deepEqual([two.code, two.lines, two.json], [one.code, one.lines, one.json]);
});

test('--jobs split by path hash (one cluster): one worker runs the repo-wide checks for all, findings on the others\' files and their setup files included', () => {
  const tree: Record<string, string> = {};
  for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) {
    tree[`clusters/only/apps/${name}/kustomization.yaml`] = 'resources:\n  - cm.yaml\n  - missing.yaml\n';
    tree[`clusters/only/apps/${name}/cm.yaml`] = configMap(name, 'default');
    tree[`clusters/only/misc/${name}.yaml`] = configMap('twin', 'default');
  }
  const root = makeTree(tree);
  const one = runWithJson(['--jobs', '1'], root);
  assert.equal(one.lines.filter((line) => line.endsWith('(gitops/kustomize-missing-file)')).length, 6, one.stdout);
  assert.equal(one.lines.filter((line) => line.endsWith('(gitops/duplicate)')).length, 5, one.stdout);
  for (const jobs of ['2', '3']) {
    const many = runWithJson(['--jobs', jobs], root);
    assert.deepEqual([many.code, many.lines, many.json], [one.code, one.lines, one.json], `--jobs ${jobs}`);
  }
});

test('--jobs: a directory that could not be listed reaches the workers with what its error says', () => {
  const locked = Object.assign(new Error('EACCES: permission denied, scandir /repo/locked'), { code: 'EACCES' });
  const posted = structuredClone(postableDiscovery({ targets: [{ path: 'locked', absPath: '/repo/locked', listingError: locked }, { path: 'a.yaml', absPath: '/repo/a.yaml' }] }));
  assert.equal(describeReadError(posted.targets[0]!.listingError, 'directory'), 'cannot read directory: permission denied');
  assert.deepEqual(posted.targets[1], { path: 'a.yaml', absPath: '/repo/a.yaml' });
  assert.equal(describeReadError(structuredClone(locked), 'directory'), 'cannot read directory: EACCES: permission denied, scandir /repo/locked', 'posted as it is, the error loses its code');
});

test('--jobs: the workers count their checked files to the main thread, which shows the sum of every part', async () => {
  // Workers start the built worker (dist/pipeline/worker-thread.js), so the test drives the built modules.
  const built = (path: string) => import(join(REPO_ROOT, 'dist', path));
  const { runInWorkers } = (await built('pipeline/workers.js')) as typeof import('../../src/pipeline/workers.js');
  const { prepareCheck } = (await built('pipeline/prepare.js')) as typeof import('../../src/pipeline/prepare.js');
  const { discover } = (await built('discovery/discover.js')) as typeof import('../../src/discovery/discover.js');
  const cwd = join(CORPORA, 'k8s-gitops-demo');
  const flags = { exclude: [], context: true, schemaLocation: [], skip: [], policy: [], data: [], namespace: [], cache: false };
  const request = { cwd, paths: [], flags, version: 'test', useBaseline: true };
  const { options } = await prepareCheck(request);
  const discovered = await discover({ cwd, paths: options.paths, exclude: options.exclude, within: options.within });
  const files = discovered.targets.length;
  const counts: Array<[number, number]> = [];
  const report = await runInWorkers(request, 3, discovered, undefined, (done, total) => counts.push([done, total]));
  assert.equal(report.files, files);
  assert.ok(files > 20 && counts.length >= 3, `${counts.length} counts of ${files} files`);
  assert.deepEqual(counts.at(-1), [files, files], 'every file counted once, when all parts are done');
  assert.ok(counts.every(([done, total], i) => total === files && done >= (counts[i - 1]?.[0] ?? 0)), 'never counting back');
});
