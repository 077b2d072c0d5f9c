import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTree, runCli } from '../helpers/cli.js';

const DUPLICATES = 2_000;

/** A generated ConfigMap whose every key is repeated: 2,000 findings in one file, each on its own line. */
function generated(): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: gen', '  namespace: default', 'data:'];
  for (let i = 0; i < DUPLICATES; i++) lines.push(`  k${i}: a`, `  k${i}: b`);
  return lines.join('\n') + '\n';
}

const duplicate = (i: number) => `FAIL - base/a-generated.yaml:${8 + 2 * i}:3 - duplication of key "k${i}" in mapping (yaml/key-duplicates)`;
const twoFindings = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: small\n  namespace: default\ndata:\n  x: a\n  x: b\n  y: a\n  y: b\n';

const root = makeTree({ 'base/a-generated.yaml': generated(), 'base/b-small.yaml': twoFindings });

test('thousands of findings in one file: the text output shows 100 of them and one line counting the rest; other files are untouched', () => {
  const r = runCli([], root);
  assert.equal(r.code, 1);
  assert.deepEqual(r.lines, [
    ...Array.from({ length: 100 }, (_, i) => duplicate(i)),
    `  … and ${DUPLICATES - 100} more findings in this file (-o json lists all)`,
    'FAIL - base/b-small.yaml:8:3 - duplication of key "x" in mapping (yaml/key-duplicates)',
    'FAIL - base/b-small.yaml:10:3 - duplication of key "y" in mapping (yaml/key-duplicates)',
    '2 files, 2 documents · 0 passed · 2 failed · 0 warnings · 0 skipped · T s',
  ]);
});

test('--max-findings-per-file and the config key set the cap, 0 removes it; machine formats always list every finding', () => {
  assert.deepEqual(runCli(['--max-findings-per-file', '1'], root).lines, [
    duplicate(0),
    `  … and ${DUPLICATES - 1} more findings in this file (-o json lists all)`,
    'FAIL - base/b-small.yaml:8:3 - duplication of key "x" in mapping (yaml/key-duplicates)',
    '  … and 1 more finding in this file (-o json lists all)',
    '2 files, 2 documents · 0 passed · 2 failed · 0 warnings · 0 skipped · T s',
  ]);
  assert.equal(runCli(['--max-findings-per-file', '0', '--quiet'], root).lines.length, DUPLICATES + 2);

  const configured = makeTree({ '.gitops-check.yaml': 'maxFindingsPerFile: 2\n', 'base/a-generated.yaml': generated() });
  assert.deepEqual(runCli(['--quiet'], configured).lines, [duplicate(0), duplicate(1), `  … and ${DUPLICATES - 2} more findings in this file (-o json lists all)`]);
  // the flag wins over the config
  assert.equal(runCli(['--quiet', '--max-findings-per-file', '3'], configured).lines.length, 4);

  const machine = runCli(['-o', 'json', '-o', 'sarif=out.sarif', '--max-findings-per-file', '1'], configured);
  const json = JSON.parse(machine.stdout) as { findings: unknown[] };
  const sarif = JSON.parse(readFileSync(join(configured, 'out.sarif'), 'utf8')) as { runs: Array<{ results: unknown[] }> };
  assert.equal(json.findings.length, DUPLICATES);
  assert.equal(sarif.runs[0]!.results.length, DUPLICATES);

  for (const bad of ['-1', 'many', '1.5']) {
    const r = runCli(['--max-findings-per-file', bad], root);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `error: option '--max-findings-per-file <n>' argument '${bad}' is invalid. expected a whole number, 0 or more.\n`);
  }
  const badConfig = makeTree({ '.gitops-check.yaml': 'maxFindingsPerFile: -3\n', 'base/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n' });
  const rejected = runCli([], badConfig);
  assert.equal(rejected.code, 2);
  assert.match(rejected.stderr, /^gitops-check: \.gitops-check\.yaml:1:\d+: .*maxFindingsPerFile.*\n$/);
});

test('the GitHub step summary caps its rows per file the same way; the annotations keep their own cap of 10 per type', () => {
  const summary = join(root, 'summary.md');
  writeFileSync(summary, '');
  const r = runCli(['-o', 'github', '--max-findings-per-file', '2'], root, { env: { GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: root } });
  assert.equal(r.code, 1);
  assert.equal(r.lines.filter((l) => l.startsWith('::error ')).length, 10);
  assert.equal(r.lines.at(-1), `::notice title=gitops-check::${DUPLICATES + 2 - 10} more findings (${DUPLICATES + 2 - 10} errors) not shown as annotations: GitHub shows 10 of each type per step. See the step summary for all of them.`);
  const rows = readFileSync(summary, 'utf8').split('\n').filter((l) => l.startsWith('| ❌') || l.startsWith('| |'));
  assert.deepEqual(rows, [
    '| | location | check | message |',
    '| ❌ error | base/a-generated.yaml:8:3 | `yaml/key-duplicates` | duplication of key "k0" in mapping |',
    '| ❌ error | base/a-generated.yaml:10:3 | `yaml/key-duplicates` | duplication of key "k1" in mapping |',
    `| | base/a-generated.yaml | | … and ${DUPLICATES - 2} more findings in this file (-o json lists all) |`,
    '| ❌ error | base/b-small.yaml:8:3 | `yaml/key-duplicates` | duplication of key "x" in mapping |',
    '| ❌ error | base/b-small.yaml:10:3 | `yaml/key-duplicates` | duplication of key "y" in mapping |',
  ]);
});
