import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Finding } from '../../src/model/finding.js';
import type { Report } from '../../src/report/model.js';
import { FINGERPRINT_KEY, formatSarif } from '../../src/report/sarif.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { MUTED_REPORT, REPORT } from './fixture.js';
import { ruleFor } from '../../src/rules/registry.js';

const options = { toolVersion: '0.1.0', repoPath: (file: string) => (file === 'stdin' ? undefined : file) };

/**
 * The SARIF 2.1.0 JSON schema as Microsoft's SARIF SDK ships it (@microsoft/sarif-multitool-ts,
 * assets/sarif-2.1.0.schema.json): the OASIS schema's definitions unchanged, its header re-declared as
 * draft 2020-12. The OASIS original is draft-07, so it is compiled as draft-07 here.
 */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/@microsoft/sarif-multitool-ts/assets/sarif-2.1.0.schema.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(schema.title, 'Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  (addFormatsModule as unknown as (ajv: Ajv) => void)(ajv);
  return ajv.compile(schema);
}

/** A SARIF rule as the registry (src/rules) describes the check: the same words as `gitops-check rules <id>`. */
const rule = (id: string) => {
  const r = ruleFor(id)!;
  return {
    id,
    shortDescription: { text: r.summary },
    fullDescription: { text: r.explanation },
    help: { text: `${r.explanation}\n\nBad:\n${r.bad}\nGood:\n${r.good}`, markdown: `${r.explanation}\n\nBad:\n\n\`\`\`yaml\n${r.bad}\`\`\`\n\nGood:\n\n\`\`\`yaml\n${r.good}\`\`\`` },
    properties: { tags: [r.origin], 'problem.severity': r.severity },
  };
};

const result = (level: string, text: string, ruleId: string, uri: string, index: number, startLine: number, startColumn: number, fingerprint: string, ruleIndex: number) => ({
  level,
  message: { text },
  ruleId,
  locations: [{ physicalLocation: { artifactLocation: { uri, index }, region: { startLine, startColumn } } }],
  partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
  ruleIndex,
});

test('SARIF: exact log for the fixed findings — one rule per check, results with region and fingerprints', () => {
  const expected = {
    $schema: 'http://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gitops-check',
            version: '0.1.0',
            rules: [
              rule('builtin/k8s.memory-limit'),
              rule('file'),
              rule('schema'),
              rule('yaml/key-duplicates'),
              rule('yaml/truthy'),
            ],
          },
        },
        results: [
          result('warning', 'web in the Deployment web does not have a memory limit set', 'builtin/k8s.memory-limit', 'clusters/kind/web/app.yaml', 0, 10, 11, '562a95d8b072fbf39778ce70d0cd3e08:1', 0),
          result('error', 'Deployment web/web: spec.template.spec.containers[0].resource: unknown field', 'schema', 'clusters/kind/web/app.yaml', 0, 12, 9, 'c14ae57e75ef2ef1d519a0e43bcb1fa1:1', 2),
          result('warning', 'truthy value should be one of [false, true]', 'yaml/truthy', 'clusters/kind/web/cm.yaml', 1, 7, 10, '53712981d16702c91b9326154fc1ee74:1', 4),
          result('error', 'duplication of key "LOG_LEVEL" in mapping', 'yaml/key-duplicates', 'clusters/kind/web/cm.yaml', 1, 9, 3, '47949325ae4b31cc169c2e747e99234c:1', 3),
          result('error', 'duplication of key "LOG_LEVEL" in mapping', 'yaml/key-duplicates', 'clusters/kind/web/cm.yaml', 1, 11, 3, '47949325ae4b31cc169c2e747e99234c:2', 3),
          result('error', 'binary file (NUL byte at offset 12), not checked', 'file', 'clusters/kind/web/logo.yaml', 2, 1, 1, '75ed2cc0a65c2806050c3b4849c1c3ed:1', 1),
        ],
        artifacts: ['app', 'cm', 'logo'].map((name) => ({ sourceLanguage: 'YAML', location: { uri: `clusters/kind/web/${name}.yaml` } })),
      },
    ],
  };
  assert.equal(formatSarif(REPORT, options), JSON.stringify(expected, null, 2) + '\n');
});

