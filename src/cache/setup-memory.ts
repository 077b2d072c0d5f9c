import type { DiskCache } from './disk-cache.js';

/** Files that held setup documents (CRDs, admission objects), by display path, and of them those holding an admission object. */
export interface SetupRecord {
  paths: string[];
  admission: string[];
}

/** Part of the entry's key: the layout of its JSON. */
const FORMAT = 'setup 2';

/**
 * What the last streamed runs in a working directory found of their setup files, so that the next one reads those
 * first instead of scanning every file for them (the pre-scan: ~10% of a 10k or 50k-document run). Only a guess: a
 * run that meets a setup document outside the recalled files starts again with the pre-scan (src/pipeline/run.ts).
 * One entry per working directory, whatever the paths a run names: a run updates what it found of its own files and
 * keeps the rest, so runs over other trees, or a pre-commit hook naming other files each time, share it.
 */
export class SetupMemory {
  /** Undefined until read; null when nothing (intact) is stored. */
  private recalled: SetupRecord | null | undefined;

  constructor(
    private readonly disk: DiskCache,
    private readonly cwd: string,
  ) {}

  private get key(): string[] {
    return [FORMAT, this.cwd];
  }

  recall(): SetupRecord | undefined {
    if (this.recalled === undefined) this.recalled = parsed(this.disk.get('setup', this.key)) ?? null;
    return this.recalled ?? undefined;
  }

  /** A `--jobs` worker takes the main thread's recollection: every worker must try the same files, in the same rounds. */
  recalledAs(record: SetupRecord | undefined): void {
    this.recalled = record ?? null;
  }

  /** Stores what a run found among `covered` (the display paths of all its files), keeping what was recalled of other files; unless nothing changed. */
  remember(found: SetupRecord, covered: ReadonlySet<string>): void {
    const recalled = this.recall();
    const merged = (kept: string[] = [], added: string[]) => [...kept.filter((path) => !covered.has(path)), ...added].sort();
    const record = { paths: merged(recalled?.paths, found.paths), admission: merged(recalled?.admission, found.admission) };
    if (recalled && same(record.paths, recalled.paths) && same(record.admission, recalled.admission)) return;
    this.disk.set('setup', this.key, JSON.stringify(record));
    this.recalled = record;
  }
}

function parsed(body: string | undefined): SetupRecord | undefined {
  if (body === undefined) return undefined;
  try {
    const { paths, admission } = JSON.parse(body) as Partial<SetupRecord>;
    if (isPaths(paths) && isPaths(admission)) return { paths, admission };
  } catch {
    // Intact but not JSON (written by something else): replaced by the next run.
  }
  return undefined;
}

function isPaths(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((path) => typeof path === 'string');
}

/** Sorted `a` against any `b`. */
function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...b].sort().every((path, i) => path === a[i]);
}
