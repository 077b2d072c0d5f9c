import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { ConfigError } from '../model/errors.js';
import type { Report } from '../report/model.js';
import { combineReports } from './combine.js';
import type { CheckRequest } from './prepare.js';
import type { CheckOptions } from './run.js';
import type { Shard } from './shard.js';

/** What a worker posts back: its part's report, or why it could not make one. */
export type WorkerReply = { report: Report } | { error: { message: string; config?: { file?: string; line?: number; column?: number } } };

/**
 * How many worker threads a run uses: `--jobs` when given, else one. Each worker still parses the whole tree
 * for its context, so on this project's 2-core machine two workers were slower than one thread (10k
 * documents: 16.9 s against 15.2 s, idle) and used more memory: threads are opt-in until workers parse only
 * their own files. One (this thread) for stdin and for a shard, which is already a part.
 */
export function chooseJobs(requested: number | undefined, options: Pick<CheckOptions, 'paths'>, shard: Shard | undefined): number {
  if (shard || options.paths.includes('-')) return 1;
  return requested ?? 1;
}

/**
 * The run spread over `jobs` worker threads: worker j checks part j of the files (the same path hash as
 * `--shard`) and reads the rest as context, so the repo-wide checks and CRDs see every document; the parts'
 * reports combine into exactly the report one thread gives.
 */
export async function runInWorkers(request: CheckRequest, jobs: number): Promise<Report> {
  const started = performance.now();
  const workers: Worker[] = [];
  try {
    const parts = await Promise.all(
      Array.from({ length: jobs }, (_, i) => {
        const part: Shard = { index: i + 1, count: jobs };
        const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { request, part } });
        workers.push(worker);
        return reportOf(worker);
      }),
    );
    return { ...combineReports(parts), elapsedMs: performance.now() - started };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function reportOf(worker: Worker): Promise<Report> {
  return new Promise((resolve, reject) => {
    worker.once('message', (reply: WorkerReply) => {
      if ('report' in reply) return resolve(reply.report);
      const { message, config } = reply.error;
      reject(config ? new ConfigError(message, config.file, config.line, config.column) : new Error(message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`a worker thread stopped (exit code ${code}) before reporting`)));
  });
}
