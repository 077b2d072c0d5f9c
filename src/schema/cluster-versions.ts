import type { Finding, Skip } from '../model/finding.js';
import type { ParsedDocument } from '../documents/types.js';
import type { SchemaPass } from './pass.js';

export interface VersionSettings {
  /** `--kubernetes-version`: one version for every document. */
  flag?: string;
  /** The config's `kubernetesVersion`, else the store's newest: the default for clusters without their own. */
  configured: string;
  /** The config's `clusters.<name>.kubernetesVersion`. */
  clusters: Record<string, { kubernetesVersion?: string }>;
}

/**
 * Which Kubernetes versions a document is validated against: the version of each cluster that receives
 * its file (one for a cluster's own tree, every cluster's for base/), else the configured default.
 */
export function versionsFor(settings: VersionSettings, clustersReceiving: (path: string) => string[]): (doc: ParsedDocument) => string[] {
  const { flag, configured } = settings;
  if (flag) return () => [flag];
  // Without a cluster of its own version, every document gets the default: no need to know who receives what.
  if (Object.values(settings.clusters).every((cluster) => cluster.kubernetesVersion === undefined)) return () => [configured];
  const versionOf = (cluster: string) => settings.clusters[cluster]?.kubernetesVersion ?? configured;
  const byFile = new Map<string, string[]>();
  return (doc) => {
    let versions = byFile.get(doc.file.path);
    if (!versions) {
      const clusters = clustersReceiving(doc.file.path);
      versions = clusters.length === 0 ? [configured] : [...new Set(clusters.map(versionOf))].sort();
      byFile.set(doc.file.path, versions);
    }
    return versions;
  };
}

/**
 * The schema pass over a document for each of its versions. A finding every version gives is reported
 * once; one that only some versions give names them, so a base/ manifest says which cluster it breaks.
 */
export function checkAcrossVersions(pass: SchemaPass, doc: ParsedDocument, versions: string[]): { findings: Finding[]; skips: Skip[] } {
  if (versions.length === 1) return pass.check(doc, versions[0]);
  const runs = versions.map((version) => ({ version, out: pass.check(doc, version) }));
  const key = (f: Finding) => `${f.line}:${f.column}:${f.check}:${f.message}`;
  const seenIn = new Map<string, { finding: Finding; versions: string[] }>();
  for (const { version, out } of runs) {
    for (const finding of out.findings) {
      const entry = seenIn.get(key(finding)) ?? { finding, versions: [] };
      entry.versions.push(version);
      seenIn.set(key(finding), entry);
    }
  }
  const findings = [...seenIn.values()].map(({ finding, versions: found }) =>
    found.length === runs.length || /Kubernetes \d/.test(finding.message)
      ? finding
      : { ...finding, message: `${finding.message} (Kubernetes ${found.join(', ')})` },
  );
  const skips = new Map<string, Skip>();
  for (const { out } of runs) for (const skip of out.skips) skips.set(skip.reason, skip);
  return { findings, skips: [...skips.values()] };
}
