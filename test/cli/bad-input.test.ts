import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { makeTree, runCli } from '../helpers/cli.js';

const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n';

test('binary files, invalid UTF-8 and NUL bytes are findings on the file, and the other files still pass', () => {
  const root = makeTree({
    'base/a-binary.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
    'base/b-latin1.yaml': Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n', 'latin1'),
    'base/c-ok.yaml': namespace,
  });
  const r = runCli([], root);
  assert.equal(r.code, 1);
  assert.deepEqual(r.lines, [
    'FAIL - base/a-binary.yaml:3:1 - binary file: NUL byte at offset 8; manifests must be UTF-8 or UTF-16 text (file)',
    'FAIL - base/b-latin1.yaml:4:12 - invalid UTF-8: byte 0xe9 at offset 52 cannot be decoded; manifests must be UTF-8 or UTF-16 with a BOM (file)',
    'PASS - base/c-ok.yaml - Namespace ok',
    '3 files, 1 document · 1 passed · 2 failed · 0 warnings · 0 skipped · T s',
  ]);
});

test('a UTF-8 BOM, UTF-16 with a BOM and CRLF line ends are read as the same manifest', () => {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(namespace.replace('ok', 'sixteen'), 'utf16le')]);
  const root = makeTree({
    'base/bom.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(namespace.replace('ok', 'bom'))]),
    'base/crlf.yaml': namespace.replace('ok', 'crlf').replace(/\n/g, '\r\n'),
    'base/utf16.yaml': utf16,
  });
  const r = runCli([], root);
  assert.equal(r.code, 0, r.stdout);
  assert.deepEqual(r.lines, [
    'PASS - base/bom.yaml - Namespace bom',
    'PASS - base/crlf.yaml - Namespace crlf',
    'PASS - base/utf16.yaml - Namespace sixteen',
    '3 files, 3 documents · 3 passed · 0 failed · 0 warnings · 0 skipped · T s',
  ]);
});

test('files over the size limit are reported naming the limit, which --max-file-size and the config set', () => {
  const root = makeTree({ 'base/big.yaml': namespace + `# ${'x'.repeat(2000)}\n`, 'base/small.yaml': namespace });
  const r = runCli(['--max-file-size', '1024'], root);
  assert.equal(r.code, 1);
  assert.deepEqual(r.lines, [
    'FAIL - base/big.yaml:1:1 - file is 2.0 KiB, over the size limit of 1 KiB (maxFileSize) (file)',
    'PASS - base/small.yaml - Namespace ok',
    '2 files, 1 document · 1 passed · 1 failed · 0 warnings · 0 skipped · T s',
  ]);
  const configured = makeTree({ '.gitops-check.yaml': 'maxFileSize: 1024\n', 'base/big.yaml': namespace + `# ${'x'.repeat(2000)}\n` });
  assert.equal(runCli([], configured).lines[0], 'FAIL - base/big.yaml:1:1 - file is 2.0 KiB, over the size limit of 1 KiB (maxFileSize) (file)');
  assert.equal(runCli(['--max-file-size', 'lots'], root).code, 2);
});

test('an unreadable file is a finding naming the reason, and the run goes on', (t) => {
  if (process.getuid?.() === 0) {
    t.skip('running as root: permissions do not stop reads, so an unreadable file cannot be made here');
    return;
  }
  const root = makeTree({ 'base/locked.yaml': namespace, 'base/open.yaml': namespace });
  chmodSync(join(root, 'base/locked.yaml'), 0o000);
  const r = runCli([], root);
  assert.equal(r.code, 1);
  assert.equal(r.lines[0], 'FAIL - base/locked.yaml:1:1 - cannot read file: permission denied (file)');
});

test('an empty file and a file of only comments pass with no documents', () => {
  const root = makeTree({ 'base/empty.yaml': '', 'base/comments.yaml': '# nothing\n# at all\n' });
  const r = runCli([], root);
  assert.equal(r.code, 0);
  assert.deepEqual(r.lines, ['2 files, 0 documents · 0 passed · 0 failed · 0 warnings · 0 skipped · T s']);
});
