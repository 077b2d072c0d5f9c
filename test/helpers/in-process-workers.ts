import { discover } from '../../src/discovery/discover.js';
import { combineReports } from '../../src/pipeline/combine.js';
import { runChecks, type CheckOptions, type Exchange } from '../../src/pipeline/run.js';
import { createExchange } from '../../src/pipeline/workers.js';
import type { Report } from '../../src/report/model.js';

/**
 * A run spread over `jobs` parts as `runInWorkers` spreads it over worker threads, but on this thread: the same
 * exchange, each payload cloned as posting it clones it. Its `elapsedMs` is 0.
 */
export async function runInProcessWorkers(options: CheckOptions, jobs: number): Promise<Report> {
  const discovered = await discover({ cwd: options.cwd, paths: options.paths, exclude: options.exclude, within: options.within });
  const waiting: Array<(others: unknown[] | null) => void> = [];
  const share = createExchange(jobs, (j, others) => waiting[j]!(others));
  const exchange =
    (j: number): Exchange =>
    <T>(own: T | null, takes = true) =>
      new Promise<T[] | null>((resolve) => {
        waiting[j] = (others) => resolve(others && (takes ? (structuredClone(others) as T[]) : []));
        share(j, structuredClone(own));
      });
  const parts = Array.from({ length: jobs }, (_, j) => runChecks({ ...options, discovered, shard: { index: j + 1, count: jobs }, shareParts: exchange(j) }));
  return { ...combineReports(await Promise.all(parts)), elapsedMs: 0 };
}
