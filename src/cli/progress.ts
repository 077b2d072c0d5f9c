/** Only runs longer than this show progress: a quick run must print nothing extra. */
const DELAY_MS = 1000;
const REFRESH_MS = 100;

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** A one-line `checking N/M files` counter on a TTY stream, shown after a second, erased at the end. */
export function createProgress(stream: NodeJS.WriteStream): Progress | undefined {
  if (!stream.isTTY) return undefined;
  const started = Date.now();
  let lastDraw = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - started < DELAY_MS || now - lastDraw < REFRESH_MS) return;
      lastDraw = now;
      shown = true;
      stream.write(`\r\x1b[Kchecking ${done}/${total} files`);
    },
    stop() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
