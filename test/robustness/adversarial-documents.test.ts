import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTree, runCli } from '../helpers/cli.js';

const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

/** Each level holds nine aliases of the one before: 9^10 nodes once expanded. */
function billionLaughs(): string {
  const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < 10; i++) {
    const [prev, cur] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
    lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(', ')}]`);
  }
  return lines.join('\n') + '\n';
}

test('a billion-laughs alias bomb fails at the alias that crosses the limit, within a 96 MB heap; the next document still passes', () => {
  const root = makeTree({ 'base/bomb.yaml': `${billionLaughs()}---\n${namespace('after')}` });
  const r = runCli([], root, { env: { NODE_OPTIONS: '--max-old-space-size=96' } });
  assert.equal(r.stderr, '');
  assert.deepEqual(r.lines, [
    'FAIL - base/bomb.yaml:7:4 - syntax error: document expands to more than 1000000 nodes through aliases (yaml/syntax)',
    'PASS - base/bomb.yaml - Namespace after',
    '1 file, 2 documents · 1 passed · 1 failed · 0 warnings · 0 skipped · T s',
  ]);
  assert.equal(r.code, 1);
});

test('10,000 levels of flow and block nesting as a whole document parse and fail the object gate', () => {
  const root = makeTree({
    'base/flow.yaml': `${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
    'base/block.yaml': `${'- '.repeat(10_000)}x\n`,
    'base/map.yaml': `${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`,
  });
  const r = runCli([], root);
  assert.deepEqual(r.lines, [
    'FAIL - base/block.yaml:1:1 - document is a list, not a Kubernetes object (a mapping with apiVersion and kind) (schema)',
    'FAIL - base/flow.yaml:1:1 - document is a list, not a Kubernetes object (a mapping with apiVersion and kind) (schema)',
    "FAIL - base/map.yaml:1:1 - missing 'kind' key (schema)",
    '3 files, 3 documents · 0 passed · 3 failed · 0 warnings · 0 skipped · T s',
  ]);
  assert.equal(r.code, 1);
});

// Found here: the schema pass recursed per level and the run died with exit 2, hiding every other
// file's result. Now the object gate refuses such documents before any pass walks them.
test('10,000 levels of nesting inside a Kubernetes object fail that document at the gate; the other files still pass', () => {
  const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
  const root = makeTree({ 'base/deep.yaml': deep, 'base/ok.yaml': namespace('ok') });
  const r = runCli([], root);
  assert.equal(r.stderr, '');
  assert.deepEqual(r.lines, [
    'FAIL - base/deep.yaml:1:1 - document nests deeper than 1000 levels; it is not checked further (schema)',
    'PASS - base/ok.yaml - Namespace ok',
    '2 files, 2 documents · 1 passed · 1 failed · 0 warnings · 0 skipped · T s',
  ]);
  assert.equal(r.code, 1);
});

test('documents that are a scalar, a number or a list fail the object gate, each naming what it is', () => {
  const root = makeTree({ 'base/odd.yaml': 'just a string\n---\n42\n---\n- a\n- b\n---\n~\n' });
  const r = runCli([], root);
  assert.deepEqual(r.lines, [
    'FAIL - base/odd.yaml:1:1 - document is a string, not a Kubernetes object (a mapping with apiVersion and kind) (schema)',
    'FAIL - base/odd.yaml:3:1 - document is a scalar, not a Kubernetes object (a mapping with apiVersion and kind) (schema)',
    'FAIL - base/odd.yaml:5:1 - document is a list, not a Kubernetes object (a mapping with apiVersion and kind) (schema)',
    '1 file, 3 documents · 0 passed · 3 failed · 0 warnings · 0 skipped · T s',
  ]);
});

test('a kind or apiVersion with path characters never names a file outside the schema location: no schema', () => {
  const root = makeTree({
    'schemas/evil.json': '{"type": "object"}',
    'evil.json': '{"type": "object"}',
    'base/kind.yaml': 'apiVersion: v1\nkind: ../evil\nmetadata:\n  name: a\n---\napiVersion: ../../v1\nkind: Evil\nmetadata:\n  name: b\n---\napiVersion: v1\nkind: ../../etc/passwd\nmetadata:\n  name: c\n',
  });
  const r = runCli(['--kubernetes-version', '1.30', '--schema-location', 'schemas/{{ .ResourceKind }}.json'], root);
  assert.deepEqual(r.lines, [
    'FAIL - base/kind.yaml:1:1 - no schema for v1 ../evil (Kubernetes 1.30.1) (schema)',
    'FAIL - base/kind.yaml:6:1 - no schema for ../../v1 Evil (Kubernetes 1.30.1) (schema)',
    'FAIL - base/kind.yaml:11:1 - no schema for v1 ../../etc/passwd (Kubernetes 1.30.1) (schema)',
    '1 file, 3 documents · 0 passed · 3 failed · 0 warnings · 0 skipped · T s',
  ]);
});

