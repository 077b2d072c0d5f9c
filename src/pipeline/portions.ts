import { compareDisplayPaths, type Target } from '../discovery/discover.js';
import type { ParsedDocument } from '../documents/types.js';
import type { PartedRepoPass, RepoPass } from './run.js';
import { inShard, type Shard } from './shard.js';

/** The one repo-wide pass that runs in parts, when the others find nothing in the run; undefined: they run at the end. */
export function partedPass(repoPasses: readonly RepoPass[], setup: readonly ParsedDocument[], paths: readonly string[]): PartedRepoPass | undefined {
  let parted: PartedRepoPass | undefined;
  for (const pass of repoPasses) {
    const parts = pass.inParts?.(setup, paths);
    if (parts === null) continue;
    // One partition of the files: parts of two passes would not end together.
    if (parts === undefined || parted) return undefined;
    parted = parts;
  }
  return parted;
}

/** A `--jobs` worker's files in a run split by parts: those it checks, and the context files it reads. */
export interface Portion {
  targets: Target[];
  reads: Set<Target>;
  /** Of those it reads, the files another worker checks (received by clusters): what its clusters find on them counts. */
  reportedElsewhere: Set<Target>;
  /** Of those it checks, the files every other worker reads too (received by clusters): handed to them whole. */
  readElsewhere: Set<Target>;
  /** The files the other workers check. */
  checkedElsewhere: Set<Target>;
}

/** How far over an even share of the files the busiest worker may read before whole parts are not worth it. */
const IMBALANCE = 1.25;

/**
 * A `--jobs` worker's portion of a streamed run whose repo-wide checks go in parts (clusters): whole parts, so that a
 * worker needs nothing of the others' parts but what their ends hand over (Flux's objects, what they define), and
 * holds what it keeps of its own parts only. Parts go to the least busy worker, largest first; the files kept to
 * the end (what clusters receive from outside their own trees) are read by every worker and checked by one (by
 * path hash). Every worker computes the same split from the same files. Undefined when the run is not in parts, or
 * when a worker would read too much more than an even share of the files (one cluster holds most of them, or most
 * are received, which every worker reads): the workers split the files by path hash and exchange what they keep.
 */
export function portionOf(repoPasses: readonly RepoPass[], targets: readonly Target[], context: readonly Target[], worker: Shard): Portion | undefined {
  const all = [...targets, ...context].sort((a, b) => compareDisplayPaths(a.path, b.path));
  const parts = partedPass(repoPasses, [], all.map((file) => file.path));
  if (!parts?.handOver) return undefined;
  const sizes: number[] = [];
  for (const part of parts.parts) if (part >= 0) sizes[part] = (sizes[part] ?? 0) + 1;
  const load = new Array<number>(worker.count).fill(0);
  const owner = new Int32Array(sizes.length);
  const largestFirst = sizes.map((_, part) => part).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  for (const part of largestFirst) {
    const least = load.indexOf(Math.min(...load));
    owner[part] = least;
    load[least]! += sizes[part]!;
  }
  const received = parts.parts.filter((part) => part < 0).length;
  if (received === all.length || Math.max(...load) + received > (IMBALANCE * all.length) / worker.count) return undefined;
  const checked = new Set(targets);
  const own = new Set<Target>();
  const reads = new Set<Target>();
  const reportedElsewhere = new Set<Target>();
  const readElsewhere = new Set<Target>();
  const checkedElsewhere = new Set<Target>();
  all.forEach((file, at) => {
    const part = parts.parts[at]!;
    const ours = part < 0 || owner[part] === worker.index - 1;
    if (checked.has(file) && (part < 0 ? inShard(file.path, worker) : ours)) {
      own.add(file);
      if (part < 0) readElsewhere.add(file);
    } else {
      if (checked.has(file)) checkedElsewhere.add(file);
      if (!ours) return;
      reads.add(file);
      if (checked.has(file)) reportedElsewhere.add(file);
    }
  });
  return { targets: targets.filter((file) => own.has(file)), reads, reportedElsewhere, readElsewhere, checkedElsewhere };
}
