import { readdirSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DAY = 24 * 60 * 60 * 1000;

/**
 * An entry neither read nor written for this long is removed: nothing else ever removes what an older version
 * of the tool, of Node or of the schema store left, nor a working directory's documents once it is gone (a CI
 * runner checks each job out somewhere new).
 */
const UNUSED_FOR = 30 * DAY;

/**
 * How often a run looks for unused entries (the look stats every entry); how old a use must be for a read to
 * record a new one (one write an entry a day at most); how old a temporary file must be to be a crashed write's.
 */
const EVERY = DAY;

/** The file whose modification time is the last look's, at the cache's top. */
export const MARKER = 'pruned';

const ENTRY = /^[0-9a-f]{64}$/;
const TEMPORARY = /^[0-9a-f]{64}\.\d+\.[0-9a-f]+\.tmp$/;

/** Records a use of the entry at `file` (modified at `mtimeMs`) when the last one is more than a day old. */
export function touchIfStale(file: string, mtimeMs: number): void {
  const now = Date.now();
  if (now - mtimeMs < EVERY) return;
  try {
    utimesSync(file, now / 1000, now / 1000);
  } catch {
    // Another user's cache, or the entry just replaced: its age only decides when it goes.
  }
}

/**
 * At most once a day, removes the entries of every kind (`<dir>/<kind>/<sha256>`) unused for UNUSED_FOR and the
 * temporary files of writes that never finished; returns how many files went. Names the disk cache does not make
 * are left alone: downloaded schemas (`schemas/`, named by URL) are kept until removed by hand. Two runs pruning
 * at once race harmlessly: an entry removed under a reader is a miss, rebuilt.
 */
export function pruneIfDue(dir: string): number {
  const marker = join(dir, MARKER);
  const now = Date.now();
  try {
    const last = statSync(marker, { throwIfNoEntry: false });
    if (last && now - last.mtimeMs < EVERY) return 0;
    writeFileSync(marker, '');
    utimesSync(marker, now / 1000, now / 1000); // an empty file rewritten need not change its time
  } catch {
    return 0; // no cache yet, or not writable
  }
  let removed = 0;
  for (const kind of namesIn(dir)) {
    const kindDir = join(dir, kind);
    for (const name of namesIn(kindDir)) {
      const maxAge = ENTRY.test(name) ? UNUSED_FOR : TEMPORARY.test(name) ? EVERY : undefined;
      if (maxAge === undefined) continue;
      const file = join(kindDir, name);
      try {
        const stat = statSync(file, { throwIfNoEntry: false });
        if (stat?.isFile() && now - stat.mtimeMs > maxAge) {
          unlinkSync(file);
          removed++;
        }
      } catch {
        // removed by another run meanwhile, or not ours to remove
      }
    }
  }
  return removed;
}

function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return []; // a file, or gone
  }
}
