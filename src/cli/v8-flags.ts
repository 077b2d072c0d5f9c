import { setV8Flag } from '../cache/code-cache.js';

/**
 * The V8 flags a run sets for itself (bin/ through start.ts, and the benchmark's rows of our own code), before
 * the CLI's code is compiled: V8 takes compiled code only under the flags it was made with, so a run's cached code
 * is the next one's (the code cache's keys name them too).
 */
export function setV8Flags(): void {
  // The bundle turns this flag on as it loads (src/policy/rego/builtins/regex.ts).
  setV8Flag('--enable-experimental-regexp-engine');
  // Less inlining into optimized code: V8 compiles hot functions on up to 4 background threads (~2.6 s of CPU in a
  // 10k-document run), which on a 2-core machine take turns with the check's own thread. A third of the default
  // budget cut that to ~1.9 s; medians of interleaved runs: 1k documents 10-15% faster, 10k 0-5%, 50k ~8%.
  setV8Flag('--max-inlined-bytecode-size-cumulative=300');
  // No allocation site tenured ahead: once most of a site's objects outlive a scavenge, V8 makes all its later ones
  // in the old space, and the run's values, which mostly die with their file, piled up there until a full
  // collection (50k documents: 391-396 against 544 MiB peak RSS and 7.5 against 8.6-9.6 s).
  setV8Flag('--no-allocation-site-pretenuring');
}

/** From this many files a run's heap grows by half before each full collection (the 10k bench tree has 7,161, the 1k one 700). */
const LARGE_RUN_FILES = 5000;

/**
 * Runs `run` with the old generation growing, before each full collection, as far as suits a run of `files` files,
 * and puts V8's own factor back after it (the flags the CLI's code was compiled and is kept under): a large run
 * keeps a little of each file, steadily, and V8's own factor (from how fast it collects, up to 4x) grew the heap
 * far ahead of that: 50k documents 270-311 against 395-400 MiB peak RSS, 10k 164-174 against 176-179 MiB, no
 * slower. A small run keeps V8's factor: half as much growth cost it one more full collection, 3-5% of a 1k run's
 * time. A resident process serves large and small runs in turn; the code a run compiles is cached under the flags
 * (src/cache/code-cache.ts), so small and large runs each take their own.
 */
export async function withHeapGrowth<T>(files: number, run: () => T | Promise<T>): Promise<T> {
  if (files >= LARGE_RUN_FILES) setV8Flag('--heap-growing-percent=50');
  try {
    return await run();
  } finally {
    setV8Flag('--heap-growing-percent=0', true);
  }
}
