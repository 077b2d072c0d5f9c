import type { DocumentRef, Finding, Skip } from '../model/finding.js';

export type Status = 'pass' | 'fail' | 'warn' | 'skip';

/** The verdict on one document, or on a whole file when it has no documents to speak of (unreadable, binary). */
export interface Result {
  file: string;
  document: DocumentRef | null;
  status: Status;
}

/**
 * Why a finding is shown but does not fail: a policy's `exception` rule excepted it (conftest's EXCP),
 * the baseline file lists it, or a `gitops-check:ignore` comment or annotation suppresses it.
 */
export type MutedBy = 'exception' | 'baseline' | 'suppression';

export interface MutedFinding {
  finding: Finding;
  by: MutedBy;
  /** A suppression's reason, as written after `--` (absent when it gave none). */
  reason?: string;
}

/** A finding the baseline lists that the run no longer found, in a file the run checked. */
export interface FixedFinding {
  file: string;
  check: string;
  message: string;
  /** As the baseline names it (`apps/v1 Deployment web/api`); null for a whole file. */
  document: string | null;
}

/** Everything a reporter needs; reporters only format it. Findings and results are in report order. */
export interface Report {
  files: number;
  results: Result[];
  /** The findings that count: they fail (errors) or warn. */
  findings: Finding[];
  skips: Skip[];
  /** Findings shown without failing, in report order (none when absent). */
  muted?: MutedFinding[];
  fixed?: FixedFinding[];
  /** Whether the run compared against a baseline (SARIF then states each result's `baselineState`). */
  baseline?: boolean;
  elapsedMs: number;
  /** Set by `--shard I/N`: the report is one part of a run, for `gitops-check merge`. */
  shard?: { index: number; count: number };
}

export interface Summary {
  passed: number;
  failed: number;
  warnings: number;
  skipped: number;
  /** Findings, not documents, from here on. */
  excepted: number;
  baselined: number;
  suppressed: number;
  fixed: number;
}

/** The Summary key counting each kind of muted finding. */
export const MUTED_COUNT: Readonly<Record<MutedBy, 'excepted' | 'baselined' | 'suppressed'>> = {
  exception: 'excepted',
  baseline: 'baselined',
  suppression: 'suppressed',
};

export function summarize(report: Report): Summary {
  const summary: Summary = { passed: 0, failed: 0, warnings: 0, skipped: 0, excepted: 0, baselined: 0, suppressed: 0, fixed: report.fixed?.length ?? 0 };
  for (const result of report.results) {
    if (result.status === 'pass') summary.passed++;
    else if (result.status === 'fail') summary.failed++;
    else if (result.status === 'warn') summary.warnings++;
    else summary.skipped++;
  }
  for (const m of report.muted ?? []) summary[MUTED_COUNT[m.by]]++;
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
