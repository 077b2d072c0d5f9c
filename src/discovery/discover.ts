import { stat } from 'node:fs/promises';
import { basename, relative, resolve, sep } from 'node:path';
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
}

export interface Target {
  /** Display path: relative to the working directory, `/`-separated. */
  path: string;
  /** Undefined for stdin. */
  absPath?: string;
}

export interface Discovery {
  /** Sorted by display path; stdin, if asked for, last. */
  targets: Target[];
  /** Directories that could not be listed (display paths). */
  unreadableDirectories: string[];
}

/**
 * Resolves the command's path arguments to the files to check. Directories and globs are walked
 * (manifest extensions only, dot entries and .gitignore'd paths left out); a file named explicitly is
 * taken as it is. A path that does not exist, or a glob that matches nothing, is a ConfigError.
 */
export async function discover(options: DiscoveryOptions): Promise<Discovery> {
  const { cwd } = options;
  const args = options.paths.length > 0 ? options.paths : await defaultTrees(cwd);
  const excluded = options.exclude.length > 0 ? picomatch(options.exclude, { dot: true, basename: true }) : () => false;
  const gitIgnore = await GitIgnore.forWorkingDirectory(cwd);
  const found = new Map<string, Target>();
  const unreadableDirectories: string[] = [];
  let stdin = false;

  const add = (abs: string) => {
    const path = toDisplay(cwd, abs);
    if (!excluded(path)) found.set(abs, { path, absPath: abs });
  };
  const walkTree = async (root: string, matches: (abs: string) => boolean) => {
    const listing = await walk(root, {
      include: async (abs, isDirectory) => {
        const name = basename(abs);
        if (name.startsWith('.') || name === 'node_modules') return false;
        if (!isDirectory && !(MANIFEST_EXTENSIONS.some((ext) => name.endsWith(ext)) && matches(abs))) return false;
        return !excluded(toDisplay(cwd, abs)) && !(await gitIgnore.ignores(abs, isDirectory));
      },
    });
    unreadableDirectories.push(...listing.unreadable.map((d) => toDisplay(cwd, d)));
    return listing.files;
  };

  for (const arg of args) {
    if (arg === '-') {
      stdin = true;
      continue;
    }
    const abs = resolve(cwd, arg);
    const info = await stat(abs).catch(() => undefined);
    if (info?.isDirectory()) {
      for (const file of await walkTree(abs, () => true)) add(file);
    } else if (info) {
      add(abs);
    } else {
      const glob = picomatch.scan(arg);
      if (!glob.isGlob) throw new ConfigError(`path does not exist: ${arg}`);
      const base = resolve(cwd, glob.base || '.');
      const matches = picomatch(toDisplay(cwd, resolve(cwd, arg)));
      const files = (await stat(base).catch(() => undefined))?.isDirectory() ? await walkTree(base, (f) => matches(toDisplay(cwd, f))) : [];
      if (files.length === 0) throw new ConfigError(`no files match: ${arg}`);
      for (const file of files) add(file);
    }
  }

  const targets = [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (stdin) targets.push({ path: STDIN_PATH });
  return { targets, unreadableDirectories };
}

async function defaultTrees(cwd: string): Promise<string[]> {
  const present: string[] = [];
  for (const tree of DEFAULT_TREES) {
    if ((await stat(resolve(cwd, tree)).catch(() => undefined))?.isDirectory()) present.push(tree);
  }
  return present.length > 0 ? present : ['.'];
}

export function toDisplay(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}
