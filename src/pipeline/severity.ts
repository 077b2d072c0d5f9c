import picomatch from 'picomatch';
import type { Finding } from '../model/finding.js';
import type { CheckSeverity } from '../config/schema.js';

/**
 * Applies the config's `severity` map: a check id, or a glob over check ids (`builtin/*`), to
 * error | warning | off. An exact id wins over a glob; among globs, the longest pattern wins.
 */
export function applySeverity(findings: Finding[], overrides: Record<string, CheckSeverity>): Finding[] {
  const entries = Object.entries(overrides);
  if (entries.length === 0) return findings;
  const rules = entries
    .map(([pattern, severity]) => ({ pattern, severity, match: picomatch(pattern) }))
    .sort((a, b) => b.pattern.length - a.pattern.length);
  const cache = new Map<string, CheckSeverity | undefined>();
  const lookup = (check: string) => {
    if (!cache.has(check)) cache.set(check, overrides[check] ?? rules.find((r) => r.match(check))?.severity);
    return cache.get(check);
  };
  const out: Finding[] = [];
  for (const finding of findings) {
    const severity = lookup(finding.check);
    if (severity === 'off') continue;
    out.push(severity === undefined || severity === finding.severity ? finding : { ...finding, severity });
  }
  return out;
}
