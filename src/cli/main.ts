import { createRequire } from 'node:module';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from '../model/errors.js';
import { loadConfig } from '../config/load.js';
import { runChecks } from '../pipeline/run.js';
import { discover } from '../discovery/discover.js';
import { exitCodeOf } from '../report/model.js';
import { chooseOutputs, collectOutput, writeOutputs, type OutputSpec } from './outputs.js';
import { runInit } from './init.js';
import { createProgress } from './progress.js';
import { processStdout } from './stdout.js';
import { resolveSettings, type SettingFlags, type Settings } from '../config/settings.js';
import { schemaListing } from '../schema/listing.js';
import { verifyPolicies } from '../policy/verify.js';
import { parseShard, type Shard } from '../pipeline/shard.js';
import { prepareCheck, type CheckRequest } from '../pipeline/prepare.js';
import { chooseJobs, runInWorkers } from '../pipeline/workers.js';
import type { Report } from '../report/model.js';
import { ruleFor } from '../rules/registry.js';
import { ruleExplanation, rulesListing } from '../rules/listing.js';
import { pruneBaseline, writeBaselineOf } from './baseline.js';
import { recorder } from '../model/timings.js';
import { formatTimings } from '../report/timings.js';
import { withHeapGrowth } from './v8-flags.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Runs the command line; returns the exit code (0 no failures, 1 failures, 2 usage/config/internal error). */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let exitCode = 0;
  const program = new Command('gitops-check')
    .description('Checks a GitOps repository: YAML syntax and style, Kubernetes schemas, policies.')
    .version(version, '-V, --version')
    .argument('[paths...]', 'files, directories or globs to check; - reads stdin (default: base/ and clusters/, else .)')
    .addOption(new Option('-o, --output <format[=file]>', 'text, json, github, sarif, junit, tap or yamllint; FORMAT=FILE writes a file (repeatable)').argParser(collectOutput).default([], 'text'))
    .option('-c, --config <file>', 'configuration file (default: .gitops-check.yaml)')
    .option('--yamllint-config <file>', 'yamllint configuration for the YAML pass (default: found as yamllint finds it)')
    .option('--exclude <glob>', 'leave out matching files (repeatable)', collect, [])
    .option('-q, --quiet', 'print failures and warnings only')
    .option('--only-in-paths', 'with files named, leave out those outside the configured paths (config paths, else base/ and clusters/), as pre-commit needs')
    .option('--no-context', 'with files named, do not read the rest of the repository (its CRDs, cluster sets) for context')
    .option('--no-color', 'no colours in text output (also NO_COLOR)')
    .option('--fail-on-warn', 'exit 1 on warnings too')
    .option('--max-file-size <bytes>', 'report larger files instead of parsing them', positive('bytes'))
    .option('--max-findings-per-file <n>', 'text and step summary: findings shown per file before a count of the rest (default 100; 0, all)', parseCount)
    .option('--kubernetes-version <version>', 'validate against this Kubernetes version, e.g. 1.29 (default: config, else newest)')
    .option('--strict', 'unknown fields are errors (default)')
    .option('--no-strict', 'allow fields the schema does not know')
    .option('--ignore-missing-schemas', 'skip documents whose kind has no schema instead of failing')
    .option('--schema-location <location>', 'extra schemas: directory, file or URL, kubeconform templates allowed (repeatable)', collect, [])
    .option('--skip <kind>', 'do not schema-validate this Kind or apiVersion/Kind (repeatable)', collect, [])
    .option('--policy <path>', 'Rego policy directory (recursive) or file (repeatable; default: policy/ if it exists)', collect, [])
    .option('--data <path>', 'YAML/JSON data for the policies, under data (repeatable)', collect, [])
    .option('--builtin-policies', 'run the built-in Kubernetes policy library (default)')
    .option('--no-builtin-policies', 'do not run the built-in policy library')
    .option('--namespace <package>', 'policy package whose rules run (repeatable; default: main)', collect, [])
    .option('--all-namespaces', 'run the rules of every policy package')
    .option('--combine', 'policies see all documents at once, as [{path, contents}]')
    .option('--suppress-exceptions', 'do not show results excepted by exception rules')
    .option('--jobs <n>', 'worker threads (default: one per core but one, at most one per 500 files)', positive('threads'))
    .option('--no-cache', 'do not read or write compiled code, schema validators, compiled policies, context documents and the files holding CRDs in the cache directory')
    .option('--cache-dir <dir>', 'the cache directory (default: $XDG_CACHE_HOME/gitops-check, else ~/.cache/gitops-check)')
    .option('--shard <i/n>', 'check the I-th of N parts of the files (by path hash), the rest read as context; for a CI matrix, with merge', shardArgument)
    .option('--baseline <file>', 'findings this file lists are BASE lines, not failures (default: .gitops-check-baseline.json if it exists)')
    .option('--no-baseline', 'do not read a baseline file')
    .option('--prune-baseline', 'rewrite the baseline file without the findings it lists that no longer occur')
    .option('--timings', 'print where the run\'s time went (by stage, slowest rules and kinds) to stderr')
    .option('--resident', 'run in a process kept for this user, started on first use, which keeps its compiled code between runs (ends after 15 idle minutes)')
    .option('--resident-stop', 'end the resident process, if one runs')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s), outputError: (s, write) => write(s) })
    .action(async (paths: string[], flags: CheckFlags) => {
      exitCode = await check(paths, flags, io);
    });
  program
    .command('schemas')
    .description('list the Kubernetes versions and kinds in the built-in schema store')
    .action(() => {
      io.stdout(schemaListing().join('\n') + '\n');
    });

  program
    .command('verify')
    .description("run the policies' unit tests (test_* rules) and the built-in library's; takes --policy, --data, --no-builtin-policies, --config")
    .action(async (_flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<CheckFlags>();
      const { config } = loadConfig(io.cwd, flags.config);
      exitCode = await verifyPolicies(io.cwd, resolveSettings([], flags, config).policy, io.stdout);
    });

  program
    .command('merge')
    .description("one report from the JSON reports of a run's shards (--shard I/N -o json=FILE); takes -o, --fail-on-warn, --quiet, --config")
    .argument('<reports...>', 'the shards\' JSON reports')
    .action(async (reports: string[], _flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<CheckFlags>();
      const { config } = loadConfig(io.cwd, flags.config);
      const { mergeReports } = await import('../pipeline/merge.js');
      exitCode = await writeReport(await mergeReports(io.cwd, reports), flags, resolveSettings([], flags, config, io.cwd), io);
    });

  program
    .command('baseline')
    .argument('[paths...]', 'as for a check (default: base/ and clusters/, else .)')
    .description('write the current findings to the baseline file (.gitops-check-baseline.json, or --baseline FILE); later runs fail only on new ones')
    .action(async (paths: string[], _flags: unknown, command: Command) => {
      const { report, settings } = await checkRun(paths, command.optsWithGlobals<CheckFlags>(), io, { useBaseline: false });
      io.stdout(await writeBaselineOf(report, settings, io.cwd));
      printTimings(io);
    });

  program
    .command('rules')
    .argument('[id]', 'a check id: print its full explanation with a bad and a good example')
    .description('list every check id with its severity, whether it is on by default, its origin and what it finds')
    .action((id: string | undefined) => {
      if (id === undefined) return void io.stdout(rulesListing());
      const rule = ruleFor(id);
      if (!rule) throw new ConfigError(`unknown check id "${id}" (gitops-check rules lists them)`);
      io.stdout(ruleExplanation(rule));
    });

  program
    .command('init')
    .description('write a commented .gitops-check.yaml, a GitHub workflow and a pre-commit config here (never overwrites)')
    .action(async () => {
      exitCode = await runInit(io.cwd, version, io.stdout);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? 0 : 2;
    }
    if (error instanceof ConfigError) {
      io.stderr(`gitops-check: ${error.format()}\n`);
      return 2;
    }
    io.stderr(`gitops-check: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.GITOPS_CHECK_DEBUG) io.stderr(`${(error as Error).stack}\n`);
    return 2;
  }
}

async function check(paths: string[], flags: CheckFlags, io: Io): Promise<number> {
  const { report, settings } = await checkRun(paths, flags, io, { useBaseline: true });
  if (flags.pruneBaseline && report.baseline && settings.baseline) await pruneBaseline(report, settings.baseline.file, io.cwd);
  const code = await writeReport(report, flags, settings, io);
  printTimings(io);
  return code;
}

/** `--timings`: the table, once the report is out. */
function printTimings(io: Io): void {
  if (recorder) io.stderr(formatTimings(recorder.data, recorder.now() - (io.startedAt ?? 0)));
}

/** Config, settings and one run of the pipeline (on worker threads when it pays), as check and baseline share them. */
async function checkRun(paths: string[], flags: CheckFlags, io: Io, options: { useBaseline: boolean }): Promise<{ report: Report; settings: Settings }> {
  const request: CheckRequest = { cwd: io.cwd, paths, flags, version, useBaseline: options.useBaseline };
  const { settings, options: checkOptions } = await prepareCheck(request);
  // The process's clock starts with it: Node's start, loading, the configuration, the passes assembled.
  const timings = recorder;
  timings?.stage('start-up and configuration', io.startedAt ?? 0);
  const start = timings ? timings.now() : 0;
  const discovered = await discover({ cwd: io.cwd, paths: checkOptions.paths, exclude: checkOptions.exclude, within: checkOptions.within });
  timings?.stage('discover', start);
  const files = discovered.targets.length;
  const jobs = chooseJobs(flags.jobs, checkOptions, flags.shard, files);
  const progress = createProgress(() => process.stderr);
  const report = await withHeapGrowth(files, () =>
    jobs > 1
      ? runInWorkers(request, jobs, discovered, checkOptions.setupMemory?.recall(), progress.update)
      : runChecks({ ...checkOptions, discovered, shard: flags.shard, readStdin: io.readStdin, onProgress: progress.update }),
  ).finally(() => progress.stop());
  if (jobs === 1 && report.results.length > 0) io.checkedHere?.();
  return { report, settings };
}

/** Writes the report in the formats asked for; returns the exit code it gives. */
async function writeReport(report: Report, flags: CheckFlags, settings: Pick<Settings, 'failOnWarn' | 'maxFindingsPerFile'>, io: Io): Promise<number> {
  const { failOnWarn, maxFindingsPerFile } = settings;
  const outputContext = { cwd: io.cwd, env: process.env, version, color: flags.color && io.colorSupported, quiet: Boolean(flags.quiet), failOnWarn, maxFindingsPerFile, stdout: io.stdout };
  const start = recorder ? recorder.now() : 0;
  // A shard's report is an input to `merge`; the merged report annotates the PR, once.
  await writeOutputs(report, chooseOutputs(flags.output, report.shard ? {} : process.env), outputContext);
  recorder?.stage('output', start);
  return exitCodeOf(report, failOnWarn);
}

/** The check command's flags, as commander parses them. */
interface CheckFlags extends SettingFlags {
  output: OutputSpec[];
  config?: string;
  yamllintConfig?: string;
  quiet?: boolean;
  color: boolean;
  /** `--no-cache` sets it false. */
  cache: boolean;
  cacheDir?: string;
  jobs?: number;
  shard?: Shard;
  pruneBaseline?: boolean;
  timings?: boolean;
}

/** Where the command reads and writes: the process, the resident process's client, or a test's buffers. */
export interface Io {
  cwd: string;
  /** When the run began (`performance.now()`); 0, the process's start, when absent. */
  startedAt?: number;
  /** A promise when the writer should wait before the next write (src/cli/stdout.ts). */
  stdout(text: string): void | Promise<void>;
  stderr(text: string): void;
  readStdin(): Promise<Uint8Array>;
  /** Colour only on a TTY, and never when NO_COLOR is set. */
  colorSupported: boolean;
  /** Told when this thread has checked documents: its compiled code is then a check's, worth keeping (src/cache/code-cache.ts). */
  checkedHere?: () => void;
}

export function processIo(): Io {
  return {
    cwd: process.cwd(),
    stdout: processStdout(),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    colorSupported: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function shardArgument(value: string): Shard {
  const shard = parseShard(value);
  if (!shard) throw new InvalidArgumentError('expected I/N with 1 <= I <= N, e.g. 2/4.');
  return shard;
}

/** A commander parser for a positive whole number of `unit`. */
function positive(unit: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number of ${unit}.`);
    return n;
  };
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number, 0 or more.');
  return n;
}
