import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/**
 * `.gitignore` rules as git applies them during a walk: each file's patterns apply below its own
 * directory, from the repository's top (the nearest `.git` above the working directory) down.
 * Files are read lazily, once per directory.
 */
export class GitIgnore {
  private readonly rules = new Map<string, Ignore | undefined>();
  private readonly ruleDirectoriesOf = new Map<string, string[]>();

  private constructor(private readonly top: string) {}

  static forWorkingDirectory(cwd: string): GitIgnore {
    for (let dir = cwd; ; dir = dirname(dir)) {
      if (existsSync(join(dir, '.git'))) return new GitIgnore(dir);
      if (dirname(dir) === dir) return new GitIgnore(cwd);
    }
  }

  ignores(absPath: string, isDirectory: boolean): boolean {
    const fromTop = relative(this.top, absPath);
    if (fromTop === '' || fromTop.startsWith('..')) return false;
    const suffix = isDirectory ? '/' : '';
    for (const dir of this.ruleDirectories(dirname(absPath))) {
      if (this.load(dir)!.ignores(relative(dir, absPath).split(sep).join('/') + suffix)) return true;
    }
    return false;
  }

  /** The directories from the top down to `dir` that have a `.gitignore`, found once per directory. */
  private ruleDirectories(dir: string): string[] {
    let found = this.ruleDirectoriesOf.get(dir);
    if (!found) {
      const above = dir === this.top || relative(this.top, dir).startsWith('..') ? [] : this.ruleDirectories(dirname(dir));
      found = this.load(dir) ? [...above, dir] : above;
      this.ruleDirectoriesOf.set(dir, found);
    }
    return found;
  }

  private load(dir: string): Ignore | undefined {
    if (this.rules.has(dir)) return this.rules.get(dir);
    const file = join(dir, '.gitignore');
    let rules: Ignore | undefined;
    // Most directories have none: asking first spares a thrown error per directory.
    if (existsSync(file)) {
      try {
        rules = ignore().add(readFileSync(file, 'utf8'));
      } catch {
        rules = undefined; // unreadable (or a directory): nothing ignored by it
      }
    }
    this.rules.set(dir, rules);
    return rules;
  }
}
