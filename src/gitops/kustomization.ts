import type { ParsedDocument, PathSegment } from '../documents/types.js';
import { asArray, asObject, asString } from './objects.js';

export type EntryRole = 'resource' | 'component' | 'patch' | 'generator input' | 'Helm values';

/** A path a kustomization names, with where it names it. */
export interface KustomizationEntry {
  field: string;
  role: EntryRole;
  /** As written, relative to the kustomization's directory. */
  target: string;
  path: PathSegment[];
}

/** A resource kustomize fetches itself (git URL, http URL): not a path in this repository. */
function isRemote(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(target) || /^git@/.test(target) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(target) || /\?ref=/.test(target);
}

/** Generator sources are `file`, `key=file` or (for envs) `file`. */
function generatorFile(source: string): string {
  const eq = source.indexOf('=');
  return eq < 0 ? source : source.slice(eq + 1);
}

/** Every local path a kustomization.yaml names: resources, components, patches, generator and Helm values files. */
export function kustomizationEntries(doc: ParsedDocument): KustomizationEntry[] {
  const root = asObject(doc.value);
  if (!root) return [];
  const entries: KustomizationEntry[] = [];
  const add = (field: string, role: EntryRole, path: PathSegment[], value: unknown) => {
    const target = asString(value);
    // A multi-line string in a patch list is an inline patch, not a file.
    if (target !== undefined && !target.includes('\n') && !isRemote(target)) entries.push({ field, role, target, path });
  };
  for (const field of ['resources', 'bases', 'crds'] as const) asArray(root[field]).forEach((v, i) => add(field, 'resource', [field, i], v));
  asArray(root.components).forEach((v, i) => add('components', 'component', ['components', i], v));
  asArray(root.patchesStrategicMerge).forEach((v, i) => add('patchesStrategicMerge', 'patch', ['patchesStrategicMerge', i], v));
  for (const field of ['patches', 'patchesJson6902'] as const) {
    asArray(root[field]).forEach((v, i) => add(field, 'patch', [field, i, 'path'], asObject(v)?.path));
  }
  for (const field of ['configMapGenerator', 'secretGenerator'] as const) {
    asArray(root[field]).forEach((generator, i) => {
      const g = asObject(generator);
      asArray(g?.files).forEach((v, j) => add(field, 'generator input', [field, i, 'files', j], typeof v === 'string' ? generatorFile(v) : v));
      asArray(g?.envs).forEach((v, j) => add(field, 'generator input', [field, i, 'envs', j], v));
      if (g?.env !== undefined) add(field, 'generator input', [field, i, 'env'], g.env);
    });
  }
  asArray(root.helmCharts).forEach((v, i) => add('helmCharts', 'Helm values', ['helmCharts', i, 'valuesFile'], asObject(v)?.valuesFile));
  return entries;
}

/** Names of the ConfigMaps and Secrets a kustomization generates (kustomize rewrites references to them). */
export function generatedNames(doc: ParsedDocument): Array<{ kind: 'ConfigMap' | 'Secret'; name: string; namespace?: string }> {
  const root = asObject(doc.value);
  const out: Array<{ kind: 'ConfigMap' | 'Secret'; name: string; namespace?: string }> = [];
  for (const [field, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
    for (const generator of asArray(root?.[field])) {
      const g = asObject(generator);
      const name = asString(g?.name);
      if (name) out.push({ kind, name, namespace: asString(g?.namespace) ?? asString(root?.namespace) });
    }
  }
  return out;
}
