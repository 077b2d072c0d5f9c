import { resolve } from 'node:path';
import { defaultCacheDir } from '../cache/disk-cache.js';

/** Whether `flag` is among the options, before a `--` that ends them; read before commander parses them. */
export function hasFlag(argv: readonly string[], flag: string): boolean {
  const end = argv.indexOf('--');
  return argv.slice(0, end < 0 ? argv.length : end).includes(flag);
}

/**
 * The cache directory the CLI's options name (`--cache-dir D` or `--cache-dir=D`, the last one; relative to the
 * working directory), read before commander parses them: the bundle's compiled code is taken from it first.
 */
export function cacheDirOf(argv: readonly string[]): string {
  let dir: string | undefined;
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    const arg = argv[i]!;
    if (arg === '--cache-dir') dir = argv[++i];
    else if (arg.startsWith('--cache-dir=')) dir = arg.slice('--cache-dir='.length);
  }
  return dir === undefined ? defaultCacheDir() : resolve(dir);
}
