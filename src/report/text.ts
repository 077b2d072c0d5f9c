import kleur from 'kleur';
import type { Finding } from '../model/finding.js';
import { documentCount, itemsOfResults, summarize, type FixedFinding, type MutedBy, type MutedFinding, type Report } from './model.js';
import { capPerFile, moreFindingsMessage } from './cap.js';
import { resultLabel } from './label.js';

export interface TextOptions {
  color: boolean;
  /** Failures and warnings only (and conftest's EXCP lines, as conftest shows them). */
  quiet: boolean;
  /** Finding lines per file before one line counts the rest (src/report/cap.ts); 0 or absent, all. */
  maxFindingsPerFile?: number;
}

/** How each kind of muted finding is shown; `quiet` says whether --quiet keeps it. */
export const MUTED_LINES: Readonly<Record<MutedBy, { tag: string; paint: (s: string) => string; quiet: boolean }>> = {
  exception: { tag: 'EXCP', paint: kleur.cyan, quiet: true },
  baseline: { tag: 'BASE', paint: kleur.blue, quiet: false },
  suppression: { tag: 'SUPP', paint: kleur.dim, quiet: false },
};

/**
 * `PASS|FAIL|WARN|EXCP|BASE|SUPP|SKIP - path[:line:col] - message (check)` lines, grouped by file and
 * document, then `FIXD` lines for baselined findings no longer found, then a summary.
 */
export function formatText(report: Report, options: TextOptions): string {
  return [...textLines(report, options)].join('');
}

/** The text report line by line, each with its line break (written in chunks: src/report/chunks.ts). */
export function* textLines(report: Report, options: TextOptions): Generator<string> {
  kleur.enabled = options.color;
  const capped = capPerFile(report.findings, options.maxFindingsPerFile ?? 0);
  const findings = itemsOfResults(report.results, capped.shown, (f) => f);
  const skips = itemsOfResults(report.results, report.skips, (s) => s);
  const muted = itemsOfResults(report.results, (report.muted ?? []).filter((m) => !options.quiet || MUTED_LINES[m.by].quiet), (m) => m.finding);
  for (const [i, result] of report.results.entries()) {
    if (result.status === 'pass' && !options.quiet) yield `${kleur.green('PASS')} - ${result.file} - ${resultLabel(result.file, result.document)}\n`;
    for (const f of findings(i)) {
      yield `${findingLine(f)}\n`;
      const more = capped.moreAfter.get(f);
      if (more) yield `${kleur.dim(`  ${moreFindingsMessage(more)}`)}\n`;
    }
    for (const m of muted(i)) yield `${mutedLine(m)}\n`;
    if (result.status === 'skip' && !options.quiet) {
      for (const s of skips(i)) yield `${kleur.dim('SKIP')} - ${s.file} - ${s.reason} (${s.check})\n`;
    }
  }
  if (!options.quiet) {
    for (const f of report.fixed ?? []) yield `${fixedLine(f)}\n`;
    yield `${summaryLine(report)}\n`;
  }
}

function findingLine(f: Finding): string {
  const tag = f.severity === 'error' ? kleur.red('FAIL') : kleur.yellow('WARN');
  return `${tag} - ${f.file}:${f.line}:${f.column} - ${f.message} (${f.check})`;
}

function mutedLine(m: MutedFinding): string {
  const { tag, paint } = MUTED_LINES[m.by];
  const f = m.finding;
  return `${paint(tag)} - ${f.file}:${f.line}:${f.column} - ${f.message} (${f.check})${m.reason ? ` -- ${m.reason}` : ''}`;
}

function fixedLine(f: FixedFinding): string {
  return `${kleur.green('FIXD')} - ${f.file} - ${f.message} (${f.check}): baselined, no longer found (--prune-baseline drops it)`;
}

export function summaryLine(report: Report): string {
  const s = summarize(report);
  const parts = [
    `${plural(report.files, 'file')}, ${plural(documentCount(report), 'document')}`,
    `${s.passed} passed`,
    `${s.failed} failed`,
    plural(s.warnings, 'warning'),
    `${s.skipped} skipped`,
    // Shown only when there are some: most runs have none, and their summary stays as it was.
    ...(['excepted', 'baselined', 'suppressed', 'fixed'] as const).filter((k) => s[k] > 0).map((k) => `${s[k]} ${k}`),
    `${(report.elapsedMs / 1000).toFixed(2)} s`,
  ];
  return parts.join(' · ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