test('SARIF validates against the SARIF 2.1.0 schema, also with odd file names, stdin and no findings', () => {
  const validate = sarifValidator();
  const odd: Finding[] = [
    { file: 'clusters/my app/50%#1 (copy).yaml', line: 2, column: 4, severity: 'error', check: 'policy/main', message: 'deny: "x"\nsecond line' },
    { file: 'stdin', line: 1, column: 1, severity: 'warning', check: 'gitops/missing-reference', message: 'ConfigMap a is defined nowhere' },
  ];
  const reports: Report[] = [REPORT, { ...REPORT, findings: odd }, { ...REPORT, findings: [] }];
  for (const report of reports) {
    const log = JSON.parse(formatSarif(report, options)) as unknown;
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  }
  const uris = (JSON.parse(formatSarif(reports[1]!, options)) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> }).runs[0]!.results.map((r) =>
    r.locations.map((l) => l.physicalLocation.artifactLocation.uri),
  );
  assert.deepEqual(uris, [['clusters/my%20app/50%25%231%20%28copy%29.yaml'], []]);
});

test('the schema check has teeth: a result without a message is rejected', () => {
  const validate = sarifValidator();
  const log = JSON.parse(formatSarif(REPORT, options)) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
  delete log.runs[0]!.results[0]!.message;
  assert.equal(validate(log), false);
});

test('fingerprints are stable when lines move and differ when the finding does', () => {
  const fingerprints = (report: Report) =>
    (JSON.parse(formatSarif(report, options)) as { runs: Array<{ results: Array<{ partialFingerprints: Record<string, string> }> }> }).runs[0]!.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
  const before = fingerprints(REPORT);
  const moved = fingerprints({ ...REPORT, findings: REPORT.findings.map((f) => ({ ...f, line: f.line + 7, column: f.column + 2 })) });
  assert.deepEqual(moved, before);
  const renamed = fingerprints({ ...REPORT, findings: REPORT.findings.map((f) => (f.document ? { ...f, document: { ...f.document, name: 'other' } } : f)) });
  assert.equal(renamed.filter((fp, i) => fp === before[i]).length, 1); // only the file-level finding has no document
  assert.equal(new Set(before).size, before.length);
});

test('SARIF with a baseline: baselineState new/unchanged/absent; excepted and suppressed results carry suppressions; valid', () => {
  const log = JSON.parse(formatSarif(MUTED_REPORT, options)) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
  assert.ok(sarifValidator()(log));
  assert.deepEqual(
    log.runs[0]!.results.map((r) => [r.ruleId, r.level, r.baselineState, r.suppressions ?? null]),
    [
      ['schema', 'error', 'new', null],
      ['yaml/key-duplicates', 'error', 'new', null],
      ['yaml/key-duplicates', 'error', 'new', null],
      ['file', 'error', 'new', null],
      ['builtin/k8s.memory-limit', 'warning', 'unchanged', null],
      ['policy/main', 'error', 'new', [{ kind: 'inSource', justification: 'excepted by an exception rule of the policy' }]],
      ['yaml/truthy', 'warning', 'new', [{ kind: 'inSource', justification: 'read by a YAML 1.2 tool' }]],
      ['builtin/k8s.cpu-limit', 'none', 'absent', null],
    ],
  );
  assert.deepEqual(log.runs[0]!.results.at(-1)!.locations, [{ physicalLocation: { artifactLocation: { uri: 'clusters/kind/web/app.yaml', index: 0 } } }]);
  // Without a baseline no result states one.
  const plain = JSON.parse(formatSarif({ ...MUTED_REPORT, baseline: false, fixed: [] }, options)) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
  assert.ok(plain.runs[0]!.results.every((r) => !('baselineState' in r)));
});
