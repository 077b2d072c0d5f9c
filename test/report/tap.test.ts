import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Report } from '../../src/report/model.js';
import { formatTap } from '../../src/report/tap.js';
import { REPORT } from './fixture.js';

test('TAP 13: exact output for the fixed findings', () => {
  assert.equal(
    formatTap(REPORT, { failOnWarn: false }),
    `TAP version 13
ok 1 - base/ns.yaml (Namespace web)
not ok 2 - clusters/kind/web/app.yaml (Deployment web/web)
  ---
  findings:
    - severity: warning
      check: "builtin/k8s.memory-limit"
      at: "clusters/kind/web/app.yaml:10:11"
      message: "web in the Deployment web does not have a memory limit set"
    - severity: error
      check: "schema"
      at: "clusters/kind/web/app.yaml:12:9"
      message: "Deployment web/web: spec.template.spec.containers[0].resource: unknown field"
  ...
ok 3 - clusters/kind/web/app.yaml (Widget web/w) # SKIP no schema for example.com/v1 Widget (schema)
not ok 4 - clusters/kind/web/cm.yaml (ConfigMap web/settings)
  ---
  findings:
    - severity: warning
      check: "yaml/truthy"
      at: "clusters/kind/web/cm.yaml:7:10"
      message: "truthy value should be one of [false, true]"
    - severity: error
      check: "yaml/key-duplicates"
      at: "clusters/kind/web/cm.yaml:9:3"
      message: "duplication of key \\"LOG_LEVEL\\" in mapping"
    - severity: error
      check: "yaml/key-duplicates"
      at: "clusters/kind/web/cm.yaml:11:3"
      message: "duplication of key \\"LOG_LEVEL\\" in mapping"
  ...
not ok 5 - clusters/kind/web/logo.yaml
  ---
  findings:
    - severity: error
      check: "file"
      at: "clusters/kind/web/logo.yaml:1:1"
      message: "binary file (NUL byte at offset 12), not checked"
  ...
1..5
`,
  );
});

test('TAP: a document with warnings only is ok (not ok with --fail-on-warn); # and \\ in names are escaped', () => {
  const document = { index: 0, kind: 'ConfigMap', name: 'c' };
  const report: Report = {
    files: 1,
    results: [{ file: 'a#1\\b.yaml', document, status: 'warn' }],
    findings: [{ file: 'a#1\\b.yaml', line: 3, column: 1, severity: 'warning', check: 'yaml/comments', message: 'too few spaces before comment: "#x"', document }],
    skips: [],
    elapsedMs: 0,
  };
  const lines = formatTap(report, { failOnWarn: false }).split('\n');
  assert.equal(lines[1], 'ok 1 - a\\#1\\\\b.yaml (ConfigMap c)');
  // the YAML diagnostics read back to the finding itself
  const block = lines.slice(3, lines.indexOf('  ...')).map((l) => l.slice(2)).join('\n');
  assert.deepEqual(parse(block), { findings: [{ severity: 'warning', check: 'yaml/comments', at: 'a#1\\b.yaml:3:1', message: 'too few spaces before comment: "#x"' }] });
  assert.equal(formatTap(report, { failOnWarn: true }).split('\n')[1], 'not ok 1 - a\\#1\\\\b.yaml (ConfigMap c)');
});

test('TAP for an empty run: the version and an empty plan', () => {
  assert.equal(formatTap({ files: 0, results: [], findings: [], skips: [], elapsedMs: 0 }, { failOnWarn: false }), 'TAP version 13\n1..0\n');
});
