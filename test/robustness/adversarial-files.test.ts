import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLintConfig } from '../../src/lint/config/load.js';
import { runChecks, type CheckOptions } from '../../src/pipeline/run.js';
import { discover } from '../../src/discovery/discover.js';
import { makeTree, runCli } from '../helpers/cli.js';

function utf32(text: string, order: 'le' | 'be'): Buffer {
  const out = Buffer.alloc(text.length * 4);
  [...text].forEach((c, i) => (order === 'le' ? out.writeUInt32LE(c.codePointAt(0)!, i * 4) : out.writeUInt32BE(c.codePointAt(0)!, i * 4)));
  return out;
}

const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

test('a 100 MB file is a FAIL naming the size limit, without being read; the other files still pass', () => {
  const root = makeTree({ 'base/huge.yaml': namespace('huge'), 'base/ok.yaml': namespace('ok') });
  // Sparse: the size is what stat reports, no 100 MB is written.
  truncateSync(join(root, 'base/huge.yaml'), 100 * 1024 * 1024);
  const r = runCli([], root);
  assert.deepEqual(r.lines, [
    'FAIL - base/huge.yaml:1:1 - file is 100 MiB, over the size limit of 10 MiB (maxFileSize) (file)',
    'PASS - base/ok.yaml - Namespace ok',
    '2 files, 1 document · 1 passed · 1 failed · 0 warnings · 0 skipped · T s',
  ]);
  assert.equal(r.code, 1);
});

test('a single 10 MB line under the limit is checked like any manifest; under a 1 MiB limit it is a FAIL naming the limit', () => {
  const root = makeTree({ 'base/long.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: long\ndata:\n  x: "${'a'.repeat(10_000_000)}"\n` });
  assert.deepEqual(runCli([], root).lines, ['PASS - base/long.yaml - ConfigMap long', '1 file, 1 document · 1 passed · 0 failed · 0 warnings · 0 skipped · T s']);
  const limited = runCli(['--max-file-size', String(1024 * 1024)], root);
  assert.equal(limited.lines[0], 'FAIL - base/long.yaml:1:1 - file is 9.5 MiB, over the size limit of 1 MiB (maxFileSize) (file)');
  assert.equal(limited.code, 1);
});

test('encodings: UTF-16BE with a BOM is read; UTF-16 without a BOM, a NUL in one document, UTF-8 cut mid-character fail the file at the byte; UTF-32 (either BOM) is named as such', () => {
  const bytes = (text: string) => Buffer.from(text, 'utf8');
  const utf16be = Buffer.from(namespace('be'), 'utf16le').swap16();
  const root = makeTree({
    'base/a-utf16be.yaml': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]),
    'base/b-utf16-no-bom.yaml': Buffer.from(namespace('nobom'), 'utf16le'),
    'base/c-nul.yaml': Buffer.concat([bytes(`${namespace('first')}---\n`), bytes(namespace('sec\0ond'))]),
    'base/d-cut.yaml': Buffer.concat([bytes(namespace('caf').slice(0, -1)), Buffer.from([0xc3])]),
    'base/e-utf32.yaml': Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32(namespace('u32'), 'le')]),
    'base/f-utf32be.yaml': Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), utf32(namespace('u32be'), 'be')]),
  });
  const r = runCli([], root);
  assert.deepEqual(r.lines, [
    'PASS - base/a-utf16be.yaml - Namespace be',
    'FAIL - base/b-utf16-no-bom.yaml:1:2 - binary file: NUL byte at offset 1; manifests must be UTF-8 or UTF-16 text (file)',
    'FAIL - base/c-nul.yaml:9:12 - binary file: NUL byte at offset 111; manifests must be UTF-8 or UTF-16 text (file)',
    'FAIL - base/d-cut.yaml:4:12 - invalid UTF-8: byte 0xc3 at offset 52 cannot be decoded; manifests must be UTF-8 or UTF-16 with a BOM (file)',
    'FAIL - base/e-utf32.yaml:1:1 - UTF-32 text (UTF-32LE byte order mark) is not supported; manifests must be UTF-8 or UTF-16 text (file)',
    'FAIL - base/f-utf32be.yaml:1:1 - UTF-32 text (UTF-32BE byte order mark) is not supported; manifests must be UTF-8 or UTF-16 text (file)',
    '6 files, 1 document · 1 passed · 5 failed · 0 warnings · 0 skipped · T s',
  ]);
});

