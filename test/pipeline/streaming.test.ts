import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CORPORA, makeTree, widgetCrd } from '../helpers/cli.js';
import { bareOptions } from '../helpers/run-options.js';
import { CACHED_CONTEXT_FILES, runChecks, type CheckOptions, type RepoPass } from '../../src/pipeline/run.js';
import { DocumentCache } from '../../src/cache/documents.js';
import { DiskCache } from '../../src/cache/disk-cache.js';
import { tempDir } from '../helpers/temp.js';
import { prepareCheck } from '../../src/pipeline/prepare.js';
import { parseShard } from '../../src/pipeline/shard.js';
import { discover } from '../../src/discovery/discover.js';
import { parseYamlFile, retainedDocument } from '../../src/documents/parse-file.js';
import { retainedValue } from '../../src/gitops/retained.js';
import type { ParsedDocument, PathSegment } from '../../src/documents/types.js';
import type { Report } from '../../src/report/model.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A run as the CLI prepares it (no disk cache), streamed or with every document whole (`wholeTree`). */
async function check(cwd: string, wholeTree: boolean, extra: Partial<CheckOptions> = {}, paths = ['.'], maxFileSize?: number): Promise<Report> {
  const flags = { cache: false, exclude: [], context: true, schemaLocation: [], skip: [], policy: [], data: [], namespace: [], maxFileSize };
  const { options } = await prepareCheck({ cwd, paths, flags, version: 'test', useBaseline: true });
  const report = await runChecks({ ...options, ...extra, wholeTree: wholeTree || options.wholeTree, readStdin: async () => new Uint8Array() });
  return { ...report, elapsedMs: 0 };
}

