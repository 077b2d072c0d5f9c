import { statSync, type Stats } from 'node:fs';

/** The file's stats, or undefined for any path that cannot be one (missing, through a file, a NUL byte). */
export function statPath(abs: string): Stats | undefined {
  try {
    return statSync(abs, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** `statPath` asking the file system once per path: checks of one run see the same tree. */
export function createStatCache(): (abs: string) => Stats | undefined {
  const stats = new Map<string, Stats | undefined>();
  return (abs) => {
    if (!stats.has(abs)) stats.set(abs, statPath(abs));
    return stats.get(abs);
  };
}
