import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/model/finding.js';
import type { Report } from '../../src/report/model.js';
import { escapeData, escapeProperty, formatGithubAnnotations, formatStepSummary } from '../../src/report/github.js';
import { REPORT } from './fixture.js';

const asIs = { repoPath: (file: string) => (file === 'stdin' ? undefined : file) };
const linked = { ...asIs, link: (path: string, line: number) => `https://github.com/acme/fleet/blob/abc123/${path}#L${line}` };

function reportOf(findings: Finding[]): Report {
  return { files: 1, results: [], findings, skips: [], elapsedMs: 0 };
}

function finding(file: string, line: number, severity: Finding['severity'] = 'error'): Finding {
  return { file, line, column: 1, severity, check: 'schema', message: `${file}:${line}` };
}

test('annotations: errors first, one per file before a second in the same file, then warnings', () => {
  assert.equal(
    formatGithubAnnotations(REPORT, asIs),
    [
      '::error file=clusters/kind/web/app.yaml,line=12,col=9,title=schema::Deployment web/web: spec.template.spec.containers[0].resource: unknown field',
      '::error file=clusters/kind/web/cm.yaml,line=9,col=3,title=yaml/key-duplicates::duplication of key "LOG_LEVEL" in mapping',
      '::error file=clusters/kind/web/logo.yaml,line=1,col=1,title=file::binary file (NUL byte at offset 12), not checked',
      '::error file=clusters/kind/web/cm.yaml,line=11,col=3,title=yaml/key-duplicates::duplication of key "LOG_LEVEL" in mapping',
      '::warning file=clusters/kind/web/app.yaml,line=10,col=11,title=builtin/k8s.memory-limit::web in the Deployment web does not have a memory limit set',
      '::warning file=clusters/kind/web/cm.yaml,line=7,col=10,title=yaml/truthy::truthy value should be one of [false, true]',
      '',
    ].join('\n'),
  );
});

test('escaping: % CR LF in messages; also : and , in properties (file names, titles)', () => {
  assert.equal(escapeData('100%\r\nnext: a, b'), '100%25%0D%0Anext: a, b');
  assert.equal(escapeProperty('a,b:c%\n'), 'a%2Cb%3Ac%25%0A');
  const odd: Finding = { file: 'clusters/a,b:c%.yaml', line: 3, column: 5, severity: 'warning', check: 'policy/x:y', message: 'line one\r\nline two: 50%, more' };
  assert.equal(
    formatGithubAnnotations(reportOf([odd]), asIs),
    '::warning file=clusters/a%2Cb%3Ac%25.yaml,line=3,col=5,title=policy/x%3Ay::line one%0D%0Aline two: 50%25, more\n',
  );
});

test('a finding without a file (stdin) is annotated without file, line and col', () => {
  assert.equal(formatGithubAnnotations(reportOf([finding('stdin', 2)]), asIs), '::error title=schema::stdin:2\n');
});

test('caps: 10 errors and 10 warnings, spread over files, then one notice counting the rest', () => {
  const errors = [...Array.from({ length: 8 }, (_, i) => finding('a.yaml', i + 1)), ...Array.from({ length: 6 }, (_, i) => finding(`f${i}.yaml`, 1))];
  const warnings = Array.from({ length: 11 }, (_, i) => finding('w.yaml', i + 1, 'warning'));
  const lines = formatGithubAnnotations(reportOf([...errors, ...warnings]), asIs).trimEnd().split('\n');
  assert.deepEqual(
    lines.map((l) => l.replace(/ file=.*::/, ' ')),
    [
      // round one: the first error of each of the 7 files, in report order; round two: a.yaml's second ...
      '::error a.yaml:1',
      '::error f0.yaml:1',
      '::error f1.yaml:1',
      '::error f2.yaml:1',
      '::error f3.yaml:1',
      '::error f4.yaml:1',
      '::error f5.yaml:1',
      '::error a.yaml:2',
      '::error a.yaml:3',
      '::error a.yaml:4',
      ...Array.from({ length: 10 }, (_, i) => `::warning w.yaml:${i + 1}`),
      '::notice title=gitops-check::5 more findings (4 errors, 1 warning) not shown as annotations: GitHub shows 10 of each type per step. See the step summary for all of them.',
    ],
  );
});

test('exactly 10 of a type: no notice', () => {
  const out = formatGithubAnnotations(reportOf(Array.from({ length: 10 }, (_, i) => finding(`f${i}.yaml`, 1))), asIs);
  assert.equal(out.split('\n').filter(Boolean).length, 10);
  assert.doesNotMatch(out, /::notice/);
});

