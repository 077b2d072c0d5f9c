/**
 * The per-file cap of the outputs people read (text, the GitHub step summary): a generated file with
 * thousands of findings would bury every other file's. Machine formats (json, sarif, junit, tap) list
 * everything; the cap only shortens what is printed, never the verdict or the counts.
 */

/** Findings of one file shown before one line counts the rest. */
export const DEFAULT_MAX_FINDINGS_PER_FILE = 100;

export interface Capped<T> {
  /** The first `max` items of each file, in the order given. */
  shown: readonly T[];
  /** The last item shown of each file that has more → how many more it has. */
  moreAfter: Map<T, number>;
}

/** Keeps the first `max` items of each file (0: all of them) and counts the rest per file. */
export function capPerFile<T extends { file: string }>(items: readonly T[], max: number): Capped<T> {
  if (max === 0) return { shown: items, moreAfter: new Map() };
  const seen = new Map<string, number>();
  const lastShown = new Map<string, T>();
  const shown: T[] = [];
  const moreAfter = new Map<T, number>();
  for (const item of items) {
    const count = (seen.get(item.file) ?? 0) + 1;
    seen.set(item.file, count);
    if (count <= max) {
      shown.push(item);
      lastShown.set(item.file, item);
    } else {
      const last = lastShown.get(item.file)!;
      moreAfter.set(last, (moreAfter.get(last) ?? 0) + 1);
    }
  }
  return { shown, moreAfter };
}

export function moreFindingsMessage(count: number): string {
  return `… and ${count} more ${count === 1 ? 'finding' : 'findings'} in this file (-o json lists all)`;
}
