import type { Finding, Position } from '../model/finding.js';
import type { ParsedDocument } from '../documents/types.js';
import type { Comment } from '../documents/yaml/tokens.js';
import type { MutedFinding } from '../report/model.js';
import { matchesPattern } from '../rules/patterns.js';

/** The check id of the warnings about suppressions themselves (no reason given, or suppressing nothing). */
export const SUPPRESSION_CHECK = 'gitops-check/suppression';
export const IGNORE_ANNOTATION = 'gitops-check.io/ignore';
export const IGNORE_REASON_ANNOTATION = 'gitops-check.io/ignore-reason';

const COMMENT = /^#\s*gitops-check:(ignore|ignore-file)(?:\s+(.*))?$/;

/** One suppression written in a file: which check ids, why, and which findings it reaches. */
interface Suppression {
  /** As written, for messages: `gitops-check:ignore …` or the annotation. */
  label: string;
  ids: string[];
  reason?: string;
  /** Where the reason goes, for the warning when there is none. */
  reasonHint: string;
  at: Position;
  covers(f: Finding): boolean;
  /** Ids (as written) that suppressed something in this run. */
  used: Set<string>;
}

export interface SuppressionSource {
  /** The file's `gitops-check:ignore` comments, as `suppressionComments` indexed them when it was read. */
  comments: readonly SuppressionComment[];
  documents: readonly ParsedDocument[];
}

/** A suppression comment as read: all settling needs of it, so the file's text and comments need not be kept. */
export interface SuppressionComment {
  kind: 'ignore' | 'ignore-file';
  /** What follows the kind: the ids, then ` -- ` and the reason. */
  rest: string;
  /** 1-based: the comment's line and column, and the next line that is not itself a comment (comments may stack). */
  line: number;
  column: number;
  next: number;
}

/** Whether a text may hold suppression comments, which are read from its comments (most texts hold none). */
export function mayHoldSuppressions(text: string): boolean {
  return text.includes('gitops-check:');
}

/** The suppression comments among a file's comments. */
export function suppressionComments(text: string, comments: readonly Comment[]): SuppressionComment[] {
  const found = comments.map((comment) => ({ comment, match: COMMENT.exec(comment.text.trim()) })).filter((c) => c.match !== null);
  // Most files have no suppression comment: split their text only when one has.
  if (found.length === 0) return [];
  const lines = text.split(/\r\n|\r|\n/);
  const commentOnly = (line: number) => /^\s*#/.test(lines[line - 1] ?? '');
  return found.map(({ comment, match }) => {
    const line = comment.start.line + 1;
    let next = line + 1;
    while (next <= lines.length && commentOnly(next)) next++;
    return { kind: match![1] as SuppressionComment['kind'], rest: match![2] ?? '', line, column: comment.start.column + 1, next };
  });
}

/**
 * Applies a file's suppressions: `# gitops-check:ignore <ids> -- <reason>` on a finding's line or the
 * line above, `# gitops-check:ignore-file <ids> -- <reason>` anywhere, and the `gitops-check.io/ignore`
 * annotation (with `gitops-check.io/ignore-reason`) on an object. A suppression with no reason, or an
 * id of one that suppressed nothing, is a warning: silence someone decided on, not silence that piles up.
 */
export function applySuppressions(findings: Finding[], source: SuppressionSource, run: ChecksRun): { findings: Finding[]; suppressed: MutedFinding[]; warnings: Array<Omit<Finding, 'file'>> } {
  const suppressions = [...commentSuppressions(source.comments), ...annotationSuppressions(source.documents)];
  if (suppressions.length === 0) return { findings, suppressed: [], warnings: [] };
  const kept: Finding[] = [];
  const suppressed: MutedFinding[] = [];
  // The first suppression covering a finding with a matching id takes it, and records the id as used.
  const suppressor = (f: Finding) => suppressions.find((s) => s.covers(f) && s.ids.some((id) => matches(id, f.check) && s.used.add(id)));
  for (const f of findings) {
    const by = suppressor(f);
    if (by) suppressed.push({ finding: f, by: 'suppression', ...(by.reason ? { reason: by.reason } : {}) });
    else kept.push(f);
  }
  // A finding the config turned off still shows that its suppression is in use, should the config change.
  for (const f of run.turnedOff) suppressor(f);
  const warnings: Array<Omit<Finding, 'file'>> = [];
  const warn = (s: Suppression, message: string) => warnings.push({ ...s.at, severity: 'warning', check: SUPPRESSION_CHECK, message });
  for (const s of suppressions) {
    if (s.ids.length === 0) warn(s, `${s.label} names no check id`);
    else if (!s.reason) warn(s, `${s.label} gives no reason: ${s.reasonHint}`);
    for (const id of s.ids) {
      // A check that did not run this time (no built-in policies, a yamllint rule off) found nothing to suppress.
      if (s.used.has(id) || !run.ran(checkPattern(id))) continue;
      warn(s, s.ids.length === 1 ? `${s.label} suppresses nothing here; remove it` : `${s.label}: ${id} suppresses nothing here; remove it from the list`);
    }
  }
  return { findings: kept, suppressed, warnings };
}

/** What the run did, for suppressions that found nothing: was their check run at all? */
export interface ChecksRun {
  /** Whether a check matching an id, or a prefix ending in `*`, could report anything in this run. */
  ran(pattern: string): boolean;
  /** This file's findings that the config's severities turned off. */
  turnedOff: readonly Finding[];
}

/** A check id as written in a suppression: exact, or a prefix ending in `*`; a bare built-in rule id (`k8s.cpu-limit`) means `builtin/k8s.cpu-limit`. */
function checkPattern(id: string): string {
  return id.includes('/') || id === 'schema' || id === 'file' || id.endsWith('*') ? id : `builtin/${id}`;
}

function matches(id: string, check: string): boolean {
  return matchesPattern(checkPattern(id), check);
}

function commentSuppressions(comments: readonly SuppressionComment[]): Suppression[] {
  return comments.map(({ kind, rest, line, column, next }) => {
    const [list = '', ...why] = rest.split(/(?:^|\s)--(?:\s|$)/);
    return {
      label: `gitops-check:${kind} ${list.trim()}`.trim(),
      ids: idsOf(list),
      ...reasonOf(why.join(' -- ')),
      reasonHint: 'say why after " -- "',
      at: { line, column },
      covers: kind === 'ignore-file' ? () => true : (f) => f.line === line || f.line === next,
      used: new Set(),
    };
  });
}

function annotationSuppressions(documents: readonly ParsedDocument[]): Suppression[] {
  const out: Suppression[] = [];
  for (const doc of documents) {
    const annotations = (doc.value as { metadata?: { annotations?: Record<string, unknown> } } | null)?.metadata?.annotations;
    const list = annotations?.[IGNORE_ANNOTATION];
    if (typeof list !== 'string') continue;
    const reason = annotations?.[IGNORE_REASON_ANNOTATION];
    out.push({
      label: `${IGNORE_ANNOTATION} "${list}"`,
      ids: idsOf(list),
      ...reasonOf(typeof reason === 'string' ? reason : ''),
      reasonHint: `say why in the annotation ${IGNORE_REASON_ANNOTATION}`,
      at: doc.locate(['metadata', 'annotations', IGNORE_ANNOTATION], 'value'),
      covers: (f) => f.document?.index === doc.index,
      used: new Set(),
    });
  }
  return out;
}

function idsOf(list: string): string[] {
  return list.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function reasonOf(text: string): { reason?: string } {
  const reason = text.trim();
  return reason ? { reason } : {};
}
