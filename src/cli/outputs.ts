// fs.promises is loaded on first use: a run writing only to stdout does without it.
import { promises as fs } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { ConfigError } from '../model/errors.js';
import type { Report } from '../report/model.js';
import { textLines } from '../report/text.js';
import { jsonLines } from '../report/json.js';
import { batched } from '../report/chunks.js';
import { formatGithubAnnotations, formatStepSummary, type GithubOptions } from '../report/github.js';
import { junitLines } from '../report/junit.js';
import { tapLines } from '../report/tap.js';
import { formatYamllint } from '../report/yamllint.js';
import { repoPathOf, uriPath } from '../report/repo-paths.js';

export const FORMATS = ['text', 'json', 'github', 'sarif', 'junit', 'tap', 'yamllint'] as const;
export type Format = (typeof FORMATS)[number];

/** One `-o` value: a format, printed on stdout or written to `file` (relative to the working directory). */
export interface OutputSpec {
  format: Format;
  file?: string;
}

/** Parses `FORMAT` or `FORMAT=FILE` (commander argument parser for the repeatable `-o`). */
export function collectOutput(value: string, previous: OutputSpec[]): OutputSpec[] {
  const eq = value.indexOf('=');
  const format = eq < 0 ? value : value.slice(0, eq);
  if (!(FORMATS as readonly string[]).includes(format)) throw new InvalidArgumentError(`Allowed formats are ${FORMATS.join(', ')}.`);
  if (eq < 0) return [...previous, { format: format as Format }];
  const file = value.slice(eq + 1);
  if (file === '') throw new InvalidArgumentError(`${format}= needs a file name.`);
  return [...previous, { format: format as Format, file }];
}

/**
 * The outputs of a run: those asked for, with text on stdout when none writes there; under GitHub
 * Actions the annotations too, unless stdout already carries a machine format they would corrupt.
 */
export function chooseOutputs(requested: OutputSpec[], env: NodeJS.ProcessEnv): OutputSpec[] {
  const outputs = requested.some((o) => o.file === undefined) ? [...requested] : [{ format: 'text' as const }, ...requested];
  const stdoutIsText = outputs.every((o) => o.file !== undefined || o.format === 'text');
  if (env.GITHUB_ACTIONS === 'true' && stdoutIsText && !outputs.some((o) => o.format === 'github')) outputs.push({ format: 'github' });
  return outputs;
}

export interface OutputContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  version: string;
  /** Colour for text on stdout (never in a file). */
  color: boolean;
  quiet: boolean;
  failOnWarn: boolean;
  /** Text and step summary only (src/report/cap.ts). */
  maxFindingsPerFile: number;
  /** Awaited when it returns a promise: stdout has not taken the last chunk yet. */
  stdout(text: string): void | Promise<void>;
}

/**
 * Prints the stdout outputs, then writes the files, then (for `github`) appends the step summary. A file
 * that cannot be written is a ConfigError: the run's verdict never reached where it was asked to go.
 */
export async function writeOutputs(report: Report, outputs: OutputSpec[], context: OutputContext): Promise<void> {
  const github = githubOptions(context);
  for (const output of outputs.filter((o) => o.file === undefined)) {
    for (const chunk of batched(await render(report, output.format, true, context, github))) await context.stdout(chunk);
  }
  for (const output of outputs) {
    if (output.file === undefined) continue;
    const path = resolve(context.cwd, output.file);
    const content = await render(report, output.format, false, context, github);
    await writeCreatingFolders(path, batched(content)).catch((error: unknown) => {
      throw new ConfigError(`cannot write the ${output.format} output: ${reason(error)}`, output.file);
    });
  }
  const summary = context.env.GITHUB_STEP_SUMMARY;
  if (summary && outputs.some((o) => o.format === 'github')) {
    await fs.appendFile(summary, formatStepSummary(report, github)).catch((error: unknown) => {
      throw new ConfigError(`cannot append the step summary: ${reason(error)}`, summary);
    });
  }
}

/** A format's text, in pieces where it can be large (written in chunks: src/report/chunks.ts). */
async function render(report: Report, format: Format, onStdout: boolean, context: OutputContext, github: GithubOptions): Promise<Iterable<string>> {
  switch (format) {
    case 'text':
      return textLines(report, { color: onStdout && context.color, quiet: context.quiet, maxFindingsPerFile: context.maxFindingsPerFile });
    case 'json':
      return jsonLines(report);
    case 'github':
      return [formatGithubAnnotations(report, github)];
    case 'sarif': {
      // Loaded on demand: the SARIF builder costs every run ~25 ms of start-up otherwise (pre-commit runs are small).
      const { formatSarif } = await import('../report/sarif.js');
      return [formatSarif(report, { toolVersion: context.version, repoPath: github.repoPath })];
    }
    case 'junit':
      return junitLines(report, { failOnWarn: context.failOnWarn });
    case 'tap':
      return tapLines(report, { failOnWarn: context.failOnWarn });
    case 'yamllint':
      return [formatYamllint(report)];
  }
}

/** Paths relative to the checkout (the run may be in a subdirectory); links when the repository is known. */
function githubOptions(context: OutputContext): GithubOptions {
  const { GITHUB_WORKSPACE, GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA } = context.env;
  return {
    maxFindingsPerFile: context.maxFindingsPerFile,
    repoPath: repoPathOf(context.cwd, GITHUB_WORKSPACE),
    link: (path, line) =>
      GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_SHA ? `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/blob/${GITHUB_SHA}/${uriPath(path)}#L${line}` : undefined,
  };
}

/** Folders are created only when missing, so a file in the way reports itself (ENOTDIR), not as EEXIST. */
async function writeCreatingFolders(path: string, chunks: Iterable<string>): Promise<void> {
  const file = await fs.open(path, 'w').catch(async (error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await fs.mkdir(dirname(path), { recursive: true });
    return fs.open(path, 'w');
  });
  try {
    for (const chunk of chunks) await file.write(chunk);
  } finally {
    await file.close();
  }
}

/** Node's message without the path it repeats, e.g. `ENOTDIR: not a directory`. */
export function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, \w+ '.*'$/, '');
}