test('step summary: totals, counts per check with what it checks, every finding with a link', () => {
  assert.equal(
    formatStepSummary(REPORT, linked),
    [
      '## gitops-check',
      '',
      '4 files, 4 documents · 1 passed · 3 failed · 0 warnings · 1 skipped · 0.21 s',
      '',
      '| check | errors | warnings | what it checks |',
      '|---|--:|--:|---|',
      '| `builtin/k8s.memory-limit` | 0 | 1 | A container has no memory limit. |',
      '| `file` | 1 | 0 | A file or directory that cannot be checked: unreadable, binary, not UTF-8/UTF-16, or too large. |',
      '| `schema` | 1 | 0 | The document does not match the Kubernetes schema of its apiVersion and kind. |',
      '| `yaml/key-duplicates` | 2 | 0 | A mapping has the same key twice; tools disagree on which value wins. |',
      '| `yaml/truthy` | 0 | 1 | Unquoted truthy values such as \\`yes\\`, \\`on\\`, \\`no\\`. |',
      '',
      '| | location | check | message |',
      '|---|---|---|---|',
      '| ❌ error | [clusters/kind/web/app.yaml:12:9](https://github.com/acme/fleet/blob/abc123/clusters/kind/web/app.yaml#L12) | `schema` | Deployment web/web: spec.template.spec.containers\\[0\\].resource: unknown field |',
      '| ❌ error | [clusters/kind/web/cm.yaml:9:3](https://github.com/acme/fleet/blob/abc123/clusters/kind/web/cm.yaml#L9) | `yaml/key-duplicates` | duplication of key "LOG\\_LEVEL" in mapping |',
      '| ❌ error | [clusters/kind/web/cm.yaml:11:3](https://github.com/acme/fleet/blob/abc123/clusters/kind/web/cm.yaml#L11) | `yaml/key-duplicates` | duplication of key "LOG\\_LEVEL" in mapping |',
      '| ❌ error | [clusters/kind/web/logo.yaml:1:1](https://github.com/acme/fleet/blob/abc123/clusters/kind/web/logo.yaml#L1) | `file` | binary file (NUL byte at offset 12), not checked |',
      '| ⚠️ warning | [clusters/kind/web/app.yaml:10:11](https://github.com/acme/fleet/blob/abc123/clusters/kind/web/app.yaml#L10) | `builtin/k8s.memory-limit` | web in the Deployment web does not have a memory limit set |',
      '| ⚠️ warning | [clusters/kind/web/cm.yaml:7:10](https://github.com/acme/fleet/blob/abc123/clusters/kind/web/cm.yaml#L7) | `yaml/truthy` | truthy value should be one of \\[false, true\\] |',
      '',
    ].join('\n'),
  );
});

test('step summary: Markdown and HTML in messages stay text, one line per finding; no link when the repository is unknown', () => {
  const odd: Finding = { file: 'a.yaml', line: 2, column: 3, severity: 'error', check: 'yaml/syntax', message: 'expected <block end> | got `*x*`\nsee [doc]' };
  const summary = formatStepSummary(reportOf([odd]), { ...asIs, link: () => undefined });
  assert.equal(summary.split('\n').at(-2), '| ❌ error | a.yaml:2:3 | `yaml/syntax` | expected \\<block end\\> \\| got \\`\\*x\\*\\` see \\[doc\\] |');
});

test('step summary without findings: the totals only', () => {
  assert.equal(formatStepSummary(reportOf([]), linked), '## gitops-check\n\n1 file, 0 documents · 0 passed · 0 failed · 0 warnings · 0 skipped · 0.00 s\n');
});

test("step summary stays under GitHub's 1 MiB limit: the findings that do not fit are counted", () => {
  const many = Array.from({ length: 8000 }, (_, i) => ({ ...finding(`clusters/prod/app-${i}.yaml`, i + 1), message: 'x'.repeat(100) }));
  const summary = formatStepSummary(reportOf(many), linked);
  assert.ok(Buffer.byteLength(summary) <= 1024 * 1024, `${Buffer.byteLength(summary)} bytes`);
  const listed = summary.split('\n').filter((l) => l.startsWith('| ❌')).length;
  assert.ok(listed > 1000 && listed < 8000, `${listed} listed`);
  assert.equal(summary.split('\n').at(-2), `${8000 - listed} more findings are not listed: a step summary holds at most 1 MiB. The job log lists them all.`);
});
