import type { Report } from './model.js';

/**
 * yamllint's `parsable` format for the YAML pass's findings, one line each, so that editors and
 * scripts wired to yamllint keep working: `file:line:col: [level] message (rule)`.
 * Findings of the other passes are left out.
 */
export function formatYamllint(report: Report): string {
  let out = '';
  for (const f of report.findings) {
    if (!f.check.startsWith('yaml/')) continue;
    out += `${f.file}:${f.line}:${f.column}: [${f.severity}] ${f.message} (${f.check.slice('yaml/'.length)})\n`;
  }
  return out;
}
