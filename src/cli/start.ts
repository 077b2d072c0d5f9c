import { DiskCache } from '../cache/disk-cache.js';
import { requireCached } from '../cache/code-cache.js';
import { pruneIfDue } from '../cache/prune.js';
import { cacheDirOf, hasFlag } from './argv.js';
import { residentAddress } from './resident/address.js';
import { SERVE_ENV, type ResidentStart } from './resident/protocol.js';
import { setV8Flags } from './v8-flags.js';

/**
 * What bin/ runs: the CLI's bundle (`scripts/bundle.ts`, CommonJS) with its compiled code from the user
 * cache directory, unless `--no-cache` is among the arguments; with `--resident`, the resident process's run
 * instead (src/cli/resident/), and the resident process itself when started as one. The resident modules are
 * imported only then: they load child_process and net (~3 ms of every other run).
 */
export async function start(bundle: string, argv: string[]): Promise<number> {
  setV8Flags();
  const serving = process.env[SERVE_ENV];
  if (serving !== undefined) {
    delete process.env[SERVE_ENV];
    const { address, codeCacheDir } = JSON.parse(serving) as ResidentStart;
    const { serveResident } = await import('./resident/server.js');
    await serveResident(bundle, address, codeCacheDir === null ? undefined : new DiskCache(codeCacheDir, 'bundle'));
    return 0;
  }
  if (hasFlag(argv, '--resident-stop')) {
    const address = residentAddress(bundle, cacheDirOf(argv));
    const stopped = address !== null && (await (await import('./resident/client.js')).stopResident(address));
    process.stderr.write(`gitops-check: ${stopped ? 'stopped the resident process' : 'no resident process was running'}\n`);
    return 0;
  }
  if (hasFlag(argv, '--resident') && !argv.includes('-')) {
    const address = residentAddress(bundle, cacheDirOf(argv));
    const { runResident } = await import('./resident/client.js');
    const code = address === null ? undefined : await runResident({ address, codeCacheDir: hasFlag(argv, '--no-cache') ? null : cacheDirOf(argv) }, argv);
    if (code !== undefined) return code;
  }
  // The entry's key holds the bundle's checksum, which stands for the tool's version.
  const cache = hasFlag(argv, '--no-cache') ? undefined : new DiskCache(cacheDirOf(argv), 'bundle');
  const program = requireCached(bundle, cache);
  const { main, processIo } = program.exports as typeof import('./main.js');
  let checked = false;
  const code = await main(argv, { ...processIo(), checkedHere: () => void (checked = true) });
  program.keep(checked);
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
