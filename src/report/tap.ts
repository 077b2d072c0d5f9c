import { itemsOfResults, type Report } from './model.js';
import { resultLabel } from './label.js';

export interface TapOptions {
  /** Warnings make their test point `not ok`, as they fail the run. */
  failOnWarn: boolean;
}

/**
 * TAP version 13, one test point per document (per file when it has none), as kubeconform prints it:
 * `ok N - path (Kind namespace/name)`; the findings follow a `not ok` (or a warned `ok`) as a YAML block,
 * a skip carries its reason in a `# SKIP` directive. Muted findings are in the block too, with `muted:`
 * saying why (exception, baseline, suppression); they never make a test point `not ok`.
 */
export function formatTap(report: Report, options: TapOptions): string {
  return [...tapLines(report, options)].join('');
}

/** The TAP report line by line, each with its line break (written in chunks: src/report/chunks.ts). */
export function* tapLines(report: Report, options: TapOptions): Generator<string> {
  const findings = itemsOfResults(report.results, report.findings, (f) => f);
  const skips = itemsOfResults(report.results, report.skips, (s) => s);
  const muted = itemsOfResults(report.results, report.muted ?? [], (m) => m.finding);
  yield 'TAP version 13\n';
  for (const [i, result] of report.results.entries()) {
    const found = findings(i);
    const failed = found.some((f) => f.severity === 'error' || options.failOnWarn);
    const name = result.document === null ? result.file : `${result.file} (${resultLabel(result.file, result.document)})`;
    let line = `${failed ? 'not ok' : 'ok'} ${i + 1} - ${description(name)}`;
    if (result.status === 'skip') line += ` # SKIP ${description(skips(i).map((s) => `${s.reason} (${s.check})`).join('; '))}`;
    yield `${line}\n`;
    const quiet = muted(i);
    if (found.length === 0 && quiet.length === 0) continue;
    // JSON strings are YAML double-quoted scalars: the block is valid YAML whatever the message holds.
    yield '  ---\n  findings:\n';
    for (const { finding: f, by, reason } of [...found.map((finding) => ({ finding, by: undefined, reason: undefined })), ...quiet]) {
      yield `    - severity: ${f.severity}\n      check: ${JSON.stringify(f.check)}\n      at: ${JSON.stringify(`${f.file}:${f.line}:${f.column}`)}\n      message: ${JSON.stringify(f.message)}\n`;
      if (by) yield `      muted: ${by}\n`;
      if (reason) yield `      reason: ${JSON.stringify(reason)}\n`;
    }
    yield '  ...\n';
  }
  yield `1..${report.results.length}\n`;
}

/** `#` starts a directive and a line break ends the test point: neither may appear raw in a description. */
function description(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/#/g, '\\#').replace(/\r?\n|\r/g, ' ');
}
