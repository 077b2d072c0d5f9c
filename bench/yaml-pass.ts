/**
 * The YAML pass alone (a child process of bench/run.ts): the built pipeline's `runChecks` with no
 * document or repo-wide passes, so discover → read → parse → yamllint rules → report model. The CLI has
 * no flag to turn the schema pass off, hence the API. Prints `{"ms", "files", "documents", "findings"}`;
 * the time includes loading the built modules, not Node's start-up.
 * Run (after npm run build): node --import tsx bench/yaml-pass.ts <dir> [yamllint-config]
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as Pipeline from '../src/pipeline/run.js';
import type * as LintConfigLoader from '../src/lint/config/load.js';
import type * as Reader from '../src/documents/read.js';

const cwd = resolve(process.argv[2] ?? '.');
const explicit = process.argv[3] ? resolve(process.argv[3]) : undefined;
// The compiled modules (what users run), typed by their sources; a computed specifier keeps tsc from resolving them.
const built = (path: string) => import(new URL(`../dist/${path}`, import.meta.url).href);

const started = performance.now();
const { runChecks } = (await built('pipeline/run.js')) as typeof Pipeline;
const { loadLintConfig } = (await built('lint/config/load.js')) as typeof LintConfigLoader;
const { DEFAULT_MAX_FILE_SIZE } = (await built('documents/read.js')) as typeof Reader;
const report = await runChecks({
  cwd,
  paths: [],
  exclude: [],
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
  severity: {},
  yamllint: loadLintConfig({ cwd, explicit }),
  passes: [],
  repoPasses: [],
  readStdin: () => Promise.reject(new Error('no stdin in the benchmark')),
});
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, files: report.files, documents: report.results.length, findings: report.findings.length }) + '\n');
