/** A `--jobs` worker thread's work: prepares the run as the main thread did and checks its part of the files. */
import { deserialize, serialize } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError } from '../model/errors.js';
import { setV8Flag } from '../cache/code-cache.js';
import { prepareCheck } from './prepare.js';
import { runChecks, type Exchange } from './run.js';
import { recorder } from '../model/timings.js';
import type { WorkerData, WorkerMessage, WorkerReply } from './workers.js';

/**
 * Checks this worker's part and posts the reply; `checked` is told first when the part had documents, once this
 * thread's compiled code is a check's (the bundle's worker keeps it: src/cli/worker-start.ts).
 */
export async function serveWorker(checked?: () => void): Promise<void> {
  const reply = await replyTo(workerData as WorkerData);
  // Before the reply: the main thread ends the workers once all have replied.
  if ('report' in reply && reply.report.results.length > 0) checked?.();
  parentPort!.postMessage(reply);
}

async function replyTo({ request, part, discovered, v8Flags, recalledSetup }: WorkerData): Promise<WorkerReply> {
  try {
    // Set already (they are the process's): named again here, for this thread's code cache keys.
    for (const flag of v8Flags) setV8Flag(flag);
    const { options } = await prepareCheck(request);
    options.setupMemory?.recalledAs(recalledSetup);
    // A worker's clock starts with the worker.
    recorder?.stage('start-up and configuration', 0);
    const shareParts: Exchange = <T>(own: T | null, takes = true) => {
      const others = nextMessage<{ context: SharedArrayBuffer[] | null }>().then(({ context }) => context && (takes ? context.map((bytes) => deserialize(new Uint8Array(bytes)) as T) : []));
      parentPort!.postMessage({ shared: own === null ? null : sharedBytes(own) } satisfies WorkerMessage);
      return others;
    };
    const readStdin = () => Promise.reject(new Error('stdin is read by the main thread'));
    const report = await runChecks({ ...options, discovered, shard: part, shareParts, readStdin, onProgress: postProgress() });
    return { report, timings: recorder?.data };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { error: error instanceof ConfigError ? { message, config: { file: error.file, line: error.line, column: error.column } } : { message } };
  }
}

/**
 * A payload for the other workers, serialized once into memory they share: the main thread passes it on as it
 * is (posted as objects, it would take every worker's whole and post each again, ~90 MB of setup documents at 50k).
 */
function sharedBytes(payload: unknown): SharedArrayBuffer {
  const bytes = serialize(payload);
  const shared = new SharedArrayBuffer(bytes.length);
  new Uint8Array(shared).set(bytes);
  return shared;
}

/** The main thread's next message (posted ones wait on the port until asked for). */
function nextMessage<T>(): Promise<T> {
  return new Promise((resolve) => parentPort!.once('message', resolve));
}

/** The count of checked files, posted at most every 100 ms (the main thread redraws no more often) and at the part's end. */
function postProgress(): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - last < 100) return;
    last = now;
    parentPort!.postMessage({ progress: done } satisfies WorkerMessage);
  };
}
