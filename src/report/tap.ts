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
  const findings = itemsOfResults(report.results, report.findings, (f) => f);
  const skips = itemsOfResults(report.results, report.skips, (s) => s);
  const muted = itemsOfResults(report.results, report.muted ?? [], (m) => m.finding);
  const lines = ['TAP version 13'];
  for (const [i, result] of report.results.entries()) {
    const found = findings(i);
    const failed = found.some((f) => f.severity === 'error' || options.failOnWarn);
    const name = result.document === null ? result.file : `${result.file} (${resultLabel(result.file, result.document)})`;
    let line = `${failed ? 'not ok' : 'ok'} ${i + 1} - ${description(name)}`;
    if (result.status === 'skip') line += ` # SKIP ${description(skips(i).map((s) => `${s.reason} (${s.check})`).join('; '))}`;
    lines.push(line);
    const quiet = muted(i);
    if (found.length === 0 && quiet.length === 0) continue;
    // JSON strings are YAML double-quoted scalars: the block is valid YAML whatever the message holds.
    lines.push('  ---', '  findings:');
    for (const { finding: f, by, reason } of [...found.map((finding) => ({ finding, by: undefined, reason: undefined })), ...quiet]) {
      lines.push(
        `    - severity: ${f.severity}`,
        `      check: ${JSON.stringify(f.check)}`,
        `      at: ${JSON.stringify(`${f.file}:${f.line}:${f.column}`)}`,
        `      message: ${JSON.stringify(f.message)}`,
      );
      if (by) lines.push(`      muted: ${by}`);
      if (reason) lines.push(`      reason: ${JSON.stringify(reason)}`);
    }
    lines.push('  ...');
  }
  lines.push(`1..${report.results.length}`);
  return lines.join('\n') + '\n';
}

/** `#` starts a directive and a line break ends the test point: neither may appear raw in a description. */
function description(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/#/g, '\\#').replace(/\r?\n|\r/g, ' ');
}
