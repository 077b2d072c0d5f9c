import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/**
 * `.gitignore` rules as git applies them during a walk: each file's patterns apply below its own
 * directory, from the repository's top (the nearest `.git` above the working directory) down.
 * Files are read lazily, once per directory.
 */
export class GitIgnore {
  private readonly rules = new Map<string, Promise<Ignore | undefined>>();

  private constructor(private readonly top: string) {}

  static async forWorkingDirectory(cwd: string): Promise<GitIgnore> {
    for (let dir = cwd; ; dir = dirname(dir)) {
      if (await stat(join(dir, '.git')).catch(() => undefined)) return new GitIgnore(dir);
      if (dirname(dir) === dir) return new GitIgnore(cwd);
    }
  }

  async ignores(absPath: string, isDirectory: boolean): Promise<boolean> {
    const fromTop = relative(this.top, absPath);
    if (fromTop === '' || fromTop.startsWith('..')) return false;
    const parts = fromTop.split(sep);
    let dir = this.top;
    for (let i = 0; i < parts.length; i++) {
      const rules = await this.load(dir);
      const rel = parts.slice(i).join('/') + (isDirectory ? '/' : '');
      if (rules?.ignores(rel)) return true;
      dir = join(dir, parts[i]!);
    }
    return false;
  }

  private load(dir: string): Promise<Ignore | undefined> {
    let rules = this.rules.get(dir);
    if (!rules) {
      rules = readFile(join(dir, '.gitignore'), 'utf8').then(
        (text) => ignore().add(text),
        () => undefined,
      );
      this.rules.set(dir, rules);
    }
    return rules;
  }
}
