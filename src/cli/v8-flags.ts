import { setFlagsFromString } from 'node:v8';

/**
 * The V8 flags a run sets for itself (bin/ through start.ts, and the benchmark's rows of our own code), before
 * the CLI's code is compiled: V8 takes compiled code only under the flags it was made with, so a run's cached code
 * is the next one's.
 */
export function setV8Flags(): void {
  // The bundle turns this flag on as it loads (src/policy/rego/builtins/regex.ts).
  setFlagsFromString('--enable-experimental-regexp-engine');
  // Less inlining into optimized code: V8 compiles hot functions on up to 4 background threads (~2.6 s of CPU in a
  // 10k-document run), which on a 2-core machine take turns with the check's own thread. A third of the default
  // budget cut that to ~1.9 s; medians of interleaved runs: 1k documents 10-15% faster, 10k 0-5%, 50k ~8%.
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=300');
  // No allocation site tenured ahead: once most of a site's objects outlive a scavenge, V8 makes all its later ones
  // in the old space, and the run's values, which mostly die with their file, piled up there until a full
  // collection (50k documents: 391-396 against 544 MiB peak RSS and 7.5 against 8.6-9.6 s).
  setFlagsFromString('--no-allocation-site-pretenuring');
}
