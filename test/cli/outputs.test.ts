import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { chooseOutputs, collectOutput, FORMATS, type OutputSpec } from '../../src/cli/outputs.js';
import { makeTree, runCli } from '../helpers/cli.js';

const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n';
const duplicated = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n  a: "2"\n';
const failing = () => makeTree({ 'base/ns.yaml': namespace, 'clusters/kind/cm.yaml': duplicated });
const passing = () => makeTree({ 'base/ns.yaml': namespace });
/** Nothing of the environment the tests themselves may run in (GitHub Actions) leaks into the runs. */
const noGithub = { GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '', GITHUB_WORKSPACE: '', GITHUB_SERVER_URL: '', GITHUB_REPOSITORY: '', GITHUB_SHA: '' };

const textLines = [
  'PASS - base/ns.yaml - Namespace web',
  'FAIL - clusters/kind/cm.yaml:7:3 - duplication of key "a" in mapping (yaml/key-duplicates)',
  '2 files, 2 documents · 1 passed · 1 failed · 0 warnings · 0 skipped · T s',
];

test('-o text -o FORMAT=FILE: text on stdout, each machine format written to its file (folders created)', () => {
  const root = failing();
  const r = runCli(['-o', 'text', '-o', 'sarif=out/results.sarif', '-o', 'junit=out/junit.xml', '-o', 'tap=report.tap', '-o', 'json=report.json', '-o', 'yamllint=lint.txt'], root, { env: noGithub });
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, '');
  assert.deepEqual(r.lines, textLines);

  const sarif = JSON.parse(readFileSync(join(root, 'out/results.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string; locations: unknown[] }> }> };
  assert.deepEqual(
    sarif.runs[0]!.results.map((x) => [x.ruleId, x.locations]),
    [['yaml/key-duplicates', [{ physicalLocation: { artifactLocation: { uri: 'clusters/kind/cm.yaml', index: 0 }, region: { startLine: 7, startColumn: 3 } } }]]],
  );
  const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(join(root, 'out/junit.xml'), 'utf8')) as { testsuites: { tests: string; failures: string } };
  assert.deepEqual([junit.testsuites.tests, junit.testsuites.failures], ['2', '1']);
  assert.equal(readFileSync(join(root, 'report.tap'), 'utf8').split('\n').slice(0, 3).join('\n'), 'TAP version 13\nok 1 - base/ns.yaml (Namespace web)\nnot ok 2 - clusters/kind/cm.yaml (ConfigMap settings)');
  const json = JSON.parse(readFileSync(join(root, 'report.json'), 'utf8')) as { summary: unknown };
  assert.deepEqual(json.summary, { passed: 1, failed: 1, warnings: 0, skipped: 0, excepted: 0, baselined: 0, suppressed: 0, fixed: 0 });
  assert.equal(readFileSync(join(root, 'lint.txt'), 'utf8'), 'clusters/kind/cm.yaml:7:3: [error] duplication of key "a" in mapping (key-duplicates)\n');
});

test('only files asked for: text still goes to stdout; a machine format on stdout replaces it', () => {
  const root = failing();
  const files = runCli(['-o', 'json=r.json'], root, { env: noGithub });
  assert.deepEqual(files.lines, textLines);
  const tap = runCli(['-o', 'tap'], root, { env: noGithub });
  assert.equal(tap.stdout.split('\n')[0], 'TAP version 13');
  assert.doesNotMatch(tap.stdout, /PASS -/);
});

test('exit codes are the same whatever the format', () => {
  const bad = failing();
  const good = passing();
  for (const format of FORMATS) {
    assert.equal(runCli(['-o', format], bad, { env: noGithub }).code, 1, format);
    assert.equal(runCli(['-o', format], good, { env: noGithub }).code, 0, format);
    assert.equal(runCli(['-o', `${format}=out.txt`], bad, { env: noGithub }).code, 1, format);
  }
});

test('a file that cannot be written is exit 2 with one line naming it; the report is still printed', () => {
  const root = failing();
  const r = runCli(['-o', 'text', '-o', 'sarif=base/ns.yaml/results.sarif'], root, { env: noGithub });
  assert.equal(r.code, 2);
  assert.deepEqual(r.lines, textLines);
  assert.equal(r.stderr, 'gitops-check: base/ns.yaml/results.sarif: cannot write the sarif output: ENOTDIR: not a directory\n');
  const clean = runCli(['-o', 'json=base'], passing(), { env: noGithub });
  assert.equal(clean.code, 2);
  assert.equal(clean.stderr, 'gitops-check: base: cannot write the json output: EISDIR: illegal operation on a directory\n');
});

test('an unknown format or a missing file name is a usage error', () => {
  const root = passing();
  const x = runCli(['-o', 'xml'], root, { env: noGithub });
  assert.equal(x.code, 2);
  assert.equal(x.stderr, "error: option '-o, --output <format[=file]>' argument 'xml' is invalid. Allowed formats are text, json, github, sarif, junit, tap, yamllint.\n");
  const empty = runCli(['-o', 'sarif='], root, { env: noGithub });
  assert.equal(empty.code, 2);
  assert.equal(empty.stderr, "error: option '-o, --output <format[=file]>' argument 'sarif=' is invalid. sarif= needs a file name.\n");
});

test('GITHUB_ACTIONS=true adds annotations after the text and appends the step summary; paths from the workspace root', () => {
  const root = makeTree({ 'gitops/base/ns.yaml': namespace, 'gitops/clusters/kind/cm.yaml': duplicated, 'summary.md': 'earlier step\n' });
  const env = { ...noGithub, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(root, 'summary.md'), GITHUB_WORKSPACE: root, GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/fleet', GITHUB_SHA: 'abc123' };
  const r = runCli(['-q'], join(root, 'gitops'), { env });
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(r.lines, [
    'FAIL - clusters/kind/cm.yaml:7:3 - duplication of key "a" in mapping (yaml/key-duplicates)',
    '::error file=gitops/clusters/kind/cm.yaml,line=7,col=3,title=yaml/key-duplicates::duplication of key "a" in mapping',
  ]);
  const summary = readFileSync(join(root, 'summary.md'), 'utf8').replace(/ · \d+\.\d+ s\n/, ' · T s\n');
  assert.equal(
    summary,
    [
      'earlier step',
      '## gitops-check',
      '',
      '2 files, 2 documents · 1 passed · 1 failed · 0 warnings · 0 skipped · T s',
      '',
      '| check | errors | warnings | what it checks |',
      '|---|--:|--:|---|',
      '| `yaml/key-duplicates` | 1 | 0 | A mapping has the same key twice; tools disagree on which value wins. |',
      '',
      '| | location | check | message |',
      '|---|---|---|---|',
      '| ❌ error | [gitops/clusters/kind/cm.yaml:7:3](https://github.com/acme/fleet/blob/abc123/gitops/clusters/kind/cm.yaml#L7) | `yaml/key-duplicates` | duplication of key "a" in mapping |',
      '',
    ].join('\n'),
  );
});

test('GITHUB_ACTIONS=true with a machine format on stdout: no annotations mixed into it', () => {
  const env = { ...noGithub, GITHUB_ACTIONS: 'true' };
  const r = runCli(['-o', 'json'], failing(), { env });
  assert.equal(r.code, 1);
  assert.doesNotThrow(() => JSON.parse(r.stdout));
  const both = runCli(['-o', 'text', '-o', 'sarif=r.sarif'], failing(), { env });
  assert.match(both.stdout, /^::error file=clusters\/kind\/cm.yaml,line=7,col=3,title=yaml\/key-duplicates::/m);
});

test('a step summary that cannot be appended is exit 2', () => {
  const root = failing();
  writeFileSync(join(root, 'not-a-dir'), '');
  const r = runCli(['-o', 'github'], root, { env: { ...noGithub, GITHUB_STEP_SUMMARY: join(root, 'not-a-dir/summary.md') } });
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `gitops-check: ${join(root, 'not-a-dir/summary.md')}: cannot append the step summary: ENOTDIR: not a directory\n`);
});

test('which outputs a run has: -o values in order, text when nothing goes to stdout, github added under Actions', () => {
  const parse = (...values: string[]) => values.reduce<OutputSpec[]>((previous, value) => collectOutput(value, previous), []);
  assert.deepEqual(parse('text', 'sarif=a/b=c.sarif'), [{ format: 'text' }, { format: 'sarif', file: 'a/b=c.sarif' }]);
  assert.deepEqual(chooseOutputs([], {}), [{ format: 'text' }]);
  assert.deepEqual(chooseOutputs(parse('json=r.json'), {}), [{ format: 'text' }, { format: 'json', file: 'r.json' }]);
  assert.deepEqual(chooseOutputs(parse('tap'), {}), [{ format: 'tap' }]);
  const actions = { GITHUB_ACTIONS: 'true' };
  assert.deepEqual(chooseOutputs([], actions), [{ format: 'text' }, { format: 'github' }]);
  assert.deepEqual(chooseOutputs(parse('sarif=r.sarif'), actions), [{ format: 'text' }, { format: 'sarif', file: 'r.sarif' }, { format: 'github' }]);
  assert.deepEqual(chooseOutputs(parse('junit'), actions), [{ format: 'junit' }]);
  assert.deepEqual(chooseOutputs(parse('text', 'github=gh.txt'), actions), [{ format: 'text' }, { format: 'github', file: 'gh.txt' }]);
  assert.deepEqual(chooseOutputs([], { GITHUB_ACTIONS: 'false' }), [{ format: 'text' }]);
});

test('a file with more findings than a call takes arguments (~120k) is reported, not an internal error', () => {
  const lines = Array.from({ length: 130_000 }, (_, i) => `k${i}: v \n`).join('');
  const root = makeTree({ 'big.yaml': lines, 'lint.yaml': 'rules:\n  trailing-spaces: enable\n' });
  const r = runCli(['big.yaml', '--max-file-size', '100000000', '--yamllint-config', 'lint.yaml', '-o', 'json=report.json', '-q'], root, { env: noGithub });
  assert.equal(r.stderr, '');
  const json = JSON.parse(readFileSync(join(root, 'report.json'), 'utf8')) as { findings: Array<{ check: string }> };
  assert.equal(json.findings.filter((f) => f.check === 'yaml/trailing-spaces').length, 130_000);
});

test('a reader slower than the run gets the whole report before the process exits, and its exit code', async () => {
  const { spawn } = await import('node:child_process');
  const cms = Array.from({ length: 3000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata: {a: 1}\n`).join('---\n');
  const root = makeTree({ 'base/cms.yaml': cms });
  const child = spawn(process.execPath, [join(import.meta.dirname, '../../bin/gitops-check.js'), '-o', 'json'], { cwd: root, env: { ...process.env, ...noGithub, NO_COLOR: '1' } });
  // Not read until well after the run has filled the pipe: the process ends only once the report is all out.
  child.stdout.pause();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stdout.resume();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const report = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { results: unknown[] };
  assert.ok(Buffer.concat(chunks).length > 1_000_000);
  assert.equal(report.results.length, 3000);
  assert.equal(code, 1);
});

test('a reader that closes stdout early (`| head`) ends the output quietly: no error, the exit code still gives the verdict', async () => {
  const { spawn } = await import('node:child_process');
  const cms = Array.from({ length: 3000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata: {a: 1}\n`).join('---\n');
  const root = makeTree({ 'base/cms.yaml': cms });
  const child = spawn(process.execPath, [join(import.meta.dirname, '../../bin/gitops-check.js'), '-o', 'json'], { cwd: root, env: { ...process.env, ...noGithub, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(stderr, '');
  assert.equal(code, 1);
});
