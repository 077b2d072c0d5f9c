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

test('SetupMemory: what a run found is recalled by the next under the same key, written only when it changed; a damaged entry is none', () => {
  const dir = tempDir();
  let writes = 0;
  const disk = new (class extends DiskCache {
    override set(kind: string, key: readonly string[], body: string | Uint8Array): void {
      writes++;
      super.set(kind, key, body);
    }
  })(dir, 'test');
  const key = SetupMemory.keyOf('/repo', [['.'], [], [], []]);
  assert.equal(new SetupMemory(disk, key).recall(), undefined);
  new SetupMemory(disk, key).remember({ paths: ['b.yaml', 'a.yaml'], admission: false });
  assert.equal(writes, 1);
  const next = new SetupMemory(disk, key);
  assert.deepEqual(next.recall(), { paths: ['b.yaml', 'a.yaml'], admission: false });
  next.remember({ paths: ['a.yaml', 'b.yaml'], admission: false });
  assert.equal(writes, 1, 'the same files, in another order: not written again');
  next.remember({ paths: ['a.yaml', 'b.yaml'], admission: true });
  assert.equal(writes, 2);
  assert.equal(new SetupMemory(disk, SetupMemory.keyOf('/repo', [['clusters'], [], [], []])).recall(), undefined, 'other paths, another entry');
  disk.set('setup', key, '{"paths": "a.yaml", "admission": false}');
  assert.equal(new SetupMemory(disk, key).recall(), undefined);
  disk.set('setup', key, 'not json');
  assert.equal(new SetupMemory(disk, key).recall(), undefined);
});
