import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatYamllint } from '../../src/report/yamllint.js';
import type { Report } from '../../src/report/model.js';

test('-o yamllint: the YAML findings as yamllint -f parsable prints them, other passes left out', () => {
  const report: Report = {
    files: 2,
    results: [],
    skips: [],
    elapsedMs: 1,
    findings: [
      { file: 'base/a.yaml', line: 3, column: 5, severity: 'error', check: 'yaml/colons', message: 'too many spaces after colon', document: { index: 0 } },
      { file: 'base/a.yaml', line: 4, column: 1, severity: 'error', check: 'schema', message: 'missing required property "spec"', document: { index: 0 } },
      { file: 'base/a.yaml', line: 7, column: 1, severity: 'warning', check: 'yaml/document-start', message: 'missing document start "---"', document: { index: 1 } },
      { file: 'clusters/b.yaml', line: 5, column: 3, severity: 'error', check: 'yaml/syntax', message: "syntax error: expected <block end>, but found '<block mapping start>'", document: { index: 0 } },
    ],
  };
  assert.equal(
    formatYamllint(report),
    [
      'base/a.yaml:3:5: [error] too many spaces after colon (colons)',
      'base/a.yaml:7:1: [warning] missing document start "---" (document-start)',
      "clusters/b.yaml:5:3: [error] syntax error: expected <block end>, but found '<block mapping start>' (syntax)",
      '',
    ].join('\n'),
  );
});

test('-o yamllint: nothing at all when the YAML pass found nothing', () => {
  assert.equal(formatYamllint({ files: 1, results: [], skips: [], elapsedMs: 1, findings: [] }), '');
});
