import kleur from 'kleur';
import type { DocumentRef, Finding } from '../model/finding.js';
import { documentCount, resultKey, summarize, type Report } from './model.js';
import { capPerFile, moreFindingsMessage } from './cap.js';

export interface TextOptions {
  color: boolean;
  /** Failures and warnings only. */
  quiet: boolean;
  /** Finding lines per file before one line counts the rest (src/report/cap.ts); 0 or absent, all. */
  maxFindingsPerFile?: number;
}

/** `PASS|FAIL|WARN|EXCP|SKIP - path[:line:col] - message (check)` lines, grouped by file and document, then a summary. */
export function formatText(report: Report, options: TextOptions): string {
  kleur.enabled = options.color;
  const lines: string[] = [];
  const capped = capPerFile(report.findings, options.maxFindingsPerFile ?? 0);
  const findings = groupBy(capped.shown);
  const skips = groupBy(report.skips);
  const exceptions = groupBy(report.exceptions ?? []);
  for (const result of report.results) {
    const key = resultKey(result.file, result.document);
    if (result.status === 'pass' && !options.quiet) lines.push(`${kleur.green('PASS')} - ${result.file} - ${result.label}`);
    for (const f of findings.get(key) ?? []) {
      lines.push(findingLine(f));
      const more = capped.moreAfter.get(f);
      if (more) lines.push(kleur.dim(`  ${moreFindingsMessage(more)}`));
    }
    for (const f of exceptions.get(key) ?? []) lines.push(`${kleur.cyan('EXCP')} - ${f.file}:${f.line}:${f.column} - ${f.message} (${f.check})`);
    if (result.status === 'skip' && !options.quiet) {
      for (const s of skips.get(key) ?? []) lines.push(`${kleur.dim('SKIP')} - ${s.file} - ${s.reason} (${s.check})`);
    }
  }
  if (!options.quiet) lines.push(summaryLine(report));
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

function findingLine(f: Finding): string {
  const tag = f.severity === 'error' ? kleur.red('FAIL') : kleur.yellow('WARN');
  return `${tag} - ${f.file}:${f.line}:${f.column} - ${f.message} (${f.check})`;
}

export function summaryLine(report: Report): string {
  const s = summarize(report);
  const parts = [
    `${plural(report.files, 'file')}, ${plural(documentCount(report), 'document')}`,
    `${s.passed} passed`,
    `${s.failed} failed`,
    plural(s.warnings, 'warning'),
    `${s.skipped} skipped`,
    `${(report.elapsedMs / 1000).toFixed(2)} s`,
  ];
  return parts.join(' · ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function groupBy<T extends { file: string; document?: DocumentRef | undefined }>(items: T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const item of items) {
    const key = resultKey(item.file, item.document);
    const list = grouped.get(key);
    if (list) list.push(item);
    else grouped.set(key, [item]);
  }
  return grouped;
}
