import { setFlagsFromString } from 'node:v8';
import { DiskCache } from '../cache/disk-cache.js';
import { requireCached } from '../cache/code-cache.js';
import { pruneIfDue } from '../cache/prune.js';
import { cacheDirOf, hasFlag } from './argv.js';
import { residentAddress } from './resident/address.js';
import { runResident, stopResident } from './resident/client.js';
import { SERVE_ENV, serveResident, type ResidentStart } from './resident/server.js';

/**
 * What bin/ runs: the CLI's bundle (`scripts/bundle.ts`, CommonJS) with its compiled code from the user
 * cache directory, unless `--no-cache` is among the arguments; with `--resident`, the resident process's run
 * instead (src/cli/resident/), and the resident process itself when started as one.
 */
export async function start(bundle: string, argv: string[]): Promise<number> {
  // The bundle turns this flag on as it loads (src/policy/rego/builtins/regex.ts), and V8 takes compiled
  // code only under the flags it was made with: on before compiling, so a run's code is the next one's.
  setFlagsFromString('--enable-experimental-regexp-engine');
  // Less inlining into optimized code: V8 compiles hot functions on up to 4 background threads (~2.6 s of CPU in a
  // 10k-document run), which on a 2-core machine take turns with the check's own thread. A third of the default
  // budget cut that to ~1.9 s; medians of interleaved runs: 1k documents 10-15% faster, 10k 0-5%, 50k ~8%.
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=300');
  // No allocation site tenured ahead: once most of a site's objects outlive a scavenge, V8 makes all its later ones
  // in the old space, and the run's values, which mostly die with their file, piled up there until a full
  // collection (50k documents: 391-396 against 544 MiB peak RSS and 7.5 against 8.6-9.6 s).
  setFlagsFromString('--no-allocation-site-pretenuring');
  const serving = process.env[SERVE_ENV];
  if (serving !== undefined) {
    delete process.env[SERVE_ENV];
    const { address, codeCacheDir } = JSON.parse(serving) as ResidentStart;
    await serveResident(bundle, address, codeCacheDir === null ? undefined : new DiskCache(codeCacheDir, 'bundle'));
    return 0;
  }
  if (hasFlag(argv, '--resident-stop')) {
    const address = residentAddress(bundle, cacheDirOf(argv));
    const stopped = address !== null && (await stopResident(address));
    process.stderr.write(`gitops-check: ${stopped ? 'stopped the resident process' : 'no resident process was running'}\n`);
    return 0;
  }
  if (hasFlag(argv, '--resident') && !argv.includes('-')) {
    const address = residentAddress(bundle, cacheDirOf(argv));
    const code = address === null ? undefined : await runResident({ address, codeCacheDir: hasFlag(argv, '--no-cache') ? null : cacheDirOf(argv) }, argv);
    if (code !== undefined) return code;
  }
  // The entry's key holds the bundle's checksum, which stands for the tool's version.
  const cache = hasFlag(argv, '--no-cache') ? undefined : new DiskCache(cacheDirOf(argv), 'bundle');
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
