import type { Finding } from '../model/finding.js';
import { itemsOfResults, type MutedFinding, type Report, type Result } from './model.js';
import { MUTED_LINES } from './text.js';
import { resultLabel } from './label.js';

export interface JunitOptions {
  /** Warnings fail their test case too, as they fail the run. */
  failOnWarn: boolean;
}

interface TestCase {
  name: string;
  file: string;
  failure?: { message: string; type: string; body: string };
  skipped?: string;
  output?: string;
}

/**
 * JUnit XML: one testsuite per file; per document, one testcase per check that found something (a
 * failure when it found an error), or one passing testcase when nothing was found. Muted findings
 * (EXCP, BASE, SUPP) are listed in their check's testcase output and never fail it.
 */
export function formatJunit(report: Report, options: JunitOptions): string {
  return [...junitLines(report, options)].join('');
}

/** The JUnit XML line by line, each with its line break (written in chunks: src/report/chunks.ts). */
export function* junitLines(report: Report, options: JunitOptions): Generator<string> {
  const findings = itemsOfResults(report.results, report.findings, (f) => f);
  const skips = itemsOfResults(report.results, report.skips, (s) => s);
  const muted = itemsOfResults(report.results, report.muted ?? [], (m) => m.finding);
  const suites = new Map<string, TestCase[]>();
  for (const [i, result] of report.results.entries()) {
    const cases = testCases(result, findings(i), muted(i), skips(i).map((s) => `${s.reason} (${s.check})`), options);
    const suite = suites.get(result.file);
    if (suite) suite.push(...cases);
    else suites.set(result.file, cases);
  }

  const all = [...suites.values()].flat();
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="gitops-check" ${counts(all)} time="${(report.elapsedMs / 1000).toFixed(3)}">\n`;
  for (const [file, cases] of suites) {
    yield `  <testsuite name="${attr(file)}" ${counts(cases)}>\n`;
    for (const c of cases) for (const line of testCaseXml(c)) yield `${line}\n`;
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}

function testCases(result: Result, findings: readonly Finding[], muted: readonly MutedFinding[], skipReasons: string[], options: JunitOptions): TestCase[] {
  if (findings.length === 0 && muted.length === 0) {
    const passed: TestCase = { name: resultLabel(result.file, result.document), file: result.file };
    return result.status === 'skip' ? [{ ...passed, skipped: skipReasons.join('; ') }] : [passed];
  }
  const byCheck = new Map<string, Array<{ finding: Finding; tag: string; reason?: string }>>();
  const entries = [
    ...findings.map((finding) => ({ finding, tag: finding.severity === 'error' ? 'FAIL' : 'WARN' })),
    ...muted.map((m) => ({ finding: m.finding, tag: MUTED_LINES[m.by].tag, ...(m.reason ? { reason: m.reason } : {}) })),
  ];
  for (const entry of entries) {
    const list = byCheck.get(entry.finding.check);
    if (list) list.push(entry);
    else byCheck.set(entry.finding.check, [entry]);
  }
  return [...byCheck].map(([check, listed]) => {
    const name = `${resultLabel(result.file, result.document)} (${check})`;
    const body = listed.map(({ finding: f, tag, reason }) => `${tag} - ${f.file}:${f.line}:${f.column} - ${f.message}${reason ? ` -- ${reason}` : ''}`).join('\n');
    const failing = findings.filter((f) => f.check === check && (f.severity === 'error' || options.failOnWarn));
    if (failing.length === 0) return { name, file: result.file, output: body };
    const more = failing.length > 1 ? ` (and ${failing.length - 1} more)` : '';
    return { name, file: result.file, failure: { message: `${failing[0]!.message}${more}`, type: check, body } };
  });
}

function counts(cases: TestCase[]): string {
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  return `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
}

function testCaseXml(c: TestCase): string[] {
  const open = `    <testcase name="${attr(c.name)}" classname="${attr(c.file)}" file="${attr(c.file)}"`;
  if (c.failure) {
    return [`${open}>`, `      <failure message="${attr(c.failure.message)}" type="${attr(c.failure.type)}">${text(c.failure.body)}</failure>`, '    </testcase>'];
  }
  if (c.skipped !== undefined) return [`${open}>`, `      <skipped message="${attr(c.skipped)}"/>`, '    </testcase>'];
  if (c.output !== undefined) return [`${open}>`, `      <system-out>${text(c.output)}</system-out>`, '    </testcase>'];
  return [`${open}/>`];
}

/** XML 1.0 cannot carry most control characters at all, even escaped: they become U+FFFD. */
function text(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Attribute values also keep their quotes and line breaks (a parser would normalize raw ones to spaces). */
function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
