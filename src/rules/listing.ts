import type { RuleDoc } from './model.js';
import { RULES } from './registry.js';

const HEADER = ['check id', 'severity', 'default', 'origin', 'description'];

function row(r: RuleDoc): string[] {
  return [r.id, r.severity, r.onByDefault ? 'on' : 'off', r.origin, r.summary];
}

/** `gitops-check rules`: one aligned line per check id. */
export function rulesListing(rules: readonly RuleDoc[] = RULES): string {
  const rows = [HEADER, ...rules.map(row)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

/** `gitops-check rules <id>`: the whole entry, with the bad and the good example. */
export function ruleExplanation(r: RuleDoc): string {
  const indent = (yaml: string) => yaml.replace(/\n$/, '').split('\n').map((l) => `    ${l}`).join('\n');
  return [
    `${r.id}: ${r.summary}`,
    `severity: ${r.severity} · ${r.onByDefault ? 'on' : 'off'} by default · origin: ${r.origin}`,
    '',
    r.explanation,
    '',
    'Bad:',
    indent(r.bad),
    '',
    'Good:',
    indent(r.good),
  ].join('\n') + '\n';
}

/** The README's table of checks (between its `rules-table` markers), written from the same entries. */
export function rulesMarkdownTable(rules: readonly RuleDoc[] = RULES): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = ['| check id | severity | default | origin | what it finds |', '|---|---|---|---|---|'];
  for (const r of rules) lines.push(`| \`${r.id}\` | ${r.severity} | ${r.onByDefault ? 'on' : 'off'} | ${r.origin} | ${cell(r.summary)} |`);
  return lines.join('\n') + '\n';
}

const TABLE_START = '<!-- rules-table:start -->\n';
const TABLE_END = '<!-- rules-table:end -->';

/** A README with the table between its markers replaced by the generated one. */
export function withRulesTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error('README.md has no rules-table markers');
  return readme.slice(0, start + TABLE_START.length) + rulesMarkdownTable() + readme.slice(end);
}
