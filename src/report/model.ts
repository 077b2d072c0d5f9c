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
  let count = 0;
  for (const result of report.results) if (result.document !== null) count++;
  return count;
}

/** The exit code a report gives: 1 on any error finding (or warning, with failOnWarn), else 0. */
export function exitCodeOf(report: Report, failOnWarn: boolean): 0 | 1 {
  return report.findings.some((f) => f.severity === 'error' || (failOnWarn && f.severity === 'warning')) ? 1 : 0;
}

/** Where an item belongs: a file, and a document of it (none for the file as a whole). */
export interface Place {
  file: string;
  document?: DocumentRef | null | undefined;
}

/**
 * The items (findings, skips) of each result, by the result's position in `results`. The pipeline lists items
 * in results order: then a result's items are a run of the list, found in one walk over both. Otherwise (a
 * merged report, say) they are grouped by file then document index. Grouping every finding was a third of the
 * text report's time at 10k documents, and at 50k it lived long enough for V8 to move ~12 MB of it to the old
 * generation.
 */
export function itemsOfResults<T>(results: readonly Result[], items: readonly T[], placeOf: (item: T) => Place): (i: number) => readonly T[] {
  if (items.length === 0) return () => NONE;
  const ends = runEnds(results, items, placeOf);
  if (!ends) return grouped(results, items, placeOf);
  return (i) => (ends[i] === ends[i + 1] ? NONE : items.slice(ends[i], ends[i + 1]));
}

/**
 * Where each result's run of items ends (the first starting at 0), or undefined when some item belongs to no
 * result or out of order, or a result is listed twice (it would get its items twice): a file's results must
 * come together, in increasing document order.
 */
function runEnds<T>(results: readonly Result[], items: readonly T[], placeOf: (item: T) => Place): Uint32Array | undefined {
  const ends = new Uint32Array(results.length + 1);
  const files = new Set<string>();
  let next = 0;
  let previous: Result | undefined;
  for (let i = 0; i < results.length; i++) {
    const result = results[i]!;
    if (previous?.file === result.file) {
      if (!((previous.document?.index ?? -1) < (result.document?.index ?? -1))) return undefined;
    } else {
      if (files.has(result.file)) return undefined;
      files.add(result.file);
    }
    while (next < items.length && isAt(placeOf(items[next]!), result)) next++;
    ends[i + 1] = next;
    previous = result;
  }
  return next === items.length ? ends : undefined;
}

function isAt(place: Place, result: Result): boolean {
  return place.file === result.file && place.document?.index === result.document?.index;
}

function grouped<T>(results: readonly Result[], items: readonly T[], placeOf: (item: T) => Place): (i: number) => readonly T[] {
  const files = new Map<string, Map<number | undefined, T[]>>();
  for (const item of items) {
    const { file, document } = placeOf(item);
    let documents = files.get(file);
    if (!documents) files.set(file, (documents = new Map()));
    const list = documents.get(document?.index);
    if (list) list.push(item);
    else documents.set(document?.index, [item]);
  }
  return (i) => files.get(results[i]!.file)?.get(results[i]!.document?.index) ?? NONE;
}

const NONE: readonly never[] = [];
