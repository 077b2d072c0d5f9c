import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatText } from '../../src/report/text.js';
import { formatJson } from '../../src/report/json.js';
import { formatJunit } from '../../src/report/junit.js';
import { formatTap } from '../../src/report/tap.js';
import { formatGithubAnnotations, formatStepSummary } from '../../src/report/github.js';
import { exitCodeOf } from '../../src/report/model.js';
import { MUTED_REPORT } from './fixture.js';

const SUMMARY = '4 files, 4 documents · 1 passed · 3 failed · 0 warnings · 1 skipped · 1 excepted · 1 baselined · 1 suppressed · 1 fixed · 0.21 s';

test('text: EXCP, BASE and SUPP lines under their document, FIXD lines, the counts in the summary; --quiet keeps EXCP only', () => {
  assert.equal(
    formatText(MUTED_REPORT, { color: false, quiet: false }),
    [
      'PASS - base/ns.yaml - Namespace web',
      'FAIL - clusters/kind/web/app.yaml:12:9 - Deployment web/web: spec.template.spec.containers[0].resource: unknown field (schema)',
      'BASE - clusters/kind/web/app.yaml:10:11 - web in the Deployment web does not have a memory limit set (builtin/k8s.memory-limit)',
      'EXCP - clusters/kind/web/app.yaml:10:11 - deny_no_owner (policy/main)',
      'SKIP - clusters/kind/web/app.yaml - no schema for example.com/v1 Widget (schema)',
      'FAIL - clusters/kind/web/cm.yaml:9:3 - duplication of key "LOG_LEVEL" in mapping (yaml/key-duplicates)',
      'FAIL - clusters/kind/web/cm.yaml:11:3 - duplication of key "LOG_LEVEL" in mapping (yaml/key-duplicates)',
      'SUPP - clusters/kind/web/cm.yaml:7:10 - truthy value should be one of [false, true] (yaml/truthy) -- read by a YAML 1.2 tool',
      'FAIL - clusters/kind/web/logo.yaml:1:1 - binary file (NUL byte at offset 12), not checked (file)',
      'FIXD - clusters/kind/web/app.yaml - web in the Deployment web does not have a CPU limit set (builtin/k8s.cpu-limit): baselined, no longer found (--prune-baseline drops it)',
      SUMMARY,
      '',
    ].join('\n'),
  );
  const quiet = formatText(MUTED_REPORT, { color: false, quiet: true }).split('\n');
  assert.deepEqual(quiet.filter((l) => !l.startsWith('FAIL')), ['EXCP - clusters/kind/web/app.yaml:10:11 - deny_no_owner (policy/main)', '']);
});

test('muted findings never fail: the exit code and the failing test points count only what counts', () => {
  const onlyMuted = { ...MUTED_REPORT, findings: [] };
  assert.equal(exitCodeOf(onlyMuted, true), 0);
  assert.match(formatTap(onlyMuted, { failOnWarn: true }), /^ok 2 - clusters\/kind\/web\/app\.yaml \(Deployment web\/web\)$/m);
  assert.match(formatJunit(onlyMuted, { failOnWarn: true }), /failures="0"/);
});