test('symbolic link loops (a self link, a two-link cycle, a link to the parent folder) end the walk; only the real file is reported', () => {
  const root = makeTree({ 'base/ok.yaml': namespace('ok') });
  mkdirSync(join(root, 'base/sub'));
  symlinkSync('self.yaml', join(root, 'base/self.yaml'));
  symlinkSync('b.yaml', join(root, 'base/a.yaml'));
  symlinkSync('a.yaml', join(root, 'base/b.yaml'));
  symlinkSync('..', join(root, 'base/sub/up'));
  const r = runCli([], root);
  assert.deepEqual(r.lines, ['PASS - base/ok.yaml - Namespace ok', '1 file, 1 document · 1 passed · 0 failed · 0 warnings · 0 skipped · T s']);
  const named = runCli(['base/self.yaml'], root);
  assert.equal(named.code, 2);
  assert.equal(named.stdout, '');
  assert.match(named.stderr, /^gitops-check: .*base\/self\.yaml.*\n$/);
});

test('a file deleted after discovery, before it is read, is a FAIL saying so; one deleted once read is checked as read', async () => {
  const root = makeTree({ 'base/a.yaml': namespace('a'), 'base/b.yaml': namespace('b'), 'base/c.yaml': namespace('c') });
  const run = (options: Partial<CheckOptions>) =>
    runChecks({
      cwd: root,
      paths: [],
      exclude: [],
      maxFileSize: 1024,
      severity: {},
      yamllint: loadLintConfig({ cwd: root, env: {}, home: root }),
      passes: [],
      repoPasses: [],
      readStdin: async () => new Uint8Array(),
      ...options,
    });
  const discovered = await discover({ cwd: root, paths: [], exclude: [] });
  rmSync(join(root, 'base/b.yaml'));
  const report = await run({ discovered });
  assert.equal(report.files, 3);
  assert.deepEqual(report.results.map((r) => [r.file, r.status]), [['base/a.yaml', 'pass'], ['base/b.yaml', 'fail'], ['base/c.yaml', 'pass']]);
  assert.deepEqual(report.findings.map((f) => [f.file, f.line, f.column, f.check, f.message]), [['base/b.yaml', 1, 1, 'file', 'cannot read file: it no longer exists (deleted during the run?)']]);
  // Each file is read once, before any is checked (the pre-scan for CRDs): c is checked as it was then.
  const later = await run({ onProgress: (done) => done === 1 && rmSync(join(root, 'base/c.yaml')) });
  assert.deepEqual(later.results.map((r) => [r.file, r.status]), [['base/a.yaml', 'pass'], ['base/c.yaml', 'pass']]);
  assert.deepEqual(later.findings, []);
});

test('10,000 tiny files in 100 folders: every file discovered is reported exactly once', () => {
  const root = makeTree({});
  for (let i = 0; i < 10_000; i++) {
    const dir = join(root, 'base', `g${String(i % 100).padStart(2, '0')}`);
    if (i < 100) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `f${String(i).padStart(5, '0')}.yaml`), namespace(`n${i}`));
  }
  const r = runCli(['-o', 'json'], root);
  const report = JSON.parse(r.stdout) as { files: number; documents: number; summary: Record<string, number>; results: Array<{ file: string; status: string }> };
  const files = report.results.map((x) => x.file);
  assert.equal(report.files, 10_000);
  assert.equal(new Set(files).size, 10_000);
  assert.equal(files.length, 10_000);
  assert.deepEqual(report.summary, { passed: 10_000, failed: 0, warnings: 0, skipped: 0, excepted: 0, baselined: 0, suppressed: 0, fixed: 0 });
  assert.equal(r.code, 0);
});