for (const corpus of readdirSync(CORPORA, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
  test(`${corpus}: a streamed run reports what a run holding every document whole reports`, async () => {
    const cwd = join(CORPORA, corpus);
    const whole = await check(cwd, true);
    assert.ok(whole.results.length > 0);
    assert.deepEqual(await check(cwd, false), whole);
    // A shard reads the other files for context, streamed too.
    const shard = parseShard('1/2');
    assert.deepEqual(await check(cwd, false, { shard }), await check(cwd, true, { shard }));
  });
}

test('a CRD whose kind the first reading of the files cannot see (an escape) is still used: the run starts again whole', async () => {
  const root = makeTree({
    'a-widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: big\n',
    'crd.yaml': widgetCrd('integer').replace('kind: CustomResourceDefinition', 'kind: "Custom\\x52esourceDefinition"'),
    'plain-crd.yaml': widgetCrd('integer').replaceAll('widget', 'gadget').replace('Widget', 'Gadget'),
    'b-gadget.yaml': 'apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: g\n  namespace: x\nspec:\n  size: 1\n',
  });
  const streamed = await check(root, false);
  assert.deepEqual(
    streamed.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.check} ${f.message}`),
    ['a-widget.yaml:6:3 schema Widget w: spec.size: expected integer, got string'],
  );
  assert.deepEqual(streamed, await check(root, true));
});

test('an admission policy the first reading cannot see (an escape), in a file read first for its CRD: the run starts again whole', async () => {
  const escaped = (kind: string) => kind.replace('Policy', '\\x50olicy');
  const root = makeTree({
    'clusters/a/crds.yaml': [
      widgetCrd('integer'),
      `---\napiVersion: admissionregistration.k8s.io/v1\nkind: "${escaped('ValidatingAdmissionPolicy')}"\nmetadata:\n  name: needs-team\nspec:\n  matchConstraints:\n    resourceRules:\n`,
      '      - {apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [configmaps]}\n',
      '  validations:\n    - expression: "has(object.metadata.labels) && \'team\' in object.metadata.labels"\n      message: a ConfigMap needs a team label\n',
      `---\napiVersion: admissionregistration.k8s.io/v1\nkind: "${escaped('ValidatingAdmissionPolicyBinding')}"\nmetadata:\n  name: needs-team\nspec:\n  policyName: needs-team\n  validationActions: [Deny]\n`,
    ].join(''),
    'clusters/a/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: default\n',
  });
  const streamed = await check(root, false);
  assert.deepEqual(
    streamed.findings.filter((f) => f.check.startsWith('vap/')).map((f) => `${f.file}:${f.line}:${f.column} ${f.check}`),
    ['clusters/a/cm.yaml:1:1 vap/needs-team'],
  );
  assert.deepEqual(streamed, await check(root, true));
});

test('streamed and whole runs agree where the pre-scan reads no words: a UTF-16 CRD, a CRD in a List, a file over the size limit, patches, suppressions, named files with their cluster as context', async () => {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(widgetCrd('integer'), 'utf16le')]);
  const gadgets = widgetCrd('integer').replaceAll('widget', 'gadget').replace('Widget', 'Gadget').replace(/^/gm, '    ').trimStart();
  const root = makeTree({
    'clusters/c/app/crds.yaml': utf16,
    'clusters/c/app/list.yaml': `apiVersion: v1\nkind: List\nitems:\n  - ${gadgets}`,
    'clusters/c/app/w.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: app\nspec:\n  size: big\n',
    'clusters/c/app/g.yaml': 'apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: g\n  namespace: app\nspec:\n  size: big\n',
    'clusters/c/app/big.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  a: "${'x'.repeat(3000)}"\n`,
    'clusters/c/app/kustomization.yaml': 'resources: [w.yaml, g.yaml, d.yaml]\npatches:\n  - path: patch.yaml\n',
    'clusters/c/app/patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n',
    'clusters/c/app/d.yaml': [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  namespace: app\n  annotations:\n    gitops-check.io/ignore: "k8s.image-tag"\n    gitops-check.io/ignore-reason: "pinned elsewhere"\n',
      'spec:\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers:\n        - name: c\n          image: nginx\n',
      '          env:\n            - {name: A, value: a}\n            - name: B\n              valueFrom: {configMapKeyRef: {name: missing, key: b}}\n',
    ].join(''),
  });
  const whole = await check(root, true, {}, ['.'], 2000);
  const lines = whole.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.check}`);
  for (const expected of [
    'clusters/c/app/w.yaml:7:3 schema',
    'clusters/c/app/big.yaml:1:1 file',
    'clusters/c/app/d.yaml:20:51 gitops/missing-reference',
  ]) {
    assert.ok(lines.includes(expected), `${expected} in ${lines.join('\n')}`);
  }
  assert.ok(whole.skips.some((skip) => skip.file === 'clusters/c/app/patch.yaml'));
  assert.ok(whole.muted?.some((m) => m.finding.check === 'builtin/k8s.image-tag'));
  assert.deepEqual(await check(root, false, {}, ['.'], 2000), whole);
  const named = ['clusters/c/app/w.yaml', 'clusters/c/app/d.yaml'];
  assert.deepEqual(await check(root, false, {}, named, 2000), await check(root, true, {}, named, 2000));
});

test('a streamed run lets a file’s parsed value go once the file is checked; a whole one holds every value until the repo-wide passes', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 20; i++) files[`clusters/c/app/d${i}.yaml`] = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: nginx:1.${i}\n`;
  const root = makeTree(files);
  for (const wholeTree of [false, true]) {
    const values: Array<WeakRef<object>> = [];
    let live = -1;
    const options: CheckOptions = {
      ...bareOptions(root),
      wholeTree,
      passes: [() => ({ name: 'probe', check: (doc) => (values.push(new WeakRef(doc.value as object)), { findings: [], skips: [] }) })],
      repoPasses: [
        async (documents) => {
          assert.equal(documents.length, 20);
          // A WeakRef's target is held until the job that made it ends.
          await new Promise((resolve) => setImmediate(resolve));
          gc();
          live = values.filter((v) => v.deref() !== undefined).length;
          return [];
        },
      ],
    };
    await runChecks(options);
    assert.equal(values.length, 20);
    assert.equal(live, wholeTree ? 20 : 0, wholeTree ? 'whole' : 'streamed');
  }
});

