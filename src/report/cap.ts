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

/**
 * Keeps the first `max` items of each file (0: all of them) and counts the rest per file. A report lists a file's
 * items together: a file's count is looked up once per run of its items (per item, a 10k run's ~30k findings took
 * ~20 ms), and the list is copied only once an item is left out.
 */
export function capPerFile<T extends { file: string }>(items: readonly T[], max: number): Capped<T> {
  const moreAfter = new Map<T, number>();
  if (max === 0) return { shown: items, moreAfter };
  const files = new Map<string, { count: number; last: T | undefined }>();
  let file: string | undefined;
  let state = { count: 0, last: undefined as T | undefined };
  let shown: T[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.file !== file) {
      file = item.file;
      const known = files.get(file);
      if (known) state = known;
      else files.set(file, (state = { count: 0, last: undefined }));
    }
    if (++state.count <= max) {
      state.last = item;
      shown?.push(item);
    } else {
      shown ??= items.slice(0, i);
      moreAfter.set(state.last!, (moreAfter.get(state.last!) ?? 0) + 1);
    }
  }
  return { shown: shown ?? items, moreAfter };
}

export function moreFindingsMessage(count: number): string {
  return `… and ${count} more ${count === 1 ? 'finding' : 'findings'} in this file (-o json lists all)`;
}
