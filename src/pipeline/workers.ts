import type { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { ConfigError } from '../model/errors.js';
import { v8FlagsSet } from '../cache/code-cache.js';
import type { Discovery } from '../discovery/discover.js';
import type { Report } from '../report/model.js';
import { combineReports } from './combine.js';
import type { CheckRequest } from './prepare.js';
import type { SetupRecord } from '../cache/setup-memory.js';
import { stopwatch, type CheckOptions } from './run.js';
import type { Shard } from './shard.js';
import { recorder, type TimingsData } from '../model/timings.js';

/** What a worker posts back: its part's report, or why it could not make one. */
export type WorkerReply = { report: Report; timings?: TimingsData } | { error: { message: string; config?: { file?: string; line?: number; column?: number } } };
/**
 * A worker posts how many of its files it has checked (now and then); what it shares, once a round (whole: all
 * its parsed documents; streamed: the setup files its share of the pre-scan found, unless all take those the last
 * run found (null: admission policies, the tree is checked whole), its setup files' documents (checking whole parts,
 * those the passes take), then what it kept of the rest and the repo-wide findings or, checking whole parts, what
 * their end needs; null: start again); then its reply.
 */
export type WorkerMessage = { progress: number } | { shared: SharedArrayBuffer | null } | WorkerReply;
/** What a worker starts from: the run's request, its part, and the files the main thread found. */
export interface WorkerData {
  request: CheckRequest;
  part: Shard;
  discovered: Discovery;
  /** The V8 flags the process set (src/cache/code-cache.ts `v8FlagsSet`), which a worker's code cache keys name too. */
  v8Flags: string[];
  /** What the last runs found of the setup files, read once for all workers (`SetupMemory`): they try the same files first. */
  recalledSetup?: SetupRecord;
}

/**
 * How many worker threads a run uses: `--jobs` when given, else one per core but one, when the run has
 * enough files to pay for starting the workers. One core is left to this thread and V8's compiler and collector
 * threads: on a 2-core machine two workers are slower than one thread (10k documents: 4.6 s against 4.1 s; each
 * worker repeats the pass set-up, V8's warm-up and the repo-wide checks). One (this thread) for stdin and for a
 * shard, already a part.
 */
export function chooseJobs(requested: number | undefined, options: Pick<CheckOptions, 'paths'>, shard: Shard | undefined, files: number): number {
  if (shard || options.paths.includes('-')) return 1;
  if (requested !== undefined) return requested;
  return Math.max(1, Math.min(availableParallelism() - 1, Math.floor(files / MIN_FILES_PER_WORKER)));
}

/** Below this many files a worker costs more (its start, its share of the exchange) than it saves. */
const MIN_FILES_PER_WORKER = 500;

/**
 * The run spread over `jobs` worker threads. Streamed, with its repo-wide checks in parts, worker j checks whole
 * clusters (`portionOf`); else part j of the files (the same path hash as `--shard`). Each parses its files, and
 * the workers exchange through this thread their parsed documents: first those of the files the passes are made
 * from, then what their clusters' ends need (Flux's objects, what the clusters define) or, by path hash, what they
 * kept, to the first worker, which runs the repo-wide checks for all and hands each the findings on its files; the
 * parts' reports combine into exactly the report one thread gives. The files are found once, here, and what the
 * last run found of the setup files is read once (`recalledSetup`); without it each worker pre-scans its share of
 * the files for them.
 */
export async function runInWorkers(
  request: CheckRequest,
  jobs: number,
  discovered: Discovery,
  recalledSetup: SetupRecord | undefined,
  onProgress?: CheckOptions['onProgress'],
): Promise<Report> {
  const elapsed = stopwatch();
  // Loaded only by the runs that start workers.
  const { Worker } = await import('node:worker_threads');
  const workers: Worker[] = [];
  const share = createExchange(jobs, (j, others) => workers[j]!.postMessage({ context: others }));
  const posted = postableDiscovery(discovered);
  const checked = new Array<number>(jobs).fill(0);
  const progress = (index: number, done: number) => {
    checked[index] = done;
    onProgress?.(checked.reduce((sum, n) => sum + n, 0), discovered.targets.length);
  };
  try {
    const parts = Array.from({ length: jobs }, (_, i) => {
      const workerData: WorkerData = { request, part: { index: i + 1, count: jobs }, discovered: posted, v8Flags: v8FlagsSet(), recalledSetup };
      const worker = new Worker(new URL('./worker-thread.js', import.meta.url), { workerData });
      workers.push(worker);
      return replyOf(worker, (own) => share(i, own), (done) => progress(i, done));
    });
    const replies = await Promise.all(parts);
    recorder?.addWorkers(replies.flatMap((reply) => reply.timings ?? []));
    return { ...combineReports(replies.map((reply) => reply.report)), elapsedMs: elapsed() };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/**
 * The exchange between `count` parts of a run: `share(index, own)` from each, in any order; once all are in, each
 * part is given (`deliver`) the others' in part order, or null when one gave null (it starts again: another round
 * follows).
 */
export function createExchange(count: number, deliver: (index: number, others: unknown[] | null) => void): (index: number, own: unknown) => void {
  const shared: unknown[] = [];
  let waiting = count;
  return (index, own) => {
    shared[index] = own;
    if (--waiting > 0) return;
    const again = shared.includes(null);
    for (let j = 0; j < count; j++) deliver(j, again ? null : shared.filter((_, k) => k !== j));
    shared.length = 0;
    waiting = count;
  };
}

/** The files found, as a worker gets them: an error posted loses its `code`, which names the problem, so it goes as plain data. */
export function postableDiscovery(discovered: Discovery): Discovery {
  const plain = (error: unknown) => ({ code: (error as NodeJS.ErrnoException).code, message: (error as Error).message });
  return { targets: discovered.targets.map((target) => (target.listingError === undefined ? target : { ...target, listingError: plain(target.listingError) })) };
}

function replyOf(worker: Worker, share: (own: unknown) => void, progress: (done: number) => void): Promise<{ report: Report; timings?: TimingsData }> {
  return new Promise((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if ('progress' in message) return progress(message.progress);
      if ('shared' in message) return share(message.shared);
      if ('report' in message) return resolve(message);
      const { message: text, config } = message.error;
      reject(config ? new ConfigError(text, config.file, config.line, config.column) : new Error(text));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`a worker thread stopped (exit code ${code}) before reporting`)));
  });
}
