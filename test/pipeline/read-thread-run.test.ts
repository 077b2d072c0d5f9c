// A run of READ_THREAD_FILES files or more has them read ahead on a thread (src/documents/read-thread.ts): its
// report is the one of a run that reads every file itself (`--jobs 2`: workers read their own files), on files the
// thread hands over and on those it leaves to the run (unreadable, too long, not UTF-8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTree, runCli, widgetCrd } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { READ_THREAD_FILES } from '../../src/pipeline/check-files.js';
import type { JsonReport } from '../../src/report/json.js';

const configMap = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: apps\ndata:\n  key: "${i}"\n`;

/** READ_THREAD_FILES ConfigMaps and more, and files each read differently; a few ConfigMaps with a key twice. */
function largeTree(): string {
  const files: Record<string, string | Buffer> = {};
  for (let i = 0; i < READ_THREAD_FILES + 50; i++) files[`clusters/a/apps/d${Math.floor(i / 100)}/cm-${i}.yaml`] = i % 997 === 0 ? configMap(i) + 'data: {}\n' : configMap(i);
  Object.assign(files, {
    'clusters/a/apps/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n',
    'clusters/a/apps/d50/bad-utf8.yaml': Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n', 'latin1'),
    'clusters/a/apps/d50/binary.yaml': Buffer.from([0x61, 0x3a, 0x20, 0x00, 0x0a]),
    'clusters/a/apps/d50/crlf.yaml': configMap(100_001).replace(/\n/g, '\r\n'),
    'clusters/a/apps/d50/empty.yaml': '',
    'clusters/a/apps/d50/long.yaml': configMap(100_002) + `  long: "${'x'.repeat(400_000)}"\n`,
    'clusters/a/apps/d50/utf16.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(configMap(100_003), 'utf16le')]),
  });
  return makeTree(files);
}

test('a run of READ_THREAD_FILES files reads them ahead and reports what a run reading each file itself does', () => {
  const root = largeTree();
  // The first run pre-scans the files (and keeps their bytes: the tree is small); the second, knowing where the setup
  // files are, streams the others, read ahead.
  const cache = tempDir('read-thread-cache-');
  const first = runCli(['-o', 'json', '--cache-dir', cache, '.'], root);
  const threaded = runCli(['-o', 'json', '--cache-dir', cache, '.'], root);
  const workers = runCli(['-o', 'json', '--no-cache', '--jobs', '2', '.'], root);
  assert.equal(threaded.stderr, '');
  assert.equal(threaded.code, 1);
  for (const other of [first, workers]) {
    assert.equal(other.code, threaded.code);
    assert.equal(other.stdout, threaded.stdout);
  }
  const report = JSON.parse(threaded.stdout) as JsonReport;
  assert.equal(report.files, READ_THREAD_FILES + 57);
  const found = report.findings.filter((f) => !f.file.includes('/cm-') || f.check.startsWith('yaml/')).map((f) => `${f.file}:${f.line}:${f.column} ${f.check}`);
  assert.deepEqual(found, [
    'clusters/a/apps/d0/cm-0.yaml:8:1 yaml/key-duplicates',
    'clusters/a/apps/d19/cm-1994.yaml:8:1 yaml/key-duplicates',
    'clusters/a/apps/d29/cm-2991.yaml:8:1 yaml/key-duplicates',
    'clusters/a/apps/d39/cm-3988.yaml:8:1 yaml/key-duplicates',
    'clusters/a/apps/d49/cm-4985.yaml:8:1 yaml/key-duplicates',
    'clusters/a/apps/d50/bad-utf8.yaml:4:12 file',
    'clusters/a/apps/d50/binary.yaml:1:4 file',
    'clusters/a/apps/d59/cm-5982.yaml:8:1 yaml/key-duplicates',
    'clusters/a/apps/d69/cm-6979.yaml:8:1 yaml/key-duplicates',
    'clusters/a/apps/d79/cm-7976.yaml:8:1 yaml/key-duplicates',
    'clusters/a/apps/d89/cm-8973.yaml:8:1 yaml/key-duplicates',
    'clusters/a/apps/d9/cm-997.yaml:8:1 yaml/key-duplicates',
    'clusters/a/apps/d99/cm-9970.yaml:8:1 yaml/key-duplicates',
  ]);
  const passed = new Set(report.results.filter((r) => r.status === 'pass').map((r) => r.document?.name));
  for (const name of ['cm-100001', 'cm-100002', 'cm-100003', 'cm-5000']) assert.ok(passed.has(name), name);
});

test('a run that meets a CRD its recalled setup files missed stops its read thread and starts again, with the report of a run recalling nothing', () => {
  const root = largeTree();
  const cache = tempDir('read-thread-cache-');
  assert.equal(runCli(['-o', 'json', '--cache-dir', cache, '.'], root).stderr, '');
  writeFileSync(join(root, 'clusters/a/apps/d30/crd.yaml'), widgetCrd('integer'));
  writeFileSync(join(root, 'clusters/a/apps/d60/widget.yaml'), 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: apps\nspec:\n  size: big\n');
  const recalled = runCli(['-o', 'json', '--cache-dir', cache, '.'], root);
  const fresh = runCli(['-o', 'json', '--no-cache', '.'], root);
  assert.equal(recalled.code, fresh.code);
  assert.equal(recalled.stdout, fresh.stdout);
  const report = JSON.parse(fresh.stdout) as JsonReport;
  assert.deepEqual(
    report.findings.filter((f) => f.file.endsWith('widget.yaml')).map((f) => `${f.line}:${f.column} ${f.check} ${f.message}`),
    ['7:3 schema Widget apps/w: spec.size: expected integer, got string'],
  );
});
