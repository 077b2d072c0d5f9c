import { createHash } from 'node:crypto';
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import type { Location, Result } from 'sarif';
import type { Finding } from '../model/finding.js';
import { describeRule } from '../rules/registry.js';
import type { MutedFinding, Report } from './model.js';
import { uriPath } from './repo-paths.js';

export interface SarifOptions {
  toolVersion: string;
  /** A finding's file relative to the repository root, as code scanning resolves it; undefined for stdin. */
  repoPath(file: string): string | undefined;
}

/** The key under `partialFingerprints`; bump its version if what goes into the hash changes. */
export const FINGERPRINT_KEY = 'gitopsCheckFindingHash/v1';

/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per check id seen, one result per finding. Muted findings
 * are results too: excepted and suppressed ones carry `suppressions`; with a baseline, every result states
 * its `baselineState` (`new`, `unchanged`, or `absent` for a baselined finding no longer found).
 */
export function formatSarif(report: Report, options: SarifOptions): string {
  const run = new SarifRunBuilder({ tool: { driver: { name: 'gitops-check', version: options.toolVersion, rules: [] } }, results: [] });
  const checks = [...report.findings.map((f) => f.check), ...(report.muted ?? []).map((m) => m.finding.check), ...(report.fixed ?? []).map((f) => f.check)];
  for (const check of [...new Set(checks)].sort()) {
    const rule = describeRule(check);
    const examples = rule.bad ? `\n\nBad:\n${rule.bad}\nGood:\n${rule.good}` : '';
    const markdownExamples = rule.bad ? `\n\nBad:\n\n\`\`\`yaml\n${rule.bad}\`\`\`\n\nGood:\n\n\`\`\`yaml\n${rule.good}\`\`\`` : '';
    run.addRule(
      new SarifRuleBuilder({
        id: check,
        shortDescription: { text: rule.summary },
        fullDescription: { text: rule.explanation },
        help: { text: `${rule.explanation}${examples}`, markdown: `${rule.explanation}${markdownExamples}` },
        properties: { tags: [rule.origin], ...(rule.severity === 'varies' ? {} : { 'problem.severity': rule.severity }) },
      }),
    );
  }
  const occurrences = new Map<string, number>();
  const add = (f: Finding, extra: Partial<Result>) => {
    const path = options.repoPath(f.file);
    const hash = identityHash(f, path);
    const occurrence = (occurrences.get(hash) ?? 0) + 1;
    occurrences.set(hash, occurrence);
    run.addResult(
      new SarifResultBuilder({
        ruleId: f.check,
        level: f.severity,
        message: { text: f.message },
        locations: path === undefined ? [] : [physicalLocation(path, f)],
        partialFingerprints: { [FINGERPRINT_KEY]: `${hash}:${occurrence}` },
        ...extra,
      }),
    );
  };
  const baselineState = (state: Result.baselineState): Partial<Result> => (report.baseline ? { baselineState: state } : {});
  for (const f of report.findings) add(f, baselineState('new'));
  for (const m of report.muted ?? []) {
    if (m.by === 'baseline') add(m.finding, baselineState('unchanged'));
    else add(m.finding, { ...baselineState('new'), suppressions: [{ kind: 'inSource', justification: justification(m) }] });
  }
  for (const f of report.fixed ?? []) {
    const path = options.repoPath(f.file);
    run.addResult(
      new SarifResultBuilder({
        ruleId: f.check,
        level: 'none',
        message: { text: f.message },
        locations: path === undefined ? [] : [{ physicalLocation: { artifactLocation: { uri: uriPath(path) } } }],
        baselineState: 'absent',
      }),
    );
  }
  const log = new SarifBuilder();
  log.addRun(run);
  return log.buildSarifJsonString({ indent: true }) + '\n';
}

function justification(m: MutedFinding): string {
  return m.by === 'exception' ? 'excepted by an exception rule of the policy' : (m.reason ?? 'suppressed without a reason');
}

function physicalLocation(path: string, f: Finding): Location {
  return { physicalLocation: { artifactLocation: { uri: uriPath(path) }, region: { startLine: f.line, startColumn: f.column } } };
}

/**
 * What a finding is about, without its position: check, file, the document's identity (its index only
 * when it has no kind or name) and the message. Lines moving above it leave the hash unchanged; equal
 * findings in one document are told apart by their occurrence number.
 */
function identityHash(f: Finding, path: string | undefined): string {
  const d = f.document;
  const document = d === undefined ? null : d.kind || d.name ? [d.apiVersion ?? '', d.kind ?? '', d.namespace ?? '', d.name ?? ''] : d.index;
  return createHash('sha256')
    .update(JSON.stringify([f.check, path ?? f.file, document, f.message]))
    .digest('hex')
    .slice(0, 32);
}
