import type { DocumentRef, Finding, Skip } from '../model/finding.js';

export type Status = 'pass' | 'fail' | 'warn' | 'skip';

/** The verdict on one document, or on a whole file when it has no documents to speak of (unreadable, binary). */
export interface Result {
  file: string;
  document: DocumentRef | null;
  status: Status;
  /** How the text report names the document in a PASS line, e.g. `Deployment flux/flux`. */
  label: string;
}

/** Everything a reporter needs; reporters only format it. Findings and results are in report order. */
export interface Report {
  files: number;
  results: Result[];
  findings: Finding[];
  skips: Skip[];
  /** Findings a policy's `exception` rule excepted (conftest's EXCP lines): shown, never failing. */
  exceptions?: Finding[];
  elapsedMs: number;
  /** Set by `--shard I/N`: the report is one part of a run, for `gitops-check merge`. */
  shard?: { index: number; count: number };
}

export interface Summary {
  passed: number;
  failed: number;
  warnings: number;
  skipped: number;
}

export function summarize(report: Report): Summary {
  const summary: Summary = { passed: 0, failed: 0, warnings: 0, skipped: 0 };
  for (const result of report.results) {
    if (result.status === 'pass') summary.passed++;
    else if (result.status === 'fail') summary.failed++;
    else if (result.status === 'warn') summary.warnings++;
    else summary.skipped++;
  }
  return summary;
}

/** Number of documents: results that are documents, not whole-file failures. */
export function documentCount(report: Report): number {
  return report.results.filter((r) => r.document !== null).length;
}

/** The exit code a report gives: 1 on any error finding (or warning, with failOnWarn), else 0. */
export function exitCodeOf(report: Report, failOnWarn: boolean): 0 | 1 {
  return report.findings.some((f) => f.severity === 'error' || (failOnWarn && f.severity === 'warning')) ? 1 : 0;
}

/** Key joining findings and skips to their result: file plus document index (none for file-level). */
export function resultKey(file: string, document: DocumentRef | null | undefined): string {
  return `${file}\0${document?.index ?? ''}`;
}
