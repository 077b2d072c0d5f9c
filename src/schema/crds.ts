import type { ParsedDocument, PathSegment } from '../documents/types.js';

/** A custom resource schema taken from a CustomResourceDefinition among the checked documents. */
export interface TreeCrdSchema {
  crd: ParsedDocument;
  /** Where the schema sits inside the CRD document. */
  path: readonly PathSegment[];
  schema: unknown;
  namespaced: boolean;
}

/** What the API server stores for a version without a schema (v1beta1 allowed that): anything goes. */
const OPEN_SCHEMA = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function isCrd(apiVersion: unknown, kind: unknown): boolean {
  return kind === 'CustomResourceDefinition' && typeof apiVersion === 'string' && apiVersion.startsWith('apiextensions.k8s.io/');
}

/**
 * The schemas each CRD in the tree serves, keyed `group/version/Kind`. A CRD too broken to name its group,
 * kind or versions contributes nothing (the schema pass reports it on the CRD itself); the first CRD
 * to define a key wins.
 */
export function collectTreeCrds(documents: readonly ParsedDocument[]): Map<string, TreeCrdSchema> {
  const found = new Map<string, TreeCrdSchema>();
  for (const doc of documents) {
    const object = asObject(doc.value);
    if (!object || !isCrd(object.apiVersion, object.kind)) continue;
    const spec = asObject(object.spec);
    const kind = asObject(spec?.names)?.kind;
    const group = spec?.group;
    if (!spec || typeof group !== 'string' || typeof kind !== 'string') continue;
    const namespaced = spec.scope !== 'Cluster';
    // v1beta1 could give one schema for all versions, and a single `version`.
    const shared = asObject(spec.validation)?.openAPIV3Schema;
    const versions = Array.isArray(spec.versions) ? spec.versions : typeof spec.version === 'string' ? [{ name: spec.version }] : [];
    versions.forEach((entry: unknown, i: number) => {
      const version = asObject(entry);
      if (!version || typeof version.name !== 'string' || version.served === false) return;
      const own = asObject(version.schema)?.openAPIV3Schema;
      const key = `${group}/${version.name}/${kind}`;
      if (found.has(key)) return;
      if (own !== undefined) found.set(key, { crd: doc, path: ['spec', 'versions', i, 'schema', 'openAPIV3Schema'], schema: own, namespaced });
      else if (shared !== undefined) found.set(key, { crd: doc, path: ['spec', 'validation', 'openAPIV3Schema'], schema: shared, namespaced });
      else found.set(key, { crd: doc, path: ['spec', 'versions', i], schema: OPEN_SCHEMA, namespaced });
    });
  }
  return found;
}
