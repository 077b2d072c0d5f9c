import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { makeTree, normalizeLines, REPO_ROOT, runCli, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

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

/**
 * Runs the CLI as a user permissions apply to: root reads everything, so as root the run drops to
 * nobody (setpriv, util-linux) in a tree and HOME it may read.
 */
function runAsUser(args: string[], root: string): CliResult {
  if (process.getuid?.() !== 0) return runCli(args, root);
  const home = tempDir('gitops-check-home-');
  chmodSync(home, 0o777);
  chmodSync(root, 0o755);
  const drop = ['--reuid=65534', '--regid=65534', '--clear-groups', '--', process.execPath, join(REPO_ROOT, 'bin/gitops-check.js')];
  const out = spawnSync('setpriv', [...drop, ...args], { cwd: root, env: { ...process.env, HOME: home, NO_COLOR: '1', GITHUB_ACTIONS: '' }, encoding: 'utf8' });
  assert.equal(out.error, undefined, 'setpriv (util-linux) is needed to run this test as root');
  return { code: out.status, stdout: out.stdout, stderr: out.stderr, lines: normalizeLines(out.stdout) };
}

test('an unreadable file and an unreadable directory are each a finding naming the reason, and the run goes on', () => {
  const root = makeTree({ 'base/a-locked.yaml': namespace, 'base/b-locked-dir/inside.yaml': namespace, 'base/c-open.yaml': namespace });
  chmodSync(join(root, 'base/a-locked.yaml'), 0o000);
  chmodSync(join(root, 'base/b-locked-dir'), 0o000);
  const r = runAsUser([], root);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(r.lines, [
    'FAIL - base/a-locked.yaml:1:1 - cannot read file: permission denied (file)',
    'FAIL - base/b-locked-dir:1:1 - cannot read directory: permission denied (file)',
    'PASS - base/c-open.yaml - Namespace ok',
    '3 files, 1 document · 1 passed · 2 failed · 0 warnings · 0 skipped · T s',
  ]);
  // a locked tree named on the command line is reported the same way, not a usage error
  const named = runAsUser(['base/b-locked-dir', 'base/c-open.yaml'], root);
  assert.equal(named.code, 1, named.stderr);
  assert.equal(named.lines[0], 'FAIL - base/b-locked-dir:1:1 - cannot read directory: permission denied (file)');
});

test('an empty file and a file of only comments pass with no documents', () => {
  const root = makeTree({ 'base/empty.yaml': '', 'base/comments.yaml': '# nothing\n# at all\n' });
  const r = runCli([], root);
  assert.equal(r.code, 0);
  assert.deepEqual(r.lines, ['2 files, 0 documents · 0 passed · 0 failed · 0 warnings · 0 skipped · T s']);
});
