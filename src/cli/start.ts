import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { DiskCache, defaultCacheDir } from '../cache/disk-cache.js';
import { requireCached } from '../cache/code-cache.js';
import { pruneIfDue } from '../cache/prune.js';

/**
 * What bin/ runs: the CLI's bundle (`scripts/bundle.ts`, CommonJS) with its compiled code from the user
 * cache directory, unless `--no-cache` is among the arguments.
 */
export async function start(bundle: string, argv: string[]): Promise<number> {
  // The bundle turns this flag on as it loads (src/policy/rego/builtins/regex.ts), and V8 takes compiled
  // code only under the flags it was made with: on before compiling, so a run's code is the next one's.
  setFlagsFromString('--enable-experimental-regexp-engine');
  // Less inlining into optimized code: V8 compiles hot functions on up to 4 background threads (~2.6 s of CPU in a
  // 10k-document run), which on a 2-core machine take turns with the check's own thread. A third of the default
  // budget cut that to ~1.9 s; medians of interleaved runs: 1k documents 10-15% faster, 10k 0-5%, 50k ~8%.
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=300');
  // The entry's key holds the bundle's checksum, which stands for the tool's version.
  const cache = argv.includes('--no-cache') ? undefined : new DiskCache(cacheDirOf(argv), 'bundle');
  const program = requireCached(bundle, cache);
  const code = await (program.exports as typeof import('./main.js')).main(argv);
  program.keep();
  // Once the report is out: the once-a-day look (a stat of every entry) delays only the exit.
  if (cache) pruneIfDue(cache.dir);
  return code;
}

/**
 * Ends the process with `code` once stdout and stderr have passed on all they were given. Left to end by itself,
 * Node waits for V8's background compilations still running and tears the heap down: 5-10% of a 1k- or
 * 10k-document run's wall time here. Everything else a run starts (cache entries, report files) it has finished.
 */
export function exitWhenWritten(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const written = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', written);
  process.stderr.write('', written);
}

/**
 * The cache directory the CLI's options name (`--cache-dir D` or `--cache-dir=D`, the last one; relative to the
 * working directory), read before commander parses them: the bundle's compiled code is taken from it first.
 */
function cacheDirOf(argv: string[]): string {
  let dir: string | undefined;
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    const arg = argv[i]!;
    if (arg === '--cache-dir') dir = argv[++i];
    else if (arg.startsWith('--cache-dir=')) dir = arg.slice('--cache-dir='.length);
  }
  return dir === undefined ? defaultCacheDir() : resolve(dir);
}
