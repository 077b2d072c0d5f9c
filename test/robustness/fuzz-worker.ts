import fc from 'fast-check';
import { parentPort, workerData } from 'node:worker_threads';
import type { FuzzTarget, WorkerMessage } from './fuzz-target.js';

/** Runs one fuzz module's property; each input is announced first so the test can name the one that hangs. */
const { target, numRuns, seed } = workerData as { target: string; numRuns: number; seed?: number };
const post = (message: WorkerMessage) => parentPort!.postMessage(message);
const { fuzzTarget } = (await import(target)) as { fuzzTarget: FuzzTarget<unknown> };
const property = fc.asyncProperty(fuzzTarget.arbitrary, async (input) => {
  post({ kind: 'input', input: fc.stringify(input) });
  await fuzzTarget.check(input);
});
const details = await fc.check(property, { numRuns, ...(seed === undefined ? {} : { seed }) });
if (!details.failed) post({ kind: 'done', runs: details.numRuns });
else {
  const error = details.errorInstance instanceof Error ? (details.errorInstance.stack ?? details.errorInstance.message) : String(details.errorInstance);
  const frames = error.split('\n').slice(0, 6).join('\n');
  post({ kind: 'done', runs: details.numRuns, failure: `seed ${details.seed}, path ${details.counterexamplePath}\ninput: ${fc.stringify(details.counterexample)}\n${frames}` });
}
