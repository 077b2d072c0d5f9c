/** A `--jobs` worker thread: prepares the run as the main thread did and checks its part of the files. */
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError } from '../model/errors.js';
import { prepareCheck, type CheckRequest } from './prepare.js';
import { runChecks, type SharedFile } from './run.js';
import type { Shard } from './shard.js';
import type { WorkerMessage, WorkerReply } from './workers.js';

// A promise, not a top-level await: the bundle is CommonJS.
void replyTo(workerData as { request: CheckRequest; part: Shard }).then((reply) => parentPort!.postMessage(reply));

async function replyTo({ request, part }: { request: CheckRequest; part: Shard }): Promise<WorkerReply> {
  try {
    const { options } = await prepareCheck(request);
    const shareParts = (own: SharedFile[] | null) =>
      new Promise<SharedFile[] | null>((resolve) => {
        parentPort!.once('message', (message: { context: SharedFile[] | null }) => resolve(message.context));
        parentPort!.postMessage({ shared: own } satisfies WorkerMessage);
      });
    const report = await runChecks({ ...options, shard: part, shareParts, readStdin: () => Promise.reject(new Error('stdin is read by the main thread')) });
    return { report };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { error: error instanceof ConfigError ? { message, config: { file: error.file, line: error.line, column: error.column } } : { message } };
  }
}
