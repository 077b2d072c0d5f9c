import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { CORPORA, REPO_ROOT } from '../helpers/cli.js';
import { parseYamlFile } from '../../src/documents/parse-file.js';
import { lintFile } from '../../src/lint/run.js';
import { loadLintConfig } from '../../src/lint/config/load.js';
import { tempDir } from '../helpers/temp.js';

/**
 * Differential test against Debian's yamllint 1.29: the same files, the same configuration, the same
 * set of (file, line, column, rule, level, message), over every YAML file of ../shared/corpora, our own
 * inputs (test/lint/inputs) and examples/. Every difference left is listed below with why.
 */

const INPUTS = join(REPO_ROOT, 'test/lint/inputs');
const CONFIGS = join(REPO_ROOT, 'test/lint/configs');

interface Divergence {
  config: string;
  /** `file:line:column: [level] message (rule)` as yamllint's parsable format prints it, file relative to the repo's parent. */
  problem: string;
  /** Which side reports it. */
  only: 'ours' | 'yamllint';
  reason: string;
}

const AFTER_SCANNER_ERROR =
  'yamllint stops its token rules at the first scanner error (PyYAML stops there); we report the broken document and go on with the next document (`---` at line 3)';
const SYNTAX_TAKES_A_PLACE =
  'yamllint drops the first problem at or after the syntax error position; with the token problems we keep after the error, that first problem is another one';

// Paths are shown relative to the checkout's parent, whatever the checkout folder is called.
const BROKEN = `${basename(REPO_ROOT)}/test/lint/inputs/broken-scanner.yaml`;
const KNOWN: Divergence[] = [
  ...['default', 'relaxed', 'all-rules', 'options-a', 'options-c'].map((config) => ({ config, problem: `${BROKEN}:4:12: [error] trailing spaces (trailing-spaces)`, only: 'ours' as const, reason: SYNTAX_TAKES_A_PLACE })),
  { config: 'options-b', problem: `${BROKEN}:4:12: [warning] trailing spaces (trailing-spaces)`, only: 'ours', reason: SYNTAX_TAKES_A_PLACE },
  { config: 'all-rules', problem: `${BROKEN}:4:9: [error] string value is not quoted with any quotes (quoted-strings)`, only: 'ours', reason: AFTER_SCANNER_ERROR },
  { config: 'all-rules', problem: `${BROKEN}:4:1: [error] missing document end "..." (document-end)`, only: 'ours', reason: AFTER_SCANNER_ERROR },
  { config: 'options-b', problem: `${BROKEN}:4:1: [error] missing document end "..." (document-end)`, only: 'ours', reason: AFTER_SCANNER_ERROR },
];

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yamlFiles(path, out);
    else if (/\.ya?ml$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}

const PARSABLE = /^(.*):(\d+):(\d+): \[(error|warning)\] (.*) \(([a-z-]+)\)$/;
const base = join(REPO_ROOT, '..');
const show = (file: string, line: number, column: number, level: string, message: string, rule: string) =>
  `${relative(base, file)}:${line}:${column}: [${level}] ${message} (${rule})`;

function runYamllint(configFile: string, files: string[]): Set<string> {
  const out = spawnSync('yamllint', ['-f', 'parsable', '-c', configFile, ...files], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.ok(out.status === 0 || out.status === 1 || out.status === 2, `yamllint exited ${out.status}: ${out.stderr}`);
  const problems = new Set<string>();
  for (const line of out.stdout.split('\n')) {
    const m = PARSABLE.exec(line);
    if (m) problems.add(show(m[1]!, Number(m[2]), Number(m[3]), m[4]!, m[5]!, m[6]!));
    else assert.equal(line, '', `unexpected yamllint output line: ${line}`);
  }
  return problems;
}

function runOurs(configFile: string, files: string[]): Set<string> {
  const config = loadLintConfig({ cwd: REPO_ROOT, explicit: configFile });
  const problems = new Set<string>();
  for (const path of files) {
    const parsed = parseYamlFile({ path, absPath: path, text: readFileSync(path, 'utf8') });
    for (const f of lintFile(parsed, config)) problems.add(show(path, f.line, f.column, f.severity, f.message, f.check.replace(/^yaml\//, '')));
  }
  return problems;
}

const hasYamllint = spawnSync('yamllint', ['--version']).status === 0;
const configDir = tempDir('yamllint-diff-');
const inline = (name: string, text: string) => {
  const path = join(configDir, `${name}.yaml`);
  writeFileSync(path, text);
  return path;
};
const corpusFiles = existsSync(CORPORA) ? yamlFiles(CORPORA) : [];
const EXAMPLES = join(REPO_ROOT, 'examples');
const inputFiles = [...yamlFiles(INPUTS), ...(existsSync(EXAMPLES) ? yamlFiles(EXAMPLES) : [])];
const demoConfig = join(CORPORA, 'k8s-gitops-demo/.yamllint.yaml');

const RUNS: Array<{ config: string; file: () => string; files: string[] }> = [
  { config: 'default', file: () => inline('default', 'extends: default\n'), files: [...corpusFiles, ...inputFiles] },
  { config: 'relaxed', file: () => inline('relaxed', 'extends: relaxed\n'), files: [...corpusFiles, ...inputFiles] },
  ...(existsSync(demoConfig) ? [{ config: 'k8s-gitops-demo', file: () => demoConfig, files: [...corpusFiles, ...inputFiles] }] : []),
  ...['all-rules', 'options-a', 'options-b', 'options-c'].map((name) => ({ config: name, file: () => join(CONFIGS, `${name}.yaml`), files: inputFiles })),
];

for (const run of RUNS) {
  test(`same problems as yamllint -f parsable with the "${run.config}" configuration`, (t) => {
    if (!hasYamllint) {
      t.skip('yamllint is not installed (apt-get install yamllint): differential test skipped');
      return;
    }
    const configFile = run.file();
    const theirs = runYamllint(configFile, run.files);
    const ours = runOurs(configFile, run.files);
    const known = KNOWN.filter((d) => d.config === run.config);
    const onlyOurs = [...ours].filter((p) => !theirs.has(p));
    const onlyTheirs = [...theirs].filter((p) => !ours.has(p));
    const unexplained = [
      ...onlyOurs.filter((p) => !known.some((d) => d.only === 'ours' && d.problem === p)).map((p) => `only ours:     ${p}`),
      ...onlyTheirs.filter((p) => !known.some((d) => d.only === 'yamllint' && d.problem === p)).map((p) => `only yamllint: ${p}`),
    ];
    assert.deepEqual(unexplained, []);
    // The list of divergences stays true: each one still happens.
    const stale = known.filter((d) => !(d.only === 'ours' ? onlyOurs : onlyTheirs).includes(d.problem)).map((d) => d.problem);
    assert.deepEqual(stale, []);

    const union = new Set([...ours, ...theirs]);
    const same = [...union].filter((p) => ours.has(p) && theirs.has(p)).length;
    const differing = new Set([...onlyOurs, ...onlyTheirs].map((p) => p.slice(0, p.indexOf(':'))));
    t.diagnostic(`${run.config}: ${same} of ${union.size} problems agree; ${run.files.length - differing.size} of ${run.files.length} files identical`);
    for (const d of known) t.diagnostic(`known divergence, only ${d.only}: ${d.problem} — ${d.reason}`);
  });
}
