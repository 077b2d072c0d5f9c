/**
 * Where a run's time goes, for `--timings`: wall milliseconds by stage (read, parse, a pass…) and by item (a
 * policy rule, a kind's schema validation), with how many times each ran. Off unless the run turns it on; then
 * one recorder per thread, module-wide: the stages are timed deep in the pipeline, and a recorder handed down
 * every call would cost every run a parameter. When off, a timed place costs one read of `recorder`.
 */

/** As plain data, which a worker can post: [name, milliseconds, count] in the order first recorded. */
export interface TimingsData {
  stages: Array<[string, number, number]>;
  items: Array<[string, number, number]>;
  /** Threads whose times are summed here (workers; 1: this one). */
  threads: number;
}

export class Timings {
  private readonly stages = new Map<string, [number, number]>();
  private readonly items = new Map<string, [number, number]>();
  private threads = 1;

  /** Milliseconds, for the start of a timed span. */
  now(): number {
    return performance.now();
  }

  /** A span of a stage that began at `start` (from `now`) ends now. */
  stage(name: string, start: number, count = 1): void {
    add(this.stages, name, performance.now() - start, count);
  }

  item(name: string, start: number): void {
    add(this.items, name, performance.now() - start, 1);
  }

  /** Adds the times of worker threads, which did the run's work: this thread's own then counts as one more. */
  addWorkers(parts: TimingsData[]): void {
    for (const part of parts) {
      for (const [name, ms, count] of part.stages) add(this.stages, name, ms, count);
      for (const [name, ms, count] of part.items) add(this.items, name, ms, count);
    }
    this.threads += parts.length;
  }

  get data(): TimingsData {
    const flat = (map: Map<string, [number, number]>) => [...map].map(([name, [ms, count]]): [string, number, number] => [name, ms, count]);
    return { stages: flat(this.stages), items: flat(this.items), threads: this.threads };
  }
}

function add(map: Map<string, [number, number]>, name: string, ms: number, count: number): void {
  const entry = map.get(name);
  if (entry) {
    entry[0] += ms;
    entry[1] += count;
  } else {
    map.set(name, [ms, count]);
  }
}

/** This thread's recorder, when the run records timings. */
export let recorder: Timings | undefined;

/** Starts recording a run's timings, or stops: a process that runs again (the resident one) starts afresh each time. */
export function recordTimings(on: boolean): void {
  recorder = on ? new Timings() : undefined;
}
