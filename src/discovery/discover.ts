import { statSync, type Stats } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { ConfigError } from '../model/errors.js';
import { GitIgnore } from './gitignore.js';
import { walk } from './walk.js';

export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];
/** The trees checked when no path is given, those that exist; else the working directory. */
export const DEFAULT_TREES = ['base', 'clusters'];
export const STDIN_PATH = 'stdin';

export interface DiscoveryOptions {
  cwd: string;
  /** Files, directories, globs, or `-` for stdin. Empty: the default trees. */
  paths: string[];
  /** Globs matched against the path relative to the working directory (or the file name, for a glob without `/`). */
  exclude: string[];
  /**
   * When set, only files inside these trees (directories, files or globs; empty: the default trees)
   * are kept: pre-commit names every staged YAML file, package.json and Helm charts included.
   */
  within?: string[];
}

export interface Target {
  /** Display path: relative to the working directory, `/`-separated. */
  path: string;
  /** Undefined for stdin. */
  absPath?: string;
  /** Set for a directory that could not be listed: the target is reported as a finding on it. */
  listingError?: unknown;
}

export interface Discovery {
  /** Sorted by display path (unreadable directories among the files); stdin, if asked for, last. */
  targets: Target[];
}

/**
 * Resolves the command's path arguments to the files to check. Directories and globs are walked
 * (manifest extensions only, dot entries and .gitignore'd paths left out); a file named explicitly is
 * taken as it is. A path that does not exist, or a glob that matches nothing, is a ConfigError. A
 * directory that cannot be listed is a target of its own, so the run reports it instead of losing it.
 */
export async function discover(options: DiscoveryOptions): Promise<Discovery> {
  const { cwd } = options;
  const args = options.paths.length > 0 ? options.paths : await defaultTrees(cwd);
  const excluded = excludeMatcher(options.exclude);
  const gitIgnore = GitIgnore.forWorkingDirectory(cwd);
  const inside = options.within && (await insideTrees(cwd, options.within.length > 0 ? options.within : await defaultTrees(cwd)));
  const display = new DisplayPaths(cwd);
  const found = new Map<string, Target>();
  let stdin = false;

  /** `dir` and `name`, when known, spare finding them in `abs`. */
  const add = (abs: string, listingError?: unknown, dir?: string, name?: string) => {
    const path = display.of(abs, dir, name);
    if (excluded?.(path) || (inside && !inside(abs))) return;
    found.set(abs, listingError === undefined ? { path, absPath: abs } : { path, absPath: abs, listingError });
  };
  /** Adds the files below `root` whose display paths `matches`; returns how many. */
  const walkTree = (root: string, matches: (path: string) => boolean) => {
    const listing = walk(root, {
      include: (abs, isDirectory, name, dir) => {
        if (name.startsWith('.') || name === 'node_modules') return false;
        if (!isDirectory && !(MANIFEST_EXTENSIONS.some((ext) => name.endsWith(ext)) && matches(display.of(abs, dir, name)))) return false;
        if (excluded?.(display.of(abs, dir, name)) || gitIgnore.ignores(dir, name, isDirectory)) return false;
        if (isDirectory) display.enter(abs, dir, name);
        return true;
      },
      listed: (dir, entries) => gitIgnore.noteListing(dir, entries.some((entry) => entry.name === '.gitignore')),
      taken: (abs, name, dir) => add(abs, undefined, dir, name),
    });
    for (const directory of listing.unreadable) add(directory.path, directory.error);
    return listing.files.length;
  };

  for (const arg of args) {
    if (arg === '-') {
      stdin = true;
      continue;
    }
    const abs = resolve(cwd, arg);
    const info = statIfPresent(abs);
    if (info?.isDirectory()) {
      walkTree(abs, () => true);
    } else if (info) {
      add(abs);
    } else {
      const glob = picomatch.scan(arg);
      if (!glob.isGlob) throw new ConfigError(`path does not exist: ${arg}`);
      const base = resolve(cwd, glob.base || '.');
      const matches = picomatch(toDisplay(cwd, resolve(cwd, arg)));
      if (!statIfPresent(base)?.isDirectory() || walkTree(base, matches) === 0) throw new ConfigError(`no files match: ${arg}`);
    }
  }

  const targets = [...found.values()].sort((a, b) => compareDisplayPaths(a.path, b.path));
  if (stdin) targets.push({ path: STDIN_PATH });
  return { targets };
}

