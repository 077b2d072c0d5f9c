import picomatch from 'picomatch';
import type { Finding } from '../model/finding.js';
import type { CheckSeverity } from '../config/schema.js';

/** The config's `severity` map and its per-path `overrides`. */
export interface SeverityRules {
  global: Record<string, CheckSeverity>;
  /** In config order: a later override that matches a file wins over an earlier one. */
  overrides: Array<{ files: string[]; severity: Record<string, CheckSeverity> }>;
}

/**
 * Applies the config's severities: a check id, or a glob over check ids (`builtin/*`), to error |
 * warning | off. The last override whose `files` globs match the finding's file and that names the
 * check decides, else the global map. Within one map an exact id wins over a glob, a longer glob over
 * a shorter one. The findings turned off go to `turnedOff`, when given.
 */
export function applySeverity(findings: Finding[], rules: SeverityRules, turnedOff?: Finding[]): Finding[] {
  if (Object.keys(rules.global).length === 0 && rules.overrides.length === 0) return findings;
  const global = severityMap(rules.global);
  const overrides = rules.overrides.map((o) => ({ matchesFile: picomatch(o.files, { dot: true }), lookup: severityMap(o.severity) })).reverse();
  const out: Finding[] = [];
  for (const finding of findings) {
    let severity: CheckSeverity | undefined;
    for (const o of overrides) if (severity === undefined && o.matchesFile(finding.file)) severity = o.lookup(finding.check);
    severity ??= global(finding.check);
    if (severity === 'off') {
      turnedOff?.push(finding);
      continue;
    }
    out.push(severity === undefined || severity === finding.severity ? finding : { ...finding, severity });
  }
  return out;
}

/** A check id's severity in one map: exact id first, then the longest matching glob. */
function severityMap(map: Record<string, CheckSeverity>): (check: string) => CheckSeverity | undefined {
  const globs = Object.entries(map)
    .map(([pattern, severity]) => ({ pattern, severity, match: picomatch(pattern) }))
    .sort((a, b) => b.pattern.length - a.pattern.length);
  const cache = new Map<string, CheckSeverity | undefined>();
  return (check) => {
    if (!cache.has(check)) cache.set(check, map[check] ?? globs.find((r) => r.match(check))?.severity);
    return cache.get(check);
  };
}