test('json: muted findings with mutedBy and reason, fixed ones, and their counts in the summary', () => {
  const json = JSON.parse(formatJson(MUTED_REPORT)) as Record<string, unknown>;
  assert.deepEqual(json.summary, { passed: 1, failed: 3, warnings: 0, skipped: 1, excepted: 1, baselined: 1, suppressed: 1, fixed: 1 });
  const document = { index: 0, apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'web', name: 'web' };
  assert.deepEqual(json.muted, [
    { file: 'clusters/kind/web/app.yaml', line: 10, column: 11, severity: 'warning', check: 'builtin/k8s.memory-limit', message: 'web in the Deployment web does not have a memory limit set', document, mutedBy: 'baseline', reason: null },
    { file: 'clusters/kind/web/app.yaml', line: 10, column: 11, severity: 'error', check: 'policy/main', message: 'deny_no_owner', document, mutedBy: 'exception', reason: null },
    {
      file: 'clusters/kind/web/cm.yaml',
      line: 7,
      column: 10,
      severity: 'warning',
      check: 'yaml/truthy',
      message: 'truthy value should be one of [false, true]',
      document: { index: 0, apiVersion: 'v1', kind: 'ConfigMap', namespace: 'web', name: 'settings' },
      mutedBy: 'suppression',
      reason: 'read by a YAML 1.2 tool',
    },
  ]);
  assert.deepEqual(json.fixed, [{ file: 'clusters/kind/web/app.yaml', check: 'builtin/k8s.cpu-limit', message: 'web in the Deployment web does not have a CPU limit set', document: 'apps/v1 Deployment web/web' }]);
});

test('junit: muted findings are the system-out of their check’s passing testcase', () => {
  const xml = formatJunit(MUTED_REPORT, { failOnWarn: true });
  assert.ok(xml.includes('<testsuites name="gitops-check" tests="8" failures="3" errors="0" skipped="1" time="0.210">'));
  assert.ok(
    xml.includes(
      [
        '    <testcase name="Deployment web/web (builtin/k8s.memory-limit)" classname="clusters/kind/web/app.yaml" file="clusters/kind/web/app.yaml">',
        '      <system-out>BASE - clusters/kind/web/app.yaml:10:11 - web in the Deployment web does not have a memory limit set</system-out>',
        '    </testcase>',
        '    <testcase name="Deployment web/web (policy/main)" classname="clusters/kind/web/app.yaml" file="clusters/kind/web/app.yaml">',
        '      <system-out>EXCP - clusters/kind/web/app.yaml:10:11 - deny_no_owner</system-out>',
        '    </testcase>',
      ].join('\n'),
    ),
  );
  assert.ok(xml.includes('      <system-out>SUPP - clusters/kind/web/cm.yaml:7:10 - truthy value should be one of [false, true] -- read by a YAML 1.2 tool</system-out>'));
});

test('tap: muted findings in the YAML block with muted: and reason:', () => {
  const tap = formatTap(MUTED_REPORT, { failOnWarn: false });
  assert.ok(
    tap.includes(
      [
        '    - severity: warning',
        '      check: "yaml/truthy"',
        '      at: "clusters/kind/web/cm.yaml:7:10"',
        '      message: "truthy value should be one of [false, true]"',
        '      muted: suppression',
        '      reason: "read by a YAML 1.2 tool"',
        '  ...',
      ].join('\n'),
    ),
  );
  assert.ok(tap.includes('      message: "deny_no_owner"\n      muted: exception\n'));
  assert.ok(tap.includes('      muted: baseline\n'));
});

test('github: no annotations for muted findings; the step summary lists them and the fixed ones', () => {
  assert.ok(!formatGithubAnnotations(MUTED_REPORT, { repoPath: (f) => f }).includes('memory limit'));
  const summary = formatStepSummary(MUTED_REPORT, { repoPath: (f) => f, link: () => undefined }).split('\n');
  assert.equal(summary[2], SUMMARY);
  assert.deepEqual(summary.slice(-5), [
    '| 🔕 baselined | clusters/kind/web/app.yaml:10:11 | `builtin/k8s.memory-limit` | web in the Deployment web does not have a memory limit set |',
    '| 🔕 excepted | clusters/kind/web/app.yaml:10:11 | `policy/main` | deny\\_no\\_owner |',
    '| 🔕 suppressed | clusters/kind/web/cm.yaml:7:10 | `yaml/truthy` | truthy value should be one of \\[false, true\\] -- read by a YAML 1.2 tool |',
    '| ✅ fixed | clusters/kind/web/app.yaml | `builtin/k8s.cpu-limit` | web in the Deployment web does not have a CPU limit set |',
    '',
  ]);
});
