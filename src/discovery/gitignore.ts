import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

interface DirectoryRules {
  ignore: Ignore;
  /** The path from the rules' directory to the entries' (`a/b/`), empty for its own entries. */
  prefix: string;
}

interface Directory {
  /** Its path from the top, as path.relative gives it. */
  fromTop: string;
  rules: DirectoryRules[];
}

/**
 * `.gitignore` rules as git applies them during a walk: each file's patterns apply below its own
 * directory, from the repository's top (the nearest `.git` above the working directory) down.
 * Files are read lazily, once per directory.
 */
export class GitIgnore {
  private readonly directories = new Map<string, Directory>();
  /** Whether a directory has a `.gitignore`, for those the walk has listed. */
  private readonly listed = new Map<string, boolean>();
  private readonly topPrefix: string;

  private constructor(private readonly top: string) {
    this.topPrefix = top.endsWith(sep) ? top : top + sep;
  }

  static forWorkingDirectory(cwd: string): GitIgnore {
    for (let dir = cwd; ; dir = dirname(dir)) {
      if (existsSync(join(dir, '.git'))) return new GitIgnore(dir);
      if (dirname(dir) === dir) return new GitIgnore(cwd);
    }
  }

  /** Whether the entry `name` of the directory `dir` is ignored. */
  ignores(dir: string, name: string, isDirectory: boolean): boolean {
    const { fromTop: dirFromTop, rules } = this.directory(dir);
    // Most directories have no rules above them: the exact test of being inside the top only matters when some do.
    if (rules.length === 0) return false;
    const fromTop = dirFromTop === '' ? name : dirFromTop + sep + name;
    if (fromTop === '' || fromTop.startsWith('..')) return false;
    const entry = name + (isDirectory ? '/' : '');
    return rules.some(({ ignore, prefix }) => ignore.ignores(prefix + entry));
  }

  /** What a directory's listing says: its `.gitignore` need not be asked about then. */
  noteListing(dir: string, hasGitIgnore: boolean): void {
    this.listed.set(dir, hasGitIgnore);
  }

  /**
   * A directory's path from the top and the rules that apply to its entries, from the top down, each with the
   * path from its own directory to `dir`: found once per directory. No rules for a directory outside the top.
   * The walk's directories are normalized paths, below the top mostly: their parts are cut from the
   * strings (node:path's functions go through a path character by character: a few microseconds a call
   * before the run has warmed them, on every directory and file of a pre-commit run).
   */
  private directory(dir: string): Directory {
    let found = this.directories.get(dir);
    if (!found) {
      const below = dir.startsWith(this.topPrefix);
      const fromTop = below ? dir.slice(this.topPrefix.length) : dir === this.top ? '' : relative(this.top, dir);
      if (fromTop.startsWith('..')) {
        found = { fromTop, rules: [] };
      } else {
        const cut = dir.lastIndexOf(sep);
        const step = (below ? dir.slice(cut + 1) : basename(dir)) + '/';
        const parent = below ? (cut >= this.topPrefix.length ? dir.slice(0, cut) : this.top) : dirname(dir);
        const above = dir === this.top ? [] : this.directory(parent).rules.map(({ ignore, prefix }) => ({ ignore, prefix: prefix + step }));
        const own = this.load(dir);
        found = { fromTop, rules: own ? [...above, { ignore: own, prefix: '' }] : above };
      }
      this.directories.set(dir, found);
    }
    return found;
  }

  private load(dir: string): Ignore | undefined {
    let rules: Ignore | undefined;
    // Most directories have none: knowing (or asking) first spares a thrown error per directory.
    if (this.listed.get(dir) ?? existsSync(join(dir, '.gitignore'))) {
      try {
        rules = ignore().add(readFileSync(join(dir, '.gitignore'), 'utf8'));
      } catch {
        rules = undefined; // unreadable (or a directory): nothing ignored by it
      }
    }
    return rules;
  }
}
