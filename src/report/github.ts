import type { Finding, Severity } from '../model/finding.js';
import { describeRule } from '../rules/registry.js';
import { MUTED_COUNT, type Report } from './model.js';
import { summaryLine } from './text.js';
import { capPerFile, moreFindingsMessage, type Capped } from './cap.js';

/** GitHub shows at most this many annotations of each type per step (and 50 per job); later ones are dropped. */
export const ANNOTATIONS_PER_TYPE = 10;

/** A step summary larger than 1 MiB is rejected whole; stop listing findings well before that. */
const SUMMARY_BUDGET_BYTES = 1000 * 1000;

export interface GithubOptions {
  /** A finding's file as GitHub names it (relative to the repository root); undefined when it has none (stdin). */
  repoPath(file: string): string | undefined;
  /** A link to the file at the line in the repository's web view, when the run knows the repository. */
  link(repoPath: string, line: number): string | undefined;
  /** Step-summary rows per file before one row counts the rest (src/report/cap.ts); 0 or absent, all. */
  maxFindingsPerFile?: number;
}

/**
 * Workflow commands (`::error file=…,line=…,col=…,title=…::message`): errors before warnings, the first
 * finding of every file before a second in the same file, capped as GitHub caps them, then one notice
 * counting what did not fit.
 */
export function formatGithubAnnotations(report: Report, options: Pick<GithubOptions, 'repoPath'>): string {
  const lines: string[] = [];
  const hidden: Record<Severity, number> = { error: 0, warning: 0 };
  for (const severity of ['error', 'warning'] as const) {
    const ordered = spreadAcrossFiles(report.findings.filter((f) => f.severity === severity));
    for (const finding of ordered.slice(0, ANNOTATIONS_PER_TYPE)) lines.push(annotation(finding, options.repoPath(finding.file)));
    hidden[severity] = Math.max(0, ordered.length - ANNOTATIONS_PER_TYPE);
  }
  const more = hidden.error + hidden.warning;
  if (more > 0) {
    const parts = [hidden.error > 0 ? plural(hidden.error, 'error') : '', hidden.warning > 0 ? plural(hidden.warning, 'warning') : ''].filter(Boolean);
    const message = `${more} more ${more === 1 ? 'finding' : 'findings'} (${parts.join(', ')}) not shown as annotations: GitHub shows ${ANNOTATIONS_PER_TYPE} of each type per step. See the step summary for all of them.`;
    lines.push(command('notice', { title: 'gitops-check' }, message));
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

/**
 * The Markdown appended to `$GITHUB_STEP_SUMMARY`: the totals, counts per check, every finding with a link,
 * then the muted ones (excepted, baselined, suppressed) and the baselined ones fixed. Annotations are for
 * what fails or warns only.
 */
export function formatStepSummary(report: Report, options: GithubOptions): string {
  const out = ['## gitops-check', '', summaryLine(report)];
  if (report.findings.length + (report.muted?.length ?? 0) + (report.fixed?.length ?? 0) === 0) return out.join('\n') + '\n';

  const counts = new Map<string, Record<Severity, number>>();
  for (const f of report.findings) {
    const count = counts.get(f.check) ?? { error: 0, warning: 0 };
    count[f.severity]++;
    counts.set(f.check, count);
  }
  if (counts.size > 0) out.push('', '| check | errors | warnings | what it checks |', '|---|--:|--:|---|');
  for (const [check, count] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(`| \`${check}\` | ${count.error} | ${count.warning} | ${cell(describeRule(check).summary)} |`);
  }

  out.push('', '| | location | check | message |', '|---|---|---|---|');
  const ordered = [...report.findings.filter((f) => f.severity === 'error'), ...report.findings.filter((f) => f.severity === 'warning')];
  const capped = capPerFile(ordered, options.maxFindingsPerFile ?? 0);
  // Rows made only as they are listed: at 50k documents most findings do not fit.
  const entries = summaryEntries(report, capped, options);
  let total = (report.muted?.length ?? 0) + (report.fixed?.length ?? 0);
  for (const f of capped.shown) total += 1 + (capped.moreAfter.get(f) ?? 0);
  let bytes = Buffer.byteLength(out.join('\n'));
  let listed = 0;
  for (const { rows, count } of entries) {
    bytes += Buffer.byteLength(rows.join('\n')) + 1;
    if (bytes > SUMMARY_BUDGET_BYTES) {
      out.push('', `${total - listed} more findings are not listed: a step summary holds at most 1 MiB. The job log lists them all.`);
      break;
    }
    out.push(...rows);
    listed += count;
  }
  return out.join('\n') + '\n';
}

/** Each entry: its table rows, and how many findings they stand for. */
function* summaryEntries(report: Report, capped: Capped<Finding>, options: GithubOptions): Generator<{ rows: string[]; count: number }> {
  for (const f of capped.shown) {
    const rows = [`| ${f.severity === 'error' ? '❌ error' : '⚠️ warning'} | ${location(f, options)} | \`${f.check}\` | ${cell(f.message)} |`];
    const more = capped.moreAfter.get(f) ?? 0;
    if (more > 0) rows.push(`| | ${cell(options.repoPath(f.file) ?? f.file)} | | ${cell(moreFindingsMessage(more))} |`);
    yield { rows, count: 1 + more };
  }
  for (const { finding: f, by, reason } of report.muted ?? []) {
    yield { rows: [`| 🔕 ${MUTED_COUNT[by]} | ${location(f, options)} | \`${f.check}\` | ${cell(reason ? `${f.message} -- ${reason}` : f.message)} |`], count: 1 };
  }
  for (const f of report.fixed ?? []) yield { rows: [`| ✅ fixed | ${cell(options.repoPath(f.file) ?? f.file)} | \`${f.check}\` | ${cell(f.message)} |`], count: 1 };
}

/** Round-robin over files, keeping report order within each round. */
function spreadAcrossFiles(findings: Finding[]): Finding[] {
  const perFile = new Map<string, number>();
  return findings
    .map((finding, order) => {
      const rank = perFile.get(finding.file) ?? 0;
      perFile.set(finding.file, rank + 1);
      return { finding, rank, order };
    })
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map((r) => r.finding);
}

function annotation(f: Finding, path: string | undefined): string {
  const where: Record<string, string> = path === undefined ? {} : { file: path, line: String(f.line), col: String(f.column) };
  return command(f.severity, { ...where, title: f.check }, f.message);
}

function command(name: string, properties: Record<string, string>, message: string): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  return `::${name} ${props}::${escapeData(message)}`;
}

/** The runner's decoding of a command's message: `%`, CR and LF are percent-encoded. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value also ends at `,` and `:`, so those are encoded too. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function location(f: Finding, options: GithubOptions): string {
  const path = options.repoPath(f.file);
  if (path === undefined) return cell(f.file);
  const text = cell(`${path}:${f.line}:${f.column}`);
  const url = options.link(path, f.line);
  return url ? `[${text}](${url})` : text;
}

/** Text in a table cell: one line, and nothing GitHub's Markdown would take for markup or HTML. */
function cell(text: string): string {
  return text.replace(/[\\`*_[\]<>|~&]/g, '\\$&').replace(/\r?\n|\r/g, ' ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
