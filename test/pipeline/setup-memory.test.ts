import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTree, runCli, widgetCrd, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { DiskCache } from '../../src/cache/disk-cache.js';
import { SetupMemory } from '../../src/cache/setup-memory.js';

const widget = (name: string, size: string) => `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  size: ${size}\n`;
const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: shop\n`;

/** A ValidatingAdmissionPolicy that wants a team label on every ConfigMap, and its binding. */
const NEEDS_TEAM = [
  '---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata:\n  name: needs-team\nspec:\n  matchConstraints:\n    resourceRules:\n',
  '      - {apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [configmaps]}\n',
  '  validations:\n    - expression: "has(object.metadata.labels) && \'team\' in object.metadata.labels"\n      message: a ConfigMap needs a team label\n',
  '---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata:\n  name: needs-team\nspec:\n  policyName: needs-team\n  validationActions: [Deny]\n',
].join('');

/** Whether a `--timings` table on stderr has a row for the pre-scan. */
const preScanned = (result: CliResult) => /^pre-scan /m.test(result.stderr);

/** A run with its cache in `cache`, timed, and the same run with no cache at all: what it must report. */
function runTwice(args: string[], root: string, cache: string, input?: string): { cached: CliResult; fresh: CliResult } {
  const cached = runCli([...args, '--cache-dir', cache, '--timings'], root, { input });
  const fresh = runCli([...args, '--no-cache'], root, { input });
  assert.equal(fresh.stderr, '');
  return { cached, fresh };
}

function assertSame(cached: CliResult, fresh: CliResult, what: string): void {
  assert.deepEqual([cached.code, cached.lines], [fresh.code, fresh.lines], what);
}

for (const jobs of ['1', '2']) {
  test(`--jobs ${jobs}: the next run reads first the files the last one found CRDs in, with no pre-scan; a CRD in a new file, an admission policy added or removed, give the report of a run with no cache`, () => {
    const root = makeTree({
      'clusters/a/shop/a-widget.yaml': widget('w', 'big'),
      'clusters/a/shop/cm.yaml': configMap('cm'),
      'clusters/a/crds/widget.yaml': widgetCrd('integer'),
      'clusters/b/shop/cm.yaml': configMap('other'),
      'clusters/b/shop/more.yaml': configMap('more'),
    });
    const cache = tempDir();
    const args = ['--jobs', jobs, '--no-builtin-policies'];
    const fail = 'FAIL - clusters/a/shop/a-widget.yaml:7:3 - Widget shop/w: spec.size: expected integer, got string (schema)';

    let { cached, fresh } = runTwice(args, root, cache);
    assertSame(cached, fresh, 'first run');
    assert.ok(fresh.lines.includes(fail), fresh.stdout);
    assert.ok(preScanned(cached), 'the first run scans');
    ({ cached, fresh } = runTwice(args, root, cache));
    assertSame(cached, fresh, 'second run');
    assert.ok(!preScanned(cached), `the second run recalls: ${cached.stderr}`);

    // The CRD moves to a file the last run did not know, its schema changed: the recalled files hold no CRD now.
    renameSync(join(root, 'clusters/a/crds/widget.yaml'), join(root, 'clusters/a/shop/b-widget-crd.yaml'));
    writeFileSync(join(root, 'clusters/a/shop/b-widget-crd.yaml'), widgetCrd('string'));
    ({ cached, fresh } = runTwice(args, root, cache));
    assertSame(cached, fresh, 'a CRD in a new file');
    assert.ok(!fresh.lines.includes(fail), fresh.stdout);
    assert.ok(preScanned(cached), 'the run met a CRD it did not recall and scanned');
    ({ cached, fresh } = runTwice(args, root, cache));
    assertSame(cached, fresh, 'after it');
    assert.ok(!preScanned(cached), `the new file is recalled: ${cached.stderr}`);

    // An admission policy in a recalled file: checked whole (no part of the run streams), and so the next run.
    appendFileSync(join(root, 'clusters/a/shop/b-widget-crd.yaml'), NEEDS_TEAM);
    for (const what of ['an admission policy in a recalled file', 'recalled']) {
      ({ cached, fresh } = runTwice(args, root, cache));
      assertSame(cached, fresh, what);
      assert.ok(fresh.lines.some((line) => line.startsWith('FAIL - clusters/a/shop/cm.yaml:') && line.includes('a ConfigMap needs a team label')), fresh.stdout);
    }
    assert.ok(!preScanned(cached), 'a tree recalled with admission policies is checked whole at once');

    // Gone again: the run checked whole finds none, and the one after it streams again.
    writeFileSync(join(root, 'clusters/a/shop/b-widget-crd.yaml'), widgetCrd('integer'));
    for (const what of ['the admission policy removed', 'recalled without it']) {
      ({ cached, fresh } = runTwice(args, root, cache));
      assertSame(cached, fresh, what);
      assert.ok(fresh.lines.includes(fail), fresh.stdout);
      assert.ok(!fresh.lines.some((line) => line.includes('team label')), fresh.stdout);
      assert.ok(!preScanned(cached), `${what}: ${cached.stderr}`);
    }
  });
}

test('runs naming other trees share what they found: each keeps the others\' setup files, and none scans once all are known', () => {
  const root = makeTree({
    'clusters/a/crds/widget.yaml': widgetCrd('integer'),
    'clusters/a/shop/w.yaml': widget('w', 'big'),
    'clusters/b/crds/gadget.yaml': widgetCrd('integer').replaceAll('widget', 'gadget').replace('Widget', 'Gadget'),
    'clusters/b/shop/g.yaml': widget('g', 'big').replace('Widget', 'Gadget'),
  });
  const cache = tempDir();
  const base = ['--no-builtin-policies', '--no-context'];
  for (const [paths, scans] of [[['clusters/a'], true], [['clusters/b'], true], [['clusters/a'], false], [['clusters'], false], [['clusters/b'], false]] as const) {
    const { cached, fresh } = runTwice([...paths, ...base], root, cache);
    assertSame(cached, fresh, paths.join(' '));
    assert.ok(fresh.lines.some((line) => line.startsWith('FAIL - ') && line.includes('spec.size: expected integer, got string')), fresh.stdout);
    assert.equal(preScanned(cached), scans, `${paths.join(' ')}: ${cached.stderr}`);
  }
});

test('stdin with a tree whose recalled setup files miss a CRD: the run starts again and still checks what stdin held', () => {
  const root = makeTree({ 'clusters/a/shop/cm.yaml': configMap('cm'), 'clusters/a/crds/widget.yaml': widgetCrd('integer') });
  const cache = tempDir();
  const args = ['-', 'clusters', '--no-builtin-policies'];
  const input = widget('from-stdin', 'big');
  runCli([...args, '--cache-dir', cache], root, { input });
  writeFileSync(join(root, 'clusters/a/shop/b-gadget-crd.yaml'), widgetCrd('integer').replaceAll('widget', 'gadget').replace('Widget', 'Gadget'));
  const { cached, fresh } = runTwice(args, root, cache, input);
  assertSame(cached, fresh, 'stdin');
  assert.ok(preScanned(cached), `the run met a CRD it did not recall and scanned: ${cached.stderr}`);
  assert.ok(fresh.lines.includes('FAIL - stdin:7:3 - Widget shop/from-stdin: spec.size: expected integer, got string (schema)'), fresh.stdout);
});

test('SetupMemory: what runs found is recalled by the next in the same directory, each run updating what it found of its own files; written only when it changed; a damaged entry is none', () => {
  const dir = tempDir();
  let writes = 0;
  const disk = new (class extends DiskCache {
    override set(kind: string, key: readonly string[], body: string | Uint8Array): void {
      writes++;
      super.set(kind, key, body);
    }
  })(dir, 'test');
  const covered = (...paths: string[]) => new Set(paths);
  const none = new SetupMemory(disk, '/none');
  none.remember({ paths: [], admission: [] }, covered('a.yaml'));
  assert.deepEqual([writes, new SetupMemory(disk, '/none').recall()], [1, { paths: [], admission: [] }], 'none found is kept too');
  writes = 0;
  assert.equal(new SetupMemory(disk, '/repo').recall(), undefined);
  new SetupMemory(disk, '/repo').remember({ paths: ['b/crd.yaml', 'a/crd.yaml'], admission: [] }, covered('a/crd.yaml', 'a/x.yaml', 'b/crd.yaml'));
  assert.equal(writes, 1);
  const next = new SetupMemory(disk, '/repo');
  assert.deepEqual(next.recall(), { paths: ['a/crd.yaml', 'b/crd.yaml'], admission: [] });
  next.remember({ paths: ['b/crd.yaml'], admission: [] }, covered('b/crd.yaml', 'b/y.yaml'));
  assert.equal(writes, 1, 'the same of its own files, the others kept: not written again');
  // A run over b/ alone: its CRD gone, an admission policy in another file; a/ as recalled.
  next.remember({ paths: ['b/policy.yaml'], admission: ['b/policy.yaml'] }, covered('b/crd.yaml', 'b/policy.yaml'));
  assert.equal(writes, 2);
  assert.deepEqual(new SetupMemory(disk, '/repo').recall(), { paths: ['a/crd.yaml', 'b/policy.yaml'], admission: ['b/policy.yaml'] });
  assert.equal(new SetupMemory(disk, '/other').recall(), undefined, 'another directory, another entry');
  const key = ['setup 2', '/repo'];
  disk.set('setup', key, '{"paths": ["a.yaml"], "admission": false}');
  assert.equal(new SetupMemory(disk, '/repo').recall(), undefined);
  disk.set('setup', key, 'not json');
  assert.equal(new SetupMemory(disk, '/repo').recall(), undefined);
});
