import { SchemaStore, minorOf } from './store.js';

/** `1.25–1.27, 1.30–1.36` from the stored versions that serve a kind. */
function ranges(served: readonly string[], all: readonly string[]): string {
  const parts: string[] = [];
  let start: string | undefined;
  let previous: string | undefined;
  for (const version of all) {
    if (served.includes(version)) {
      start ??= version;
      previous = version;
    } else if (start) {
      parts.push(start === previous ? minorOf(start) : `${minorOf(start)}–${minorOf(previous!)}`);
      start = undefined;
    }
  }
  if (start) parts.push(start === previous ? minorOf(start) : `${minorOf(start)}–${minorOf(previous!)}`);
  return parts.join(', ');
}

/**
 * The lines `gitops-check schemas` prints: the stored Kubernetes versions, then each apiVersion/kind a
 * cluster can be sent (REST resources, not list or option types) with the versions that serve it and its scope.
 */
export function schemaListing(store: SchemaStore = new SchemaStore()): string[] {
  const versions = store.versions;
  const newest = versions[versions.length - 1]!;
  const lines = [`Kubernetes versions: ${versions.join(', ')} (default ${newest})`];
  const scopes = new Map<string, boolean>();
  for (const version of versions) {
    for (const key of store.kinds(version)) {
      const namespaced = store.isNamespaced(version, key);
      if (namespaced !== undefined) scopes.set(key, namespaced);
    }
  }
  const rows = [...scopes.keys()].sort().map((key) => {
    const slash = key.lastIndexOf('/');
    return [`${key.slice(0, slash)} ${key.slice(slash + 1)}`, ranges(store.servedIn(key), versions), scopes.get(key) ? 'namespaced' : 'cluster'];
  });
  const width = Math.max(...rows.map((r) => r[0]!.length));
  const spanWidth = Math.max(...rows.map((r) => r[1]!.length));
  for (const [name, span, scope] of rows) lines.push(`${name!.padEnd(width)}  ${span!.padEnd(spanWidth)}  ${scope}`);
  return lines;
}
