/**
 * The one problem model every pass emits and every reporter formats.
 * Positions are 1-based; a finding about a whole file has line 1, column 1.
 */
export type Severity = 'error' | 'warning';

/** Who a document is, as far as its own content says. */
export interface DocumentIdentity {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
}

/** A document inside a file: its 0-based index among the file's documents, plus its identity. */
export interface DocumentRef extends DocumentIdentity {
  index: number;
}

export interface Finding {
  /** Path as shown to the user: relative to the working directory, `/`-separated; `stdin` for `-`. */
  file: string;
  line: number;
  column: number;
  severity: Severity;
  /** `yaml/<rule>`, `schema`, `policy/<namespace>`, `builtin/<rule id>`, `gitops/<check>`, ... */
  check: string;
  message: string;
  /** Absent for findings about the file as a whole (unreadable, binary, ...). */
  document?: DocumentRef;
  /** The offending node's path in its document, when the pass knows it (baselines fingerprint it, not the line). */
  path?: ReadonlyArray<string | number>;
  /** What a baseline matches this finding by, set by the pipeline (src/adoption/fingerprint.ts). */
  fingerprint?: string;
}

/** A document a pass chose not to check, with the reason (e.g. no schema and --ignore-missing-schemas). */
export interface Skip {
  file: string;
  document: DocumentRef;
  check: string;
  reason: string;
}

/** 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}