test('a document repeated in one file is reported twice, once per index, and the second is the duplicate in its cluster', () => {
  const root = makeTree({ 'clusters/kind/dup.yaml': `${namespace('dup')}---\n${namespace('dup')}` });
  const r = runCli(['-o', 'json'], root);
  const report = JSON.parse(r.stdout) as { results: Array<{ document: { index: number }; status: string }>; findings: Array<{ line: number; check: string; message: string }> };
  assert.deepEqual(report.results.map((x) => [x.document.index, x.status]), [[0, 'pass'], [1, 'fail']]);
  assert.deepEqual(report.findings.map((f) => [f.line, f.check, f.message]), [[9, 'gitops/duplicate', 'duplicate Namespace dup: already defined at clusters/kind/dup.yaml:4']]);
});

test('a ConfigMap of 140,000 keys of the wrong type gets a finding at each key in every format (more than a call takes as arguments), not a crash', () => {
  const keys = Array.from({ length: 140_000 }, (_, i) => `  k${i}: ${i}`);
  // A document before it: its findings join the file's others in the formats that group by file.
  const root = makeTree({ 'base/big.yaml': `${namespace('before')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${keys.join('\n')}\n` });
  const r = runCli(['-o', 'text', '-o', 'json=report.json', '-o', 'junit=report.xml', '-o', 'tap=report.tap', '-o', 'sarif=report.sarif', '--no-builtin-policies'], root);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 1);
  assert.deepEqual(r.lines.slice(0, 3), [
    'PASS - base/big.yaml - Namespace before',
    'FAIL - base/big.yaml:11:3 - ConfigMap big: data.k0: expected string, got integer (schema)',
    'FAIL - base/big.yaml:12:3 - ConfigMap big: data.k1: expected string, got integer (schema)',
  ]);
  assert.deepEqual(r.lines.slice(-2), [
    '  … and 139900 more findings in this file (-o json lists all)',
    '1 file, 2 documents · 1 passed · 1 failed · 0 warnings · 0 skipped · T s',
  ]);
  const read = (name: string) => readFileSync(join(root, name), 'utf8');
  const report = JSON.parse(read('report.json')) as { findings: Array<{ line: number; column: number; message: string }> };
  assert.equal(report.findings.length, 140_000);
  const last = report.findings[139_999]!;
  assert.deepEqual([last.line, last.column, last.message], [140_010, 3, 'ConfigMap big: data.k139999: expected string, got integer']);
  assert.equal(read('report.xml').match(/FAIL - base\/big\.yaml:\d+:3 - ConfigMap big: data\.k\d+: expected string, got integer/g)?.length, 140_000);
  assert.equal(read('report.tap').match(/^ {6}at: "base\/big\.yaml:\d+:3"$/gm)?.length, 140_000);
  assert.equal((JSON.parse(read('report.sarif')) as { runs: Array<{ results: unknown[] }> }).runs[0]!.results.length, 140_000);
});

test('a Service of 20,000 invalid ports gets a finding at each port', () => {
  const ports = Array.from({ length: 20_000 }, (_, i) => `  - port: p${i}`);
  const root = makeTree({ 'base/svc.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n${ports.join('\n')}\n` });
  const r = runCli(['-o', 'json', '--no-builtin-policies'], root);
  assert.equal(r.code, 1);
  const report = JSON.parse(r.stdout) as { findings: Array<{ line: number; column: number; message: string }> };
  assert.equal(report.findings.length, 20_000);
  assert.deepEqual(
    [report.findings[0], report.findings[19_999]].map((f) => [f!.line, f!.column, f!.message]),
    [
      [7, 5, 'Service s: spec.ports[0].port: expected integer, got string'],
      [20_006, 5, 'Service s: spec.ports[19999].port: expected integer, got string'],
    ],
  );
});