test('a document is named by one object: its result and its findings of every pass (schema, policy, repo-wide, the gate) share it', async () => {
  const root = makeTree({
    // A schema finding (replicas), built-in policy findings (the container), a repo-wide one (the namespace's directory).
    'clusters/c/shop/web.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: other\nspec:\n  replicas: many\n  selector: {}\n  template:\n    spec:\n      containers:\n        - name: c\n          image: nginx\n',
    'clusters/c/shop/kustomization.yaml': 'namespace: shop\nresources: [web.yaml, bad.yaml]\n',
    // The gate's finding and a parsed document after it.
    'clusters/c/shop/bad.yaml': 'kind: Thing\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n',
  });
  for (const wholeTree of [false, true]) {
    const report = await check(root, wholeTree);
    for (const file of ['clusters/c/shop/web.yaml', 'clusters/c/shop/bad.yaml']) {
      const result = report.results.find((r) => r.file === file && r.document?.index === 0)!;
      const findings = report.findings.filter((f) => f.file === file && f.document?.index === 0);
      assert.ok(findings.length > 0, file);
      for (const finding of findings) assert.equal(finding.document, result.document, `${finding.check} ${finding.message}`);
    }
    const checks = new Set(report.findings.filter((f) => f.file === 'clusters/c/shop/web.yaml').map((f) => f.check.replace(/\/.*/, '')));
    assert.deepEqual([...checks].sort(), ['builtin', 'gitops', 'schema'], wholeTree ? 'whole' : 'streamed');
  }
});

