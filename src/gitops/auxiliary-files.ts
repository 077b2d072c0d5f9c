import { posix } from 'node:path';
import type { ParsedDocument } from '../documents/types.js';
import { isKustomizationFile } from '../documents/kubernetes-object.js';
import { kustomizationEntries, type EntryRole } from './kustomization.js';
import { asObject } from './objects.js';

/** A file read by a build step rather than applied as it is. */
export interface AuxiliaryFile {
  role: 'kustomize patch' | 'Helm values' | 'generator input';
  /** The kustomization.yaml naming it; undefined when recognised by its name. */
  by?: string;
}

const ROLES: Partial<Record<EntryRole, AuxiliaryFile['role']>> = {
  patch: 'kustomize patch',
  'generator input': 'generator input',
  'Helm values': 'Helm values',
};

/** `values.yaml`, `values-prod.yaml`, `prod-values.yaml`, `prod.values.yml`. */
const HELM_VALUES_NAME = /(^|\/)([^/]*[-_.])?values([-_.][^/]*)?\.ya?ml$/;

/** A path a kustomization names, as a display path (relative to the working directory, like the naming file's). */
export function resolveFrom(doc: ParsedDocument, target: string): string {
  return posix.join(posix.dirname(doc.file.path), target);
}

/**
 * Recognises the files that are not standalone manifests: those a kustomization.yaml among
 * `documents` names as a patch, a generator input or Helm values, and, by name, Helm values files
 * that are not Kubernetes objects. The returned function answers per document.
 */
export function createAuxiliaryFiles(documents: readonly ParsedDocument[]): (doc: ParsedDocument) => AuxiliaryFile | undefined {
  const named = new Map<string, AuxiliaryFile>();
  for (const doc of documents) {
    if (!isKustomizationFile(doc.file.path)) continue;
    for (const entry of kustomizationEntries(doc)) {
      const role = ROLES[entry.role];
      if (!role) continue;
      const path = resolveFrom(doc, entry.target);
      if (!named.has(path)) named.set(path, { role, by: doc.file.path });
    }
  }
  return (doc) => {
    const found = named.get(doc.file.path);
    if (found) return found;
    const object = asObject(doc.value);
    const isObject = object !== undefined && typeof object.apiVersion === 'string' && typeof object.kind === 'string';
    return !isObject && HELM_VALUES_NAME.test(doc.file.path) ? { role: 'Helm values' } : undefined;
  };
}
