import { createHash } from 'node:crypto';
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import type { Location } from 'sarif';
import type { Finding } from '../model/finding.js';
import { describeCheck } from './checks.js';
import type { Report } from './model.js';
import { uriPath } from './repo-paths.js';

export interface SarifOptions {
  toolVersion: string;
  /** A finding's file relative to the repository root, as code scanning resolves it; undefined for stdin. */
  repoPath(file: string): string | undefined;
}

/** The key under `partialFingerprints`; bump its version if what goes into the hash changes. */
export const FINGERPRINT_KEY = 'gitopsCheckFindingHash/v1';

/** SARIF 2.1.0 for GitHub code scanning: one rule per check id seen, one result per finding. */
export function formatSarif(report: Report, options: SarifOptions): string {
  const run = new SarifRunBuilder({ tool: { driver: { name: 'gitops-check', version: options.toolVersion, rules: [] } }, results: [] });
  for (const check of [...new Set(report.findings.map((f) => f.check))].sort()) {
    const { description, help } = describeCheck(check);
    run.addRule(
      new SarifRuleBuilder({
        id: check,
        shortDescription: { text: description },
        fullDescription: { text: description },
        help: { text: help },
      }),
    );
  }
  const occurrences = new Map<string, number>();
  for (const f of report.findings) {
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
      }),
    );
  }
  const log = new SarifBuilder();
  log.addRun(run);
  return log.buildSarifJsonString({ indent: true }) + '\n';
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
