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

/** The segments of a path past the clusters directory, up to `<cluster>/<namespace>/<file…>`; undefined outside it. */
function partsUnder(path: string, clustersDir: string): string[] | undefined {
  return path.startsWith(`${clustersDir}/`) ? path.slice(clustersDir.length + 1).split('/', 3) : undefined;
}

/** The cluster of `clusters/<cluster>/…`; undefined outside a cluster's tree. Asked for every object: no split. */
function clusterOf(path: string, clustersDir: string): string | undefined {
  const start = clustersDir.length + 1;
  if (path.length <= start || path[start - 1] !== '/' || !path.startsWith(clustersDir)) return undefined;
  const end = path.indexOf('/', start);
  // `clusters/<cluster>.yaml` sits beside the clusters, not in one.
  return end > start ? path.slice(start, end) : undefined;
}

/** The trees included for a cluster: its own key only (a cluster named `constructor` has none from the prototype). */
function includedFor(layout: Layout, cluster: string): readonly string[] {
  return Object.hasOwn(layout.include, cluster) ? layout.include[cluster]! : [];
}

/**
 * The trees that inform a check of some files alone (the pre-commit case): the shared trees, and for
 * each file in a cluster's tree, that cluster's tree and its included trees. Paths are display paths.
 */
export function contextTrees(paths: readonly string[], layout: Layout): string[] {
  const clustersDir = normalizeTree(layout.clustersDir);
  const trees = new Set(layout.shared.map(normalizeTree));
  for (const path of paths) {
    const cluster = clusterOf(path, clustersDir);
    if (cluster === undefined) continue;
    trees.add(`${clustersDir}/${cluster}`);
    for (const tree of includedFor(layout, cluster)) trees.add(normalizeTree(tree));
  }
  return [...trees];
}

/** A run's files in parts, as it reads them to check them cluster by cluster (src/gitops/parts.ts). */
export interface ClusterParts {
  /**
   * The part of each path: a cluster's own tree, or a run of files no cluster receives, numbered in path order;
   * -1: a file some cluster receives from outside its own tree (a shared or included tree).
   */
  parts: Int32Array;
  /** The cluster whose own tree a part is; undefined for files no cluster receives. */
  clusterOf(part: number): string | undefined;
  /** Whether a file is in a tree clusters receive from outside their own (shared or included). */
  receivedElsewhere(path: string): boolean;
  /** Whether the cluster of `part` receives such a file. */
  receives(part: number, path: string): boolean;
}

/**
 * The run's files (`paths`, in path order) in parts: each cluster's own tree, and each run of files between them
 * that no cluster receives. Undefined when a cluster's own tree holds a file a cluster receives from elsewhere:
 * its set would not be whole with its own tree.
 */
export function clusterParts(paths: readonly string[], layout: Layout): ClusterParts | undefined {
  const clustersDir = normalizeTree(layout.clustersDir);
  const shared = layout.shared.map(normalizeTree);
  const included = new Map(Object.entries(layout.include).map(([name, trees]) => [name, trees.map(normalizeTree)]));
  const includedTrees = [...included.values()].flat();
  const receivedElsewhere = (path: string) => shared.some((tree) => inTree(path, tree)) || includedTrees.some((tree) => inTree(path, tree));
  const parts = new Int32Array(paths.length);
  /** By part: its cluster, or undefined. */
  const clusters: Array<string | undefined> = [];
  const seen = new Set<string>();
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i]!;
    const cluster = clusterOf(path, clustersDir);
    if (receivedElsewhere(path)) {
      if (cluster !== undefined) return undefined;
      parts[i] = -1;
      continue;
    }
    if (clusters.length === 0 || clusters[clusters.length - 1] !== cluster) {
      // Not in path order: a cluster's tree in two parts.
      if (cluster !== undefined && seen.has(cluster)) return undefined;
      if (cluster !== undefined) seen.add(cluster);
      clusters.push(cluster);
    }
    parts[i] = clusters.length - 1;
  }
  return {
    parts,
    clusterOf: (part) => clusters[part],
    receivedElsewhere,
    receives: (part, path) => shared.some((tree) => inTree(path, tree)) || (included.get(clusters[part]!)?.some((tree) => inTree(path, tree)) ?? false),
  };
}

