import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Settings } from '../config/settings.js';
import { ConfigError } from '../model/errors.js';
import type { Report } from '../report/model.js';
import { Baseline, entriesOf, loadBaseline, writeBaseline } from '../adoption/baseline.js';

/** The run's baseline: the file named (flag or config) must exist; the default one is used when it does. */
export async function baselineOf(settings: Settings, cwd: string): Promise<Baseline | undefined> {
  const named = settings.baseline;
  if (!named) return undefined;
  if (!named.required && !(await stat(resolve(cwd, named.file)).catch(() => undefined))) return undefined;
  return loadBaseline(cwd, named.file);
}

function checkedFiles(report: Report): Set<string> {
  return new Set(report.results.map((r) => r.file));
}

/** `--prune-baseline`: the file without the entries the run found fixed. */
export async function pruneBaseline(baseline: Baseline, report: Report, file: string, cwd: string): Promise<void> {
  await writeBaseline(cwd, file, baseline.pruned(checkedFiles(report)));
}

/**
 * `gitops-check baseline`: every finding of the run, plus the existing file's entries for files this
 * run did not check (a baseline over some paths leaves the others' alone). Returns the line to print.
 */
export async function writeBaselineOf(report: Report, settings: Settings, cwd: string): Promise<string> {
  const file = settings.baseline?.file;
  if (!file) throw new ConfigError('--no-baseline leaves no baseline file to write');
  const previous = await baselineOf({ ...settings, baseline: { file, required: false } }, cwd);
  const checked = checkedFiles(report);
  const entries = [...(previous?.outside(checked) ?? []), ...entriesOf(report.findings)];
  await writeBaseline(cwd, file, entries);
  const files = new Set(entries.map((e) => e.file)).size;
  return `wrote ${file}: ${entries.length} finding${entries.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}\n`;
}
