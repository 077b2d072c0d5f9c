import { compareDisplayPaths } from '../discovery/discover.js';
import type { Report } from '../report/model.js';

/**
 * The parts of one run (shards, or the workers of `--jobs`) as the whole run's report: files in the order a
 * single run reports them, each part's own order within a file kept.
 */
export function combineReports(parts: Report[]): Report {
  const byFile = <T extends { file: string }>(items: T[]): T[] => items.sort((a, b) => compareDisplayPaths(a.file, b.file));
  return {
    files: parts.reduce((sum, part) => sum + part.files, 0),
    results: byFile(parts.flatMap((part) => part.results)),
    findings: byFile(parts.flatMap((part) => part.findings)),
    skips: byFile(parts.flatMap((part) => part.skips)),
    muted: parts.flatMap((part) => part.muted ?? []).sort((a, b) => compareDisplayPaths(a.finding.file, b.finding.file)),
    fixed: byFile(parts.flatMap((part) => part.fixed ?? [])),
    baseline: parts.some((part) => part.baseline),
    // The parts ran side by side: the whole run took as long as the slowest.
    elapsedMs: Math.max(0, ...parts.map((part) => part.elapsedMs)),
  };
}
