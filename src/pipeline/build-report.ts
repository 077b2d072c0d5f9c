import type { Finding, Skip } from '../model/finding.js';
import type { ParsedDocument } from '../documents/types.js';
import type { MutedFinding, Report, Result, Status } from '../report/model.js';
import { settleFindings, type AdoptionOptions } from '../adoption/settle.js';
import { documentAtLine, type LoadedFile } from './files.js';

/**
 * The report model of the checked files: their findings settled (suppressions, baseline, severity) and sorted by
 * document and position, and a result per document (the worst of its findings; pass when none).
 */
export function buildReport(files: LoadedFile[], options: AdoptionOptions, elapsedMs: number): Report {
  const results: Result[] = [];
  const findings: Finding[] = [];
  const skips: Skip[] = [];
  const muted: MutedFinding[] = [];
  for (const file of files) {
    const documents: ParsedDocument[] = [];
    for (const entry of file.entries) if (entry.doc) documents.push(entry.doc);
    const documentAt = (line: number) => documentAtLine(file.entries, line);
    const settled = settleFindings(file.findings, file.exceptions, { path: file.path, text: file.text, comments: file.suppressions, documents, documentAt }, options);
    const own = settled.findings.sort(byPosition);
    // By document index (none: the file as a whole); what names another file has no result here.
    const worst = new Map<number | undefined, Status>();
    for (const f of own) {
      if (f.file !== file.path) continue;
      const index = f.document?.index;
      if (f.severity === 'error') worst.set(index, 'fail');
      else if (worst.get(index) !== 'fail') worst.set(index, 'warn');
    }
    for (const s of file.skips) {
      if (s.file === file.path && !worst.has(s.document.index)) worst.set(s.document.index, 'skip');
    }
    if (file.entries.length === 0 && own.length > 0) {
      results.push({ file: file.path, document: null, status: worst.get(undefined) ?? 'fail' });
    }
    for (const entry of file.entries) {
      results.push({ file: file.path, document: entry.ref, status: worst.get(entry.ref.index) ?? 'pass' });
    }
    // Not push(...list): a list of ~120k (one generated file's findings) overflows the stack as arguments.
    for (const f of own) findings.push(f);
    for (const s of file.skips) skips.push(s);
    for (const m of settled.muted.sort((a, b) => byPosition(a.finding, b.finding))) muted.push(m);
  }
  const fixed = options.baseline?.fixed(new Set(files.map((f) => f.path))) ?? [];
  return { files: files.length, results, findings, skips, muted, fixed, baseline: options.baseline !== undefined, elapsedMs };
}

function byPosition(a: Finding, b: Finding): number {
  return (a.document?.index ?? -1) - (b.document?.index ?? -1) || a.line - b.line || a.column - b.column || (a.check < b.check ? -1 : a.check > b.check ? 1 : 0);
}
