import type { DocumentRef, Finding } from '../model/finding.js';
import type { MutedFinding } from '../report/model.js';
import { applySeverity, type SeverityRules } from '../pipeline/severity.js';
import type { Baseline } from './baseline.js';
import { fingerprintOf, type FingerprintSource } from './fingerprint.js';
import { applySuppressions, type SuppressionSource } from './suppressions.js';

export interface AdoptionOptions {
  severity: SeverityRules;
  baseline?: Baseline;
  /** Findings are fingerprinted only to be matched against a baseline or written to one (`gitops-check baseline`). */
  fingerprint: boolean;
  /** Whether a check (an id, or a prefix ending in `*`) ran: a suppression of a check that did not is not stale. */
  ran: (pattern: string) => boolean;
}

export interface SettleSource extends SuppressionSource {
  path: string;
  /** The file's text, read only to fingerprint findings. */
  text: string;
  /** The document a line belongs to, for findings about a line (a suppression comment). */
  documentAt(line: number): DocumentRef | undefined;
}

/**
 * What a file's findings come to once the repository's decisions are applied, in this order: the
 * config's severities (off drops a finding), the suppressions written in the file (their own warnings
 * join the findings), then the baseline. What counts fails or warns; the rest is shown as muted.
 */
export function settleFindings(found: Finding[], excepted: Finding[], source: SettleSource, options: AdoptionOptions): { findings: Finding[]; muted: MutedFinding[] } {
  const turnedOff: Finding[] = [];
  const reported = applySeverity(found, options.severity, turnedOff);
  const { findings: kept, suppressed, warnings } = applySuppressions(reported, source, { ran: options.ran, turnedOff });
  const own = [...kept, ...applySeverity(warnings.map((w) => ({ file: source.path, ...w, document: source.documentAt(w.line) })), options.severity)];
  const muted: MutedFinding[] = [...excepted.map((finding) => ({ finding, by: 'exception' as const })), ...suppressed];
  if (!options.fingerprint) return { findings: own, muted };
  const findings: Finding[] = [];
  const fingerprintSource = lazyFingerprintSource(source);
  for (const finding of own) {
    // Findings come in many shapes: Object.assign copies them about twice as fast as a spread with an added key.
    const f: Finding = Object.assign({}, finding, { fingerprint: fingerprintOf(finding, fingerprintSource) });
    if (options.baseline?.match(f)) muted.push({ finding: f, by: 'baseline' });
    else findings.push(f);
  }
  return { findings, muted };
}

/** Most findings are fingerprinted by their node: the file's text is split into lines only when one is not. */
function lazyFingerprintSource(source: SettleSource): FingerprintSource {
  let lines: string[] | undefined;
  let values: Map<number, unknown> | undefined;
  return {
    line: (n) => (lines ??= source.text.split(/\r\n|\r|\n/))[n - 1],
    valueOf: (index) => (values ??= new Map(source.documents.map((d) => [d.index, d.value]))).get(index),
  };
}
