import type { DiskCache } from './disk-cache.js';

/** Which files of a run held setup documents (CRDs, admission objects), by display path, and whether any was an admission object. */
export interface SetupRecord {
  paths: string[];
  admission: boolean;
}

/** Part of the entry's key: the layout of its JSON. */
const FORMAT = 'setup 1';

/**
 * What the last streamed run over the same paths found of its setup files, so that the next one reads those first
 * instead of scanning every file for them (the pre-scan: ~10% of a 10k or 50k-document run). Only a guess: a run
 * that meets a setup document outside the recalled files starts again with the pre-scan (src/pipeline/run.ts).
 */
export class SetupMemory {
  /** Undefined until read; null when nothing (intact) is stored. */
  private recalled: SetupRecord | null | undefined;

  constructor(
    private readonly disk: DiskCache,
    private readonly key: readonly string[],
  ) {}

  /** The paths, the configuration's trees and exclusions a run is keyed by: runs over other trees find other setup files. */
  static keyOf(cwd: string, scope: unknown): string[] {
    return [FORMAT, cwd, JSON.stringify(scope)];
  }

  recall(): SetupRecord | undefined {
    if (this.recalled === undefined) this.recalled = parsed(this.disk.get('setup', this.key)) ?? null;
    return this.recalled ?? undefined;
  }

  /** A `--jobs` worker takes the main thread's recollection: every worker must try the same files, in the same rounds. */
  recalledAs(record: SetupRecord | undefined): void {
    this.recalled = record ?? null;
  }

  /** Stores what a run found, unless it is what was recalled. */
  remember(record: SetupRecord): void {
    const recalled = this.recall();
    if (recalled && recalled.admission === record.admission && samePaths(recalled.paths, record.paths)) return;
    this.disk.set('setup', this.key, JSON.stringify(record));
    this.recalled = record;
  }
}

function parsed(body: string | undefined): SetupRecord | undefined {
  if (body === undefined) return undefined;
  try {
    const value = JSON.parse(body) as Partial<SetupRecord>;
    const { paths, admission } = value;
    if (typeof admission === 'boolean' && Array.isArray(paths) && paths.every((path) => typeof path === 'string')) return { paths, admission };
  } catch {
    // Intact but not JSON (written by something else): replaced by the next run.
  }
  return undefined;
}

function samePaths(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((path) => set.has(path));
}
