import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import ignore, { type Ignore } from 'ignore';

interface DirectoryRules {
  ignore: Ignore;
  /** The path from the rules' directory to the entries' (`a/b/`), empty for its own entries. */
  prefix: string;
}

/**
 * `.gitignore` rules as git applies them during a walk: each file's patterns apply below its own
 * directory, from the repository's top (the nearest `.git` above the working directory) down.
 * Files are read lazily, once per directory.
 */
export class GitIgnore {
  private readonly rulesOf = new Map<string, DirectoryRules[]>();
  /** Whether a directory has a `.gitignore`, for those the walk has listed. */
  private readonly listed = new Map<string, boolean>();

  private constructor(private readonly top: string) {}

  static forWorkingDirectory(cwd: string): GitIgnore {
    for (let dir = cwd; ; dir = dirname(dir)) {
      if (existsSync(join(dir, '.git'))) return new GitIgnore(dir);
      if (dirname(dir) === dir) return new GitIgnore(cwd);
    }
  }

  /** Whether the entry `name` of the directory `dir` is ignored. */
  ignores(dir: string, name: string, isDirectory: boolean): boolean {
    const rules = this.rulesFor(dir);
    // Most directories have no rules above them: the exact test of being inside the top only matters when some do.
    if (rules.length === 0) return false;
    const fromTop = relative(this.top, join(dir, name));
    if (fromTop === '' || fromTop.startsWith('..')) return false;
    const entry = name + (isDirectory ? '/' : '');
    return rules.some(({ ignore, prefix }) => ignore.ignores(prefix + entry));
  }

  /** What a directory's listing says: its `.gitignore` need not be asked about then. */
  noteListing(dir: string, hasGitIgnore: boolean): void {
    this.listed.set(dir, hasGitIgnore);
  }

  /**
   * The rules that apply to the entries of `dir`, from the top down, each with the path from its own
   * directory to `dir`: found once per directory. None for a directory outside the top.
   */
  private rulesFor(dir: string): DirectoryRules[] {
    let found = this.rulesOf.get(dir);
    if (!found) {
      if (relative(this.top, dir).startsWith('..')) {
        found = [];
      } else {
        const step = basename(dir) + '/';
        const above = dir === this.top ? [] : this.rulesFor(dirname(dir)).map(({ ignore, prefix }) => ({ ignore, prefix: prefix + step }));
        const own = this.load(dir);
        found = own ? [...above, { ignore: own, prefix: '' }] : above;
      }
      this.rulesOf.set(dir, found);
    }
    return found;
  }

  private load(dir: string): Ignore | undefined {
    const file = join(dir, '.gitignore');
    let rules: Ignore | undefined;
    // Most directories have none: knowing (or asking) first spares a thrown error per directory.
    if (this.listed.get(dir) ?? existsSync(file)) {
      try {
        rules = ignore().add(readFileSync(file, 'utf8'));
      } catch {
        rules = undefined; // unreadable (or a directory): nothing ignored by it
      }
    }
    return rules;
  }
}
