import { createRequire } from 'node:module';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from '../model/errors.js';
import { loadConfig } from '../config/load.js';
import { runChecks } from '../pipeline/run.js';
import { exitCodeOf } from '../report/model.js';
import { formatText } from '../report/text.js';
import { formatJson } from '../report/json.js';
import { createProgress } from './progress.js';
import { resolveSettings, type CheckFlags } from './settings.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Runs the command line; returns the exit code (0 no failures, 1 failures, 2 usage/config/internal error). */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let exitCode = 0;
  const program = new Command('gitops-check')
    .description('Checks a GitOps repository: YAML syntax and style, Kubernetes schemas, policies.')
    .version(version, '-V, --version')
    .argument('[paths...]', 'files, directories or globs to check; - reads stdin (default: base/ and clusters/, else .)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-c, --config <file>', 'configuration file (default: .gitops-check.yaml)')
    .option('--exclude <glob>', 'leave out matching files (repeatable)', collect, [])
    .option('-q, --quiet', 'print failures and warnings only')
    .option('--no-color', 'no colours in text output (also NO_COLOR)')
    .option('--fail-on-warn', 'exit 1 on warnings too')
    .option('--max-file-size <bytes>', 'report larger files instead of parsing them', parseSize)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s), outputError: (s, write) => write(s) })
    .action(async (paths: string[], flags: CheckFlags) => {
      exitCode = await check(paths, flags, io);
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
  const { config } = await loadConfig(io.cwd, flags.config);
  const settings = resolveSettings(paths, flags, config);
  const progress = createProgress(process.stderr);
  const report = await runChecks({
    cwd: io.cwd,
    paths: settings.paths,
    exclude: settings.exclude,
    maxFileSize: settings.maxFileSize,
    severity: settings.severity,
    passes: [],
    readStdin: io.readStdin,
    onProgress: progress?.update,
  }).finally(() => progress?.stop());
  if (flags.output === 'json') io.stdout(formatJson(report));
  else io.stdout(formatText(report, { color: flags.color && io.colorSupported, quiet: Boolean(flags.quiet) }));
  return exitCodeOf(report, settings.failOnWarn);
}

/** Where the command reads and writes: the process, or a test's buffers. */
export interface Io {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<Uint8Array>;
  /** Colour only on a TTY, and never when NO_COLOR is set. */
  colorSupported: boolean;
}

function processIo(): Io {
  return {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
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

function parseSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive number of bytes.');
  return n;
}
