import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { resolve, sep } from 'node:path';

export interface WalkOptions {
  /**
   * Called for every entry: its absolute path, its name and its directory's path as listed (one string
   * for all the directory's entries); false prunes it (and a directory's subtree).
   */
  include(absPath: string, isDirectory: boolean, name: string, dir: string): boolean;
  /** Called with a directory's listing, before any of its entries is included. */
  listed?(dir: string, entries: readonly Dirent[]): void;
  /** Called for each file the walk returns, with its name and its directory's path as listed. */
  taken?(absPath: string, name: string, dir: string): void;
}

export interface UnreadableDirectory {
  path: string;
  /** What listing it threw (EACCES, ENOENT when it went away during the walk, ...). */
  error: unknown;
}

/**
 * Lists the files below `root`, following symbolic links only while they stay inside the root's real
 * path. Each real directory and file is listed once, under its real path when the tree holds both it
 * and a link to it (links are followed after the real tree), so a link loop ends and nothing repeats.
 * Directories that cannot be listed are returned as `unreadable` so the run can report them.
 * Synchronous: a tree of thousands of directories listed through promises mostly waits on the thread pool.
 */
export function walk(root: string, options: WalkOptions): { files: string[]; unreadable: UnreadableDirectory[] } {
  // Normalized once, so each entry's path is its directory's and its name joined without normalizing again.
  const start = resolve(root);
  const realRoot = realpathSync(start);
  const files: string[] = [];
  const unreadable: UnreadableDirectory[] = [];
  // Until a link is followed the walk is a tree, where no real path comes up twice: the set of those
  // seen is only needed, and made, once links are.
  const walked: string[] = [];
  let seen: Set<string> | undefined;
  const pending: Array<{ dir: string; real: string }> = [{ dir: start, real: realRoot }];
  const links: Array<{ full: string; name: string; dir: string }> = [];
  const visit = (full: string, name: string, dir: string, target: { real: string; isDirectory: boolean; isFile: boolean }) => {
    if ((!target.isDirectory && !target.isFile) || seen?.has(target.real)) return;
    if (!options.include(full, target.isDirectory, name, dir)) return;
    if (seen) seen.add(target.real);
    else walked.push(target.real);
    if (target.isDirectory) pending.push({ dir: full, real: target.real });
    else {
      files.push(full);
      options.taken?.(full, name, dir);
    }
  };
  while (pending.length > 0 || links.length > 0) {
    if (pending.length === 0) {
      seen ??= new Set([realRoot, ...walked]);
      const link = links.shift()!;
      const resolved = resolveInside(link.full, realRoot);
      if (resolved) visit(link.full, link.name, link.dir, resolved);
      continue;
    }
    const { dir, real } = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      unreadable.push({ path: dir, error });
      continue;
    }
    options.listed?.(dir, entries);
    for (const entry of entries) {
      const name = entry.name;
      const full = child(dir, name);
      if (entry.isSymbolicLink()) links.push({ full, name, dir });
      else visit(full, name, dir, { real: real === dir ? full : child(real, name), isDirectory: entry.isDirectory(), isFile: entry.isFile() });
    }
  }
  return { files, unreadable };
}

/** `join(dir, name)` for a normalized directory and a listed name. */
function child(dir: string, name: string): string {
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

function resolveInside(link: string, realRoot: string) {
  try {
    const real = realpathSync(link);
    if (real !== realRoot && !real.startsWith(realRoot + sep)) return undefined;
    const info = statSync(real);
    return { real, isDirectory: info.isDirectory(), isFile: info.isFile() };
  } catch {
    // A dangling link or a loop: nothing to check there.
    return undefined;
  }
}