/** Where one file stands: the clusters that receive it, and how. */
interface Standing {
  /** The cluster whose own tree holds the file. */
  own?: string;
  /** The clusters whose included trees hold it. */
  includedBy: ReadonlySet<string>;
  shared: boolean;
  /** The clusters that receive it, in name order. */
  receivers: readonly string[];
  namespaceDirectory?: NamespaceDirectory;
}

const repositories = new WeakMap<readonly RepoObject[], Map<string, Repository>>();

/**
 * The clusters found among the objects' paths, and the set each receives. A run asks for the same
 * objects' repository twice (the schema pass's versions, the GitOps context): it is built once.
 */
export function buildRepository(objects: readonly RepoObject[], layout: Layout): Repository {
  let byLayout = repositories.get(objects);
  if (!byLayout) repositories.set(objects, (byLayout = new Map()));
  const key = JSON.stringify([layout.clustersDir, layout.shared, layout.include]);
  let repository = byLayout.get(key);
  if (!repository) byLayout.set(key, (repository = indexRepository(objects, layout)));
  return repository;
}

/** Each file's standing is worked out once, so the clusters' sets take one pass over the objects. */
function indexRepository(objects: readonly RepoObject[], layout: Layout): Repository {
  const clustersDir = normalizeTree(layout.clustersDir);
  const shared = layout.shared.map(normalizeTree);
  const found = new Set<string>();
  for (const object of objects) {
    const cluster = clusterOf(object.doc.file.path, clustersDir);
    if (cluster !== undefined) found.add(cluster);
  }
  const names = [...found].sort();
  const includes = names.flatMap((name) => {
    const trees = includedFor(layout, name).map(normalizeTree);
    return trees.length > 0 ? [{ name, trees }] : [];
  });
  const standings = new Map<string, Standing>();
  /**
   * Standings that no included tree changes, by cluster, sharing and namespace directory: kept for the whole
   * run, one per file was most of the index's memory (~0.5 KB a file), and the files of a directory share one.
   */
  const common = new Map<string, Standing>();
  const standingOf = (path: string): Standing => {
    let standing = standings.get(path);
    if (standing) return standing;
    const parts = partsUnder(path, clustersDir);
    // The cluster's own tree is `clusters/<name>` and what is under it.
    const own = parts !== undefined && found.has(parts[0]!) ? parts[0] : undefined;
    const isShared = shared.some((tree) => inTree(path, tree));
    // The namespace directory holds files: `<cluster>/<namespace>/<file>` at least.
    const directory = parts?.length === 3 && parts[0] !== '' ? `${clustersDir}/${parts[0]}/${parts[1]}/` : undefined;
    const includedBy = includes.filter(({ trees }) => trees.some((tree) => inTree(path, tree))).map(({ name }) => name);
    const key = includedBy.length === 0 ? `${own ?? ''}\0${isShared}\0${directory ?? ''}` : undefined;
    standing = key === undefined ? undefined : common.get(key);
    if (!standing) {
      let receivers: readonly string[] = own === undefined ? [] : [own];
      if (isShared) receivers = names;
      else if (includedBy.length > 0) receivers = names.filter((name) => name === own || includedBy.includes(name));
      const namespaceDirectory = directory === undefined ? undefined : { namespace: parts![1]!, path: directory };
      standing = { own, includedBy: new Set(includedBy), shared: isShared, receivers, namespaceDirectory };
      if (key !== undefined) common.set(key, standing);
    }
    standings.set(path, standing);
    return standing;
  };
  const placementIn = (name: string, path: string): Placement | undefined => {
    const standing = standingOf(path);
    if (standing.own === name) return 'cluster';
    if (standing.includedBy.has(name)) return 'included';
    return standing.shared ? 'shared' : undefined;
  };
  const sets = new Map(names.map((name) => [name, [] as RepoObject[]]));
  for (const object of objects) {
    for (const name of standingOf(object.doc.file.path).receivers) sets.get(name)!.push(object);
  }
  const clusters = names.map(
    (name): Cluster => ({
      name,
      objects: sets.get(name)!,
      receives: (path) => placementIn(name, path) !== undefined,
      placement: (path) => placementIn(name, path) ?? 'shared',
    }),
  );
  return {
    clusters,
    clustersReceiving: (path) => [...standingOf(path).receivers],
    namespaceDirectory: (path) => standingOf(path).namespaceDirectory,
  };
}