/**
 * Globs with a `/` match the whole display path, the others the file name. picomatch's `basename`
 * option alone would match every glob against the name only, so `clusters/old/**` excluded nothing.
 * None without globs: the walk then need not know its entries' display paths.
 */
function excludeMatcher(globs: string[]): ((path: string) => boolean) | undefined {
  if (globs.length === 0) return undefined;
  const byPath = globs.filter((g) => g.includes('/'));
  const byName = globs.filter((g) => !g.includes('/'));
  const path = byPath.length > 0 ? picomatch(byPath, { dot: true }) : () => false;
  const name = byName.length > 0 ? picomatch(byName, { dot: true, basename: true }) : () => false;
  return (p) => path(p) || name(p);
}

/** Whether a file is in one of the trees: below a directory, that file, or matched by a glob. */
async function insideTrees(cwd: string, trees: string[]): Promise<(abs: string) => boolean> {
  const tests = await Promise.all(
    trees.map(async (tree): Promise<(abs: string) => boolean> => {
      const abs = resolve(cwd, tree);
      if (statIfPresent(abs)?.isDirectory()) {
        const prefix = abs.endsWith(sep) ? abs : abs + sep;
        return (file) => file.startsWith(prefix);
      }
      if (picomatch.scan(tree).isGlob) {
        const matches = picomatch(toDisplay(cwd, abs));
        return (file) => matches(toDisplay(cwd, file));
      }
      return (file) => file === abs;
    }),
  );
  return (abs) => tests.some((test) => test(abs));
}

async function defaultTrees(cwd: string): Promise<string[]> {
  const present: string[] = [];
  for (const tree of DEFAULT_TREES) {
    if (statIfPresent(resolve(cwd, tree))?.isDirectory()) present.push(tree);
  }
  return present.length > 0 ? present : ['.'];
}

/**
 * A path's stat, or undefined for any path that cannot be had (missing, unreadable, through a file, a NUL byte):
 * synchronous, like the walk; a missing path (the config file names looked up in every run) throws nothing.
 */
export function statIfPresent(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * `toDisplay` for the many paths of a walk: an entry's display path is its directory's and its name joined, and
 * a directory the walk enters has its display path so found, not through node:path (whose functions go
 * through a path character by character: a few microseconds a call before the run has warmed them).
 */
class DisplayPaths {
  private readonly ofDirectory = new Map<string, string>();

  constructor(private readonly cwd: string) {}

  /** The display path of `abs`, the entry `name` of the directory `dir`. */
  of(abs: string, dir = dirname(abs), name = basename(abs)): string {
    let base = this.ofDirectory.get(dir);
    if (base === undefined) {
      base = toDisplay(this.cwd, dir);
      this.ofDirectory.set(dir, base);
    }
    // Only `..` steps: the directory is above the working directory, and the entry may be on the way to it.
    if (base === '..' || base.endsWith('/..')) return toDisplay(this.cwd, abs);
    return base === '.' ? name : `${base}/${name}`;
  }

  /** A directory the walk goes into: its entries' display paths start with its own. */
  enter(abs: string, dir: string, name: string): void {
    this.ofDirectory.set(abs, this.of(abs, dir, name));
  }
}

export function toDisplay(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

/** The order discovery reports files in: by display path, stdin last. */
export function compareDisplayPaths(a: string, b: string): number {
  if (a === b) return 0;
  if (a === STDIN_PATH || b === STDIN_PATH) return a === STDIN_PATH ? 1 : -1;
  return a < b ? -1 : 1;
}
