import type { Stats } from 'node:fs';
import type { ParsedDocument } from '../documents/types.js';
import { isKustomizationFile } from '../documents/kubernetes-object.js';
import type { AllowList } from './allow-list.js';
import { createAuxiliaryFiles } from './auxiliary-files.js';
import { Definitions } from './definitions.js';
import { createStatCache } from './file-system.js';
import { collectObjects, type RepoObject } from './objects.js';
import { buildRepository, type Cluster, type Layout, type Repository } from './repository.js';
import { createScopeOf, type ScopeOf } from './scope.js';

export interface GitopsSettings {
  /** The repository root: Flux paths are resolved from it. */
  cwd: string;
  layout: Layout;
  /** An object without `metadata.namespace` lands in its directory's namespace (kustomize `namespace:`, Flux `targetNamespace`). */
  namespaceFromDirectory: boolean;
  allow: AllowList;
}

/** One cluster's set, indexed once. */
export interface ClusterSet {
  cluster: Cluster;
  definitions: Definitions;
}

/** Everything the checks share, built once per run. */
export interface GitopsContext {
  settings: GitopsSettings;
  repository: Repository;
  scopeOf: ScopeOf;
  /** Every object of the checked set (patches and values files left out). */
  objects: readonly RepoObject[];
  kustomizations: ParsedDocument[];
  clusters: ClusterSet[];
  /** What the whole repository defines: Flux sources may live in any tree. */
  definitions: Definitions;
  /** The namespace an object lands in: `''` for cluster-scoped kinds, `default` when nothing says. */
  namespaceOf(object: RepoObject): string;
  /** A path's stats (undefined if there is no such file), each path asked once. */
  stat(abs: string): Stats | undefined;
}

/**
 * What a run knows beyond the documents of a context, when it checks them part by part (src/gitops/parts.ts): the
 * scope of every kind (the setup files hold every CRD), and what the whole repository defines.
 */
export interface RunKnowledge {
  scopeOf: ScopeOf;
  definitions?: Definitions;
}

export function buildContext(documents: readonly ParsedDocument[], settings: GitopsSettings, knownScope?: ScopeOf, run?: RunKnowledge): GitopsContext {
  const auxiliary = createAuxiliaryFiles(documents);
  const filtered = documents.filter((doc) => auxiliary(doc) === undefined);
  // The same array when nothing is left out (the pipeline gates auxiliary files first): its objects and repository are shared.
  const objects = collectObjects(filtered.length === documents.length ? documents : filtered);
  const kustomizations = documents.filter((doc) => isKustomizationFile(doc.file.path));
  const repository = buildRepository(objects, settings.layout);
  const scopeOf = run?.scopeOf ?? createScopeOf(objects, knownScope);
  const namespaces = new Map<RepoObject, string>();
  const namespaceOf = (object: RepoObject): string => {
    let namespace = namespaces.get(object);
    if (namespace === undefined) {
      const scope = scopeOf(object.apiVersion, object.kind);
      const fromDirectory = settings.namespaceFromDirectory ? repository.namespaceDirectory(object.doc.file.path)?.namespace : undefined;
      namespace = scope === 'Cluster' ? '' : (object.namespace ?? fromDirectory ?? (scope === 'Namespaced' ? 'default' : ''));
      namespaces.set(object, namespace);
    }
    return namespace;
  };
  // Each kustomization goes to the clusters that receive it, rather than each cluster asking about every kustomization.
  const kustomizationsOf = new Map<string, ParsedDocument[]>();
  for (const k of kustomizations) {
    for (const name of repository.clustersReceiving(k.file.path)) {
      const own = kustomizationsOf.get(name);
      if (own) own.push(k);
      else kustomizationsOf.set(name, [k]);
    }
  }
  // Indexed when first asked: the admission passes ask for none, and only the Flux checks for the whole repository's.
  const clusters = repository.clusters.map((cluster): ClusterSet => {
    let definitions: Definitions | undefined;
    return {
      cluster,
      get definitions() {
        return (definitions ??= Definitions.of(cluster.objects, namespaceOf, kustomizationsOf.get(cluster.name)));
      },
    };
  });
  let definitions = run?.definitions;
  return {
    settings,
    repository,
    scopeOf,
    objects,
    kustomizations,
    clusters,
    get definitions() {
      return (definitions ??= Definitions.of(objects, namespaceOf, kustomizations));
    },
    namespaceOf,
    stat: createStatCache(),
  };
}
