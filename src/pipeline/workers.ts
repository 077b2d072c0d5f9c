import type { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { ConfigError } from '../model/errors.js';
import type { Report } from '../report/model.js';
import { combineReports } from './combine.js';
import type { CheckRequest } from './prepare.js';
import { stopwatch, type CheckOptions, type SharedFile } from './run.js';
import type { Shard } from './shard.js';

/** What a worker posts back: its part's report, or why it could not make one. */
export type WorkerReply = { report: Report } | { error: { message: string; config?: { file?: string; line?: number; column?: number } } };
/** A worker posts its part's parsed documents first (null: start again, whole, and post them again), then its reply. */
export type WorkerMessage = { shared: SharedFile[] | null } | WorkerReply;

/**
 * How many worker threads a run uses: `--jobs` when given, else one per core but one, when the run has
 * enough files to pay for starting the workers. One core is left to this thread and V8's garbage collector
 * threads: on a 2-core machine two workers were slower than one thread (10k documents: 8.0 s against 5.2 s,
 * each worker's parse twice as slow as alone). One (this thread) for stdin and for a shard, already a part.
 */
export async function chooseJobs(requested: number | undefined, options: Pick<CheckOptions, 'paths'>, shard: Shard | undefined, countFiles: () => Promise<number>): Promise<number> {
  if (shard || options.paths.includes('-')) return 1;
  if (requested !== undefined) return requested;
  const files = await countFiles();
  return Math.max(1, Math.min(availableParallelism() - 1, Math.floor(files / MIN_FILES_PER_WORKER)));
}

/** Below this many files a worker costs more (its start, its share of the exchange) than it saves. */
const MIN_FILES_PER_WORKER = 500;

/**
 * The run spread over `jobs` worker threads: worker j checks part j of the files (the same path hash as
 * `--shard`). Each parses its part (and, streamed, the files the passes are made from), then the workers
 * exchange through this thread their parsed documents (streamed: what they kept of them), so the repo-wide
 * checks see every object; the parts' reports combine into exactly the report one thread gives.
 */
export async function runInWorkers(request: CheckRequest, jobs: number): Promise<Report> {
  const elapsed = stopwatch();
  // Loaded only by the runs that start workers.
  const { Worker } = await import('node:worker_threads');
  const workers: Worker[] = [];
  const shared: Array<SharedFile[] | null> = [];
  let sharing = jobs;
  // Once every part is in, each worker gets the others' (or null, when one asks to start again: another round follows).
  const share = (index: number, own: SharedFile[] | null) => {
    shared[index] = own;
    if (--sharing > 0) return;
    const again = shared.includes(null);
    workers.forEach((worker, j) => worker.postMessage({ context: again ? null : shared.flatMap((part, k) => (k === j ? [] : part!)) }));
    shared.length = 0;
    sharing = jobs;
  };
  try {
    const parts = await Promise.all(
      Array.from({ length: jobs }, (_, i) => {
        const part: Shard = { index: i + 1, count: jobs };
        const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { request, part } });
        workers.push(worker);
        return reportOf(worker, (own) => share(i, own));
      }),
    );
    return { ...combineReports(parts), elapsedMs: elapsed() };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function reportOf(worker: Worker, share: (own: SharedFile[] | null) => void): Promise<Report> {
  return new Promise((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if ('shared' in message) return share(message.shared);
      if ('report' in message) return resolve(message.report);
      const { message: text, config } = message.error;
      reject(config ? new ConfigError(text, config.file, config.line, config.column) : new Error(text));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`a worker thread stopped (exit code ${code}) before reporting`)));
  });
}