/** Every path to a node of `value`, with the value at the end of it. */
function* nodePaths(value: unknown, path: PathSegment[] = []): Generator<PathSegment[]> {
  if (typeof value !== 'object' || value === null) return;
  const keys: PathSegment[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  for (const key of keys) {
    yield [...path, key];
    yield* nodePaths((value as Record<PathSegment, unknown>)[key], [...path, key]);
  }
}

test('a retained document locates every node it keeps where the parsed document does (corpora)', async () => {
  let checked = 0;
  for (const corpus of readdirSync(CORPORA, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const { targets } = await discover({ cwd: join(CORPORA, corpus.name), paths: ['.'], exclude: [] });
    for (const target of targets) {
      const file = { path: target.path, text: readFileSync(target.absPath!, 'utf8') };
      for (const doc of parseYamlFile(file).documents) {
        const kept = retainedValue(doc.value, doc.ref);
        const retained = retainedDocument(doc, kept, { path: file.path, text: '' });
        assert.equal(retained.ref, doc.ref);
        for (const path of nodePaths(kept)) {
          for (const at of ['key', 'value'] as const) assert.deepEqual(retained.locate(path, at), doc.locate(path, at), `${file.path} ${path.join('.')} ${at}`);
          checked++;
        }
        // Past what it keeps, the deepest node it keeps answers.
        assert.deepEqual(retained.locate(['spec', 'no-such-field'], 'key'), retained.locate(['spec'], 'key'));
      }
    }
  }
  assert.ok(checked > 3_000, `${checked} nodes`);
});

test('a repo-wide pass in parts: the files kept to the end are read first, each part is checked once read, and what it no longer needs goes', async () => {
  const files: Record<string, string> = {};
  const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
  // More files than a batch (256): part a is checked before z/shared.yaml would be read in path order.
  for (const part of ['a', 'b']) for (let i = 0; i < 300; i++) files[`${part}/cm${String(i).padStart(3, '0')}.yaml`] = configMap(`${part}${i}`);
  files['a/keep.yaml'] = configMap('keep-a');
  files['z/shared.yaml'] = configMap('shared');
  const root = makeTree(files);
  const nameOf = (doc: ParsedDocument) => (doc.value as { metadata: { name: string } }).metadata.name;
  const seen: string[] = [];
  // A WeakRef would hold its target to the end of the job that made it, the whole run here: a registry does not.
  const gone: string[] = [];
  const registry = new FinalizationRegistry<string>((name) => gone.push(name));
  const pass: RepoPass = () => assert.fail('the pass runs in parts');
  pass.inParts = (_setup, paths) => ({
    parts: Int32Array.from(paths, (path) => (path.startsWith('z/') ? -1 : path.startsWith('a/') ? 0 : 1)),
    keeps: (doc) => nameOf(doc).startsWith('keep'),
    check(part, own, kept) {
      seen.push(`part ${part}: ${own.length} documents, ${nameOf(own[0]!)} to ${nameOf(own.at(-1)!)} | kept ${kept.map(nameOf).join(' ')}`);
      if (part === 0) for (const doc of own) registry.register(doc, nameOf(doc));
      else gc();
      return [{ file: own[0]!.file.path, line: 1, column: 1, severity: 'error', check: 'probe', message: `part ${part}`, document: own[0]!.ref }];
    },
    end: (kept) => [{ file: 'z/shared.yaml', line: 1, column: 1, severity: 'warning', check: 'probe', message: `end: ${kept.map(nameOf).join(' ')}` }],
  });
  const report = await runChecks({ ...bareOptions(root), repoPasses: [pass] });
  assert.deepEqual(seen, ['part 0: 301 documents, a0 to keep-a | kept shared', 'part 1: 300 documents, b0 to b299 | kept shared keep-a']);
  assert.deepEqual(
    report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.check} ${f.message}`),
    ['a/cm000.yaml:1:1 probe part 0', 'b/cm000.yaml:1:1 probe part 1', 'z/shared.yaml:1:1 probe end: keep-a shared'],
  );
  // What was kept of part a's documents went before part b was checked (collected there); the one the pass keeps
  // went on as a copy whose positions left the slab it shared with the others (the end still read it, above).
  for (let i = 0; i < 3 && gone.length < 301; i++) await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(gone.sort(), [...Array.from({ length: 300 }, (_, i) => `a${i}`).sort(), 'keep-a']);
});

test(`a context of ${CACHED_CONTEXT_FILES} files or more streams with the checked ones, not held whole from the document cache; a smaller one is`, async () => {
  const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
  const files: Record<string, string> = { 'app/d.yaml': configMap('checked') };
  for (let i = 0; i < CACHED_CONTEXT_FILES; i++) files[`context/${i < 10 ? 'small' : 'rest'}/c${i}.yaml`] = configMap(`c${i}`);
  const root = makeTree(files);
  const cacheDir = tempDir('gitops-check-cache-');
  for (const [contextPaths, held] of [
    [['context/small'], true],
    [['context'], false],
  ] as const) {
    let value: WeakRef<object> | undefined;
    let live: boolean | undefined;
    let documents = 0;
    await runChecks({
      ...bareOptions(root),
      paths: ['app/d.yaml'],
      contextPaths: [...contextPaths],
      documentCache: new DocumentCache(new DiskCache(cacheDir, 'test'), root),
      passes: [() => ({ name: 'probe', check: (doc) => ((value = new WeakRef(doc.value as object)), { findings: [], skips: [] }) })],
      repoPasses: [
        async (everything) => {
          documents = everything.length;
          // A WeakRef's target is held until the job that made it ends.
          await new Promise((resolve) => setImmediate(resolve));
          gc();
          live = value!.deref() !== undefined;
          return [];
        },
      ],
    });
    assert.equal(documents, held ? 11 : CACHED_CONTEXT_FILES + 1);
    assert.equal(live, held, `context ${contextPaths.join()}`);
  }
});
