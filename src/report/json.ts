import type { DocumentRef, Finding } from '../model/finding.js';
import { documentCount, summarize, type Report } from './model.js';
import { jsonPieces, MappedList } from './chunks.js';

/** A document as JSON shows it: every identity key present, null when the document does not say. */
export interface JsonDocument {
  index: number;
  apiVersion: string | null;
  kind: string | null;
  namespace: string | null;
  name: string | null;
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  severity: string;
  check: string;
  message: string;
  document: JsonDocument | null;
}

/** The stable JSON shape (version 1) documented in the README; other machine formats derive from it. */
export interface JsonReport {
  version: 1;
  files: number;
  documents: number;
  summary: ReturnType<typeof summarize>;
  results: Array<{ file: string; document: JsonDocument | null; status: string }>;
  findings: JsonFinding[];
  /** Shown, not failing: `mutedBy` is `exception`, `baseline` or `suppression`; `reason` a suppression's. */
  muted: Array<JsonFinding & { mutedBy: string; reason: string | null }>;
  /** Baselined findings no longer found. */
  fixed: Array<{ file: string; check: string; message: string; document: string | null }>;
  /**
   * Only in a shard's report (`--shard I/N`): what `gitops-check merge` needs beyond the findings to
   * print the whole run's report in any format.
   */
  shard?: {
    index: number;
    count: number;
    elapsedMs: number;
    skips: Array<{ file: string; document: JsonDocument; check: string; reason: string }>;
    /** Whether the run compared against a baseline file. */
    baseline: boolean;
  };
}

/** The report's parts in the JsonReport shape; its long lists are mapped while they are written. */
function jsonParts(report: Report): Record<string, unknown> {
  return {
    version: 1,
    files: report.files,
    documents: documentCount(report),
    summary: summarize(report),
    results: new MappedList(report.results, (r) => ({ file: r.file, document: jsonDocument(r.document), status: r.status })),
    findings: new MappedList(report.findings, jsonFinding),
    muted: new MappedList(report.muted ?? [], (m) => ({ ...jsonFinding(m.finding), mutedBy: m.by, reason: m.reason ?? null })),
    fixed: (report.fixed ?? []).map((f) => ({ file: f.file, check: f.check, message: f.message, document: f.document })),
    ...(report.shard && {
      shard: {
        ...report.shard,
        elapsedMs: Math.round(report.elapsedMs),
        skips: report.skips.map((s) => ({ file: s.file, document: jsonDocument(s.document)!, check: s.check, reason: s.reason })),
        baseline: report.baseline ?? false,
      },
    }),
  } satisfies { [K in keyof JsonReport]: unknown };
}

function jsonFinding(f: Finding): JsonFinding {
  return { file: f.file, line: f.line, column: f.column, severity: f.severity, check: f.check, message: f.message, document: jsonDocument(f.document) };
}

export function formatJson(report: Report): string {
  return [...jsonLines(report)].join('');
}

/** The JSON report's text in pieces (src/report/chunks.ts). */
export function jsonLines(report: Report): Iterable<string> {
  return jsonPieces(jsonParts(report));
}

function jsonDocument(d: DocumentRef | null | undefined): JsonDocument | null {
  if (!d) return null;
  return { index: d.index, apiVersion: d.apiVersion ?? null, kind: d.kind ?? null, namespace: d.namespace ?? null, name: d.name ?? null };
}
