/**
 * One pass alone (a child process of bench/run.ts): the built pipeline's `runChecks`, prepared as the CLI
 * prepares it (default settings, disk cache on), with every other pass left out. Each row thus times discover →
 * read → parse → that pass → report model; the CLI has no flag to turn passes off, hence the API.
 *   yaml:   the yamllint rules (the tool's defaults, or the config named), no document or repo-wide pass;
 *   schema: the schema pass, no yamllint rule;
 *   policy: the built-in Rego policies, no yamllint rule;
 *   repo:   the repo-wide checks (GitOps, Gatekeeper, ValidatingAdmissionPolicy), no yamllint rule; without the
 *           schema pass they learn which kinds are namespaced from the tree's CRDs and the built-in kinds only.
 * Prints `{"ms", "faults", "files", "documents", "findings", "checks"}` (faults: the minor page faults taken in that
 * time; checks: findings by check id). V8 runs with the CLI's
 * flags (src/cli/v8-flags.ts). Like the floor's,
 * the time leaves out Node's start-up and loading the modules (here ~190 unbundled ES modules, where the CLI loads
 * one bundle with its compiled code).
 * Run (after npm run build): node --import tsx bench/pass-alone.ts <dir> <yaml|schema|policy|repo> [yamllint-config]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as Pipeline from '../src/pipeline/run.js';
import type * as Prepare from '../src/pipeline/prepare.js';
import type * as V8Flags from '../src/cli/v8-flags.js';
import type * as Discover from '../src/discovery/discover.js';

const PASSES = ['yaml', 'schema', 'policy', 'repo'] as const;
type PassName = (typeof PASSES)[number];

const cwd = resolve(process.argv[2] ?? '.');
const pass = process.argv[3] as PassName;
if (!PASSES.includes(pass)) throw new Error(`pass: one of ${PASSES.join(', ')}, not ${String(pass)}`);
const yamllintConfig = process.argv[4] ? resolve(process.argv[4]) : undefined;
// The compiled modules (what users run), typed by their sources; a computed specifier keeps tsc from resolving them.
const built = (path: string) => import(new URL(`../dist/${path}`, import.meta.url).href);
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

// The CLI's V8 flags, set before the pipeline's modules load, as bin/ sets them before the bundle's.
const { setV8Flags, withHeapGrowth } = (await built('cli/v8-flags.js')) as typeof V8Flags;
setV8Flags();
const { runChecks } = (await built('pipeline/run.js')) as typeof Pipeline;
const { prepareCheck } = (await built('pipeline/prepare.js')) as typeof Prepare;
const { discover } = (await built('discovery/discover.js')) as typeof Discover;
const started = performance.now();
const faultsBefore = process.resourceUsage().minorPageFault;
const flags = { exclude: [], context: true, schemaLocation: [], skip: [], policy: [], data: [], namespace: [], cache: true, yamllintConfig };
const { options } = await prepareCheck({ cwd, paths: [], flags, version, useBaseline: true });
const discovered = await discover({ cwd, paths: options.paths, exclude: options.exclude, within: options.within });
// assemblePasses gives the document passes in pipeline order: schema, then policy.
const [schema, policy] = options.passes;
const report = await withHeapGrowth(discovered.targets.length, () => runChecks({
  ...options,
  discovered,
  yamllint: pass === 'yaml' ? options.yamllint : { ...options.yamllint, rules: [] },
  passes: pass === 'schema' ? [schema!] : pass === 'policy' ? [policy!] : [],
  repoPasses: pass === 'repo' ? options.repoPasses : [],
  readStdin: () => Promise.reject(new Error('no stdin in the benchmark')),
}));
const ms = performance.now() - started;
const faults = process.resourceUsage().minorPageFault - faultsBefore;
const checks: Record<string, number> = {};
for (const { check } of report.findings) checks[check] = (checks[check] ?? 0) + 1;
process.stdout.write(JSON.stringify({ ms, faults, files: report.files, documents: report.results.length, findings: report.findings.length, checks }) + '\n');
