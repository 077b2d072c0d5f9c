import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, runCli } from '../helpers/cli.js';

// Found by yaml-fuzz: yamllint's document-end rule reports the stream end's 0-based line as if
// 1-based, so a one-line file without a final newline got line 0 (yamllint prints 0:1), which SARIF
// (startLine >= 1) and annotations reject.
test('document-end on a one-line file without a final newline is reported on line 1, never line 0', () => {
  const root = makeTree({
    '.yamllint': 'extends: default\nrules:\n  document-end: enable\n',
    'base/one-line.yaml': '{apiVersion: v1, kind: Namespace, metadata: {name: x}}',
  });
  const r = runCli([], root);
  assert.deepEqual(r.lines, [
    'FAIL - base/one-line.yaml:1:1 - missing document end "..." (yaml/document-end)',
    'WARN - base/one-line.yaml:1:1 - missing document start "---" (yaml/document-start)',
    'FAIL - base/one-line.yaml:1:55 - no new line character at the end of file (yaml/new-line-at-end-of-file)',
    '1 file, 1 document · 0 passed · 1 failed · 0 warnings · 0 skipped · T s',
  ]);
});
