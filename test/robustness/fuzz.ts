import { Worker } from 'node:worker_threads';
import type { WorkerMessage } from './fuzz-target.js';

export interface FuzzOutcome {
  runs: number;
  /** The shrunk counterexample and its error, or the input that did not finish. */
  failure?: string;
}

/** Runs per property; FUZZ_RUNS raises it for a longer session. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 200);

/** Far above any real input's cost on a loaded machine: only a hang reaches it. */
const PER_INPUT_MS = 20_000;
const MEMORY_MB = 1024;

/**
 * Runs the `fuzzTarget` of a module in a worker thread, so an input that hangs or exhausts memory is
 * stopped and named instead of stalling the test run. The time bound is per input, a hang check, not
 * a speed check.
 */
export function fuzz(target: URL, numRuns = FUZZ_RUNS, seed?: number): Promise<FuzzOutcome> {
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(new URL('./fuzz-worker.ts', import.meta.url).href)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { target: target.href, numRuns, seed }, resourceLimits: { maxOldGenerationSizeMb: MEMORY_MB } });
  return new Promise((resolvePromise) => {
    let last = '(before the first input)';
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    const finish = (outcome: FuzzOutcome) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      void worker.terminate();
      resolvePromise(outcome);
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish({ runs: -1, failure: `input did not finish within ${PER_INPUT_MS / 1000} s: ${last}` }), PER_INPUT_MS);
    };
    arm();
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'done') finish(message.failure === undefined ? { runs: message.runs } : { runs: message.runs, failure: message.failure });
      else {
        last = message.input;
        arm();
      }
    });
    worker.on('error', (error) => finish({ runs: -1, failure: `worker failed (${error.message}) on input: ${last}` }));
    worker.on('exit', (code) => finish({ runs: -1, failure: `worker exited (code ${code}) on input: ${last}` }));
  });
}
