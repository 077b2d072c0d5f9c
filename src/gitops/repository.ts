import type { RepoObject } from './objects.js';

/** Where a repository keeps what each cluster receives. Paths are relative to the repository root. */
export interface Layout {
  /** The directory whose subdirectories are the clusters (`clusters`). */
  clustersDir: string;
  /** Trees every cluster receives (`base`). */
  shared: string[];
  /** Further trees a cluster receives, by cluster name (Flux: `apps/production`). */
  include: Record<string, string[]>;
}

export const DEFAULT_LAYOUT: Layout = { clustersDir: 'clusters', shared: ['base'], include: {} };

/** Where a file stands in the layout: the more specific, the later it is applied. */
export type Placement = 'shared' | 'included' | 'cluster';

export interface Cluster {
  name: string;
  /** The objects the cluster receives, in the order of the checked set. */
  objects: RepoObject[];
  /** Whether the cluster receives the file. */
  receives(path: string): boolean;
  /** Where a file the cluster receives stands. */
  placement(path: string): Placement;
}

export interface NamespaceDirectory {
  namespace: string;
  /** `clusters/<cluster>/<namespace>/` */
  path: string;
}

export interface Repository {
  clusters: Cluster[];
  /** The clusters that receive a file (to pick each one's settings, e.g. its Kubernetes version). */
  clustersReceiving(path: string): string[];
  /** The namespace directory of a file: `clusters/<cluster>/<namespace>/…`. */
  namespaceDirectory(path: string): NamespaceDirectory | undefined;
}

function normalizeTree(tree: string): string {
  return tree.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

function inTree(path: string, tree: string): boolean {
  return tree === '' || tree === '.' || path === tree || path.startsWith(`${tree}/`);
}

/** Splits `clusters/<cluster>/<rest…>` into the cluster and the rest; undefined outside a cluster's tree. */
function clusterPath(path: string, clustersDir: string): { cluster: string; rest: string[] } | undefined {
  if (!path.startsWith(`${clustersDir}/`)) return undefined;
  const parts = path.slice(clustersDir.length + 1).split('/');
  // `clusters/<cluster>.yaml` sits beside the clusters, not in one.
  if (parts.length < 2 || parts[0] === '') return undefined;
  return { cluster: parts[0]!, rest: parts.slice(1) };
}

/**
 * The trees that inform a check of some files alone (the pre-commit case): the shared trees, and for
 * each file in a cluster's tree, that cluster's tree and its included trees. Paths are display paths.
 */
export function contextTrees(paths: readonly string[], layout: Layout): string[] {
  const clustersDir = normalizeTree(layout.clustersDir);
  const trees = new Set(layout.shared.map(normalizeTree));
  for (const path of paths) {
    const found = clusterPath(path, clustersDir);
    if (!found) continue;
    trees.add(`${clustersDir}/${found.cluster}`);
    for (const tree of layout.include[found.cluster] ?? []) trees.add(normalizeTree(tree));
  }
  return [...trees];
}

/** The clusters found among the objects' paths, and the set each receives. */
export function buildRepository(objects: readonly RepoObject[], layout: Layout): Repository {
  const clustersDir = normalizeTree(layout.clustersDir);
  const shared = layout.shared.map(normalizeTree);
  const names = new Set<string>();
  for (const object of objects) {
    const found = clusterPath(object.doc.file.path, clustersDir);
    if (found) names.add(found.cluster);
  }
  const clusters = [...names].sort().map((name): Cluster => {
    const own = `${clustersDir}/${name}`;
    const included = (layout.include[name] ?? []).map(normalizeTree);
    const placement = (path: string): Placement | undefined => {
      if (inTree(path, own)) return 'cluster';
      if (included.some((tree) => inTree(path, tree))) return 'included';
      if (shared.some((tree) => inTree(path, tree))) return 'shared';
      return undefined;
    };
    const receives = (path: string) => placement(path) !== undefined;
    return { name, objects: objects.filter((o) => receives(o.doc.file.path)), receives, placement: (path) => placement(path) ?? 'shared' };
  });
  return {
    clusters,
    clustersReceiving: (path) => clusters.filter((c) => c.receives(path)).map((c) => c.name),
    namespaceDirectory(path) {
      const found = clusterPath(path, clustersDir);
      // The namespace directory holds files: `<cluster>/<namespace>/<file>` at least.
      if (!found || found.rest.length < 2) return undefined;
      return { namespace: found.rest[0]!, path: `${clustersDir}/${found.cluster}/${found.rest[0]}/` };
    },
  };
}
