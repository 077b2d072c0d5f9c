import { REMOVED_APIS } from './removed-apis.js';
import { minorOf, type SchemaStore } from './store.js';

/** What a Kubernetes version says about an apiVersion/kind it does not serve, or will stop serving. */
export type Lifecycle =
  | { state: 'served'; deprecation?: string }
  | { state: 'unserved'; message: string }
  | { state: 'unknown' };

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

const isStable = (version: string) => /^v\d+$/.test(version);
const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

/** The apiVersion that serves the same kind in `version`: same group first, then stable, then the newest-looking. */
function replacementIn(store: SchemaStore, version: string, apiVersion: string, kind: string): string | undefined {
  const candidates = store.kinds(version).flatMap((key) => {
    const slash = key.lastIndexOf('/');
    return key.slice(slash + 1) === kind && key.slice(0, slash) !== apiVersion ? [key.slice(0, slash)] : [];
  });
  const score = (candidate: string) => (groupOf(candidate) === groupOf(apiVersion) ? 2 : 0) + (isStable(candidate.split('/').pop()!) ? 1 : 0);
  return candidates.sort((a, b) => score(b) - score(a) || b.localeCompare(a))[0];
}

const use = (replacement: string | undefined) => (replacement ? `; use ${replacement}` : '');

/**
 * Whether `version` serves `apiVersion kind`, judged from the store (served by an older stored version and
 * gone from this one = removed; gone from a newer one = deprecated) and from the table of removals that
 * predate the store.
 */
export function apiLifecycle(store: SchemaStore, version: string, apiVersion: string, kind: string): Lifecycle {
  const key = `${apiVersion}/${kind}`;
  const served = store.servedIn(key);
  const name = `${apiVersion} ${kind}`;
  if (served.includes(version)) {
    const removal = store.versions.find((v) => compareVersions(v, version) > 0 && !served.includes(v));
    if (!removal) return { state: 'served' };
    const replacement = replacementIn(store, removal, apiVersion, kind);
    return { state: 'served', deprecation: `${name} is deprecated and removed in Kubernetes ${minorOf(removal)}${use(replacement)}` };
  }
  const lastBefore = served.filter((v) => compareVersions(v, version) < 0).pop();
  if (lastBefore) {
    const removal = store.versions.find((v) => compareVersions(v, lastBefore) > 0 && !served.includes(v))!;
    return { state: 'unserved', message: `${name} was removed in Kubernetes ${minorOf(removal)}${use(replacementIn(store, version, apiVersion, kind))}` };
  }
  const removed = REMOVED_APIS.get(key);
  if (removed && compareVersions(removed.removedIn, minorOf(version)) <= 0) {
    return { state: 'unserved', message: `${name} was removed in Kubernetes ${removed.removedIn}${use(removed.replacement)}` };
  }
  if (served.length > 0) {
    return { state: 'unserved', message: `${name} is not served by Kubernetes ${minorOf(version)} (first served in ${minorOf(served[0]!)})` };
  }
  return { state: 'unknown' };
}
