import { statSync, type Stats } from 'node:fs';

/** The file's stats, or undefined for any path that cannot be one (missing, through a file, a NUL byte). */
export function statPath(abs: string): Stats | undefined {
  try {
    return statSync(abs, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
