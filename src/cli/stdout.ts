import { once } from 'node:events';

/**
 * The process's stdout as the report writer uses it. A write the stream could not pass on yet returns a
 * promise of its draining: a report written in one synchronous loop to a pipe (CI logs, `| tee`) otherwise
 * piled up whole in memory (~100 MB at 50k documents). A reader that goes away (`gitops-check | head`) ends
 * the output, not the run: later writes are dropped, and the exit code still gives the verdict.
 */
export function processStdout(): (text: string) => void | Promise<void> {
  let closed = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return (text) => {
    if (closed || process.stdout.write(text)) return undefined;
    return once(process.stdout, 'drain').then(
      () => undefined,
      () => undefined,
    );
  };
}
