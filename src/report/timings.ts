import type { TimingsData } from '../model/timings.js';

/** Items (rules, kinds) listed, the slowest first. */
const SLOWEST = 10;

type Row = [name: string, ms: number, count: number | undefined];

/**
 * `--timings`, a table for stderr: the run's wall time by stage, then its slowest policy rules and kinds (schema
 * validation), each with its share and how many times it ran. `totalMs` is the process's wall time so far. On one
 * thread the stages do not overlap, and a row takes what none covers (garbage collection between them, cache
 * look-ups, waiting), so the rows add up to the total. With worker threads the stages are summed over the threads
 * and may add up to more than the wall time: shares are then of that sum.
 */
export function formatTimings(data: TimingsData, totalMs: number): string {
  const staged = data.stages.reduce((sum, [, ms]) => sum + ms, 0);
  const base = Math.max(totalMs, staged);
  const stages: Row[] = [...data.stages];
  if (data.threads === 1) stages.push(['other (between stages)', Math.max(0, totalMs - staged), undefined]);
  const total: Row = ['total (wall)', totalMs, undefined];
  const slowest = [...data.items].sort((a, b) => b[1] - a[1]);
  const items: Row[] = slowest.slice(0, SLOWEST);
  const width = Math.max(...[...stages, ...items].map(([name]) => name.length), 'slowest rules and kinds'.length);
  const threads = data.threads === 1 ? 'one thread' : `stages summed over ${data.threads} threads: ${data.threads - 1} workers and the main one`;
  // Summed over threads, the stages are not parts of the wall time.
  const lines = [`timings (wall seconds; ${threads})`, header('stage', width), ...stages.map((row) => line(row, base, width)), line(total, data.threads === 1 ? base : 0, width)];
  if (items.length > 0) {
    lines.push('', header('slowest rules and kinds', width), ...items.map((row) => line(row, base, width)));
    if (slowest.length > SLOWEST) lines.push(`(${slowest.length - SLOWEST} more)`);
  }
  return lines.join('\n') + '\n';
}

function header(title: string, width: number): string {
  return `${title.padEnd(width)}  ${'seconds'.padStart(8)}  ${'share'.padStart(6)}  ${'count'.padStart(9)}`;
}

function line([name, ms, count]: Row, base: number, width: number): string {
  const share = base > 0 ? `${((100 * ms) / base).toFixed(1)}%` : '';
  const times = count === undefined ? '' : count.toLocaleString('en-US');
  return `${name.padEnd(width)}  ${(ms / 1000).toFixed(3).padStart(8)}  ${share.padStart(6)}  ${times.padStart(9)}`.trimEnd();
}
