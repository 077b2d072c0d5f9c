/**
 * Benchmark (not a test): our YAML pass (read + parse + yamllint rules) against Debian's `yamllint`
 * on the same files: every YAML file of ../shared/corpora copied `copies` times into a temp directory,
 * the same configuration (`extends: default` unless a file is given). Wall-clock time of one run each.
 * Run: node --import tsx bench/yamllint.ts [copies] [yamllint-config]
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseYamlFile } from '../src/documents/parse-file.js';
import { loadLintConfig } from '../src/lint/config/load.js';
import { lintFile } from '../src/lint/run.js';

const corpora = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/corpora');
const copies = Number(process.argv[2] ?? 10);
const work = mkdtempSync(join(tmpdir(), 'bench-yamllint-'));
const configFile = process.argv[3] ? resolve(process.argv[3]) : join(work, 'config.yaml');
if (!process.argv[3]) writeFileSync(configFile, 'extends: default\n');

const sources = readdirSync(corpora, { recursive: true, encoding: 'utf8' }).filter((name) => /\.ya?ml$/.test(name));
const files: string[] = [];
for (let copy = 0; copy < copies; copy++) {
  for (const name of sources) {
    const target = join(work, 'tree', String(copy), name);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(corpora, name), target);
    files.push(target);
  }
}
const megabytes = files.reduce((sum, f) => sum + readFileSync(f).length, 0) / 1e6;
console.log(`${files.length} files, ${megabytes.toFixed(1)} MB, config ${configFile}`);

let started = performance.now();
const config = loadLintConfig({ cwd: work, explicit: configFile });
let ours = 0;
for (const path of files) {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  ours += lintFile(parseYamlFile({ path, absPath: path, text }), config).length;
}
const oursSeconds = (performance.now() - started) / 1000;
console.log(`gitops-check YAML pass: ${oursSeconds.toFixed(2)} s, ${ours} problems`);

started = performance.now();
const run = spawnSync('yamllint', ['-f', 'parsable', '-c', configFile, join(work, 'tree')], { encoding: 'utf8', maxBuffer: 1 << 30 });
const theirsSeconds = (performance.now() - started) / 1000;
if (run.error) {
  console.log(`yamllint not run: ${run.error.message}`);
} else {
  const theirs = run.stdout.split('\n').filter((l) => l !== '').length;
  console.log(`yamllint: ${theirsSeconds.toFixed(2)} s, ${theirs} problems`);
  console.log(`ratio: ${(theirsSeconds / oursSeconds).toFixed(1)}x faster`);
}
rmSync(work, { recursive: true, force: true });
