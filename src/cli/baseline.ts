import type { Settings } from '../config/settings.js';
import { ConfigError } from '../model/errors.js';
import type { Report } from '../report/model.js';
import { baselineOf, entriesOf, loadBaseline, writeBaseline } from '../adoption/baseline.js';

function checkedFiles(report: Report): Set<string> {
  return new Set(report.results.map((r) => r.file));
}

/**
 * `--prune-baseline`: the file without the entries the run found fixed. The file is matched again against
 * the run's baselined findings, as the run's own matching may have happened in worker threads.
 */
export async function pruneBaseline(report: Report, file: string, cwd: string): Promise<void> {
  const baseline = loadBaseline(cwd, file);
  for (const muted of report.muted ?? []) if (muted.by === 'baseline') baseline.match(muted.finding);
  await writeBaseline(cwd, file, baseline.pruned(checkedFiles(report)));
}

/**
 * `gitops-check baseline`: every finding of the run, plus the existing file's entries for files this
 * run did not check (a baseline over some paths leaves the others' alone). Returns the line to print.
 */
export async function writeBaselineOf(report: Report, settings: Settings, cwd: string): Promise<string> {
  const file = settings.baseline?.file;
  if (!file) throw new ConfigError('--no-baseline leaves no baseline file to write');
  const previous = baselineOf({ file, required: false }, cwd);
  const checked = checkedFiles(report);
  const entries = [...(previous?.outside(checked) ?? []), ...entriesOf(report.findings)];
  await writeBaseline(cwd, file, entries);
  const files = new Set(entries.map((e) => e.file)).size;
  return `wrote ${file}: ${entries.length} finding${entries.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}\n`;
}
