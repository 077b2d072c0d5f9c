/** Only runs longer than this show progress: a quick run must print nothing extra. */
const DELAY_MS = 1000;
const REFRESH_MS = 100;

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * A one-line `checking N/M files` counter on a TTY stream, shown after a second, erased at the end. The stream
 * is asked for only then: making process.stderr (a pipe or a TTY is a socket) was ~5 ms of a quick run.
 */
export function createProgress(stream: () => NodeJS.WriteStream): Progress {
  const started = Date.now();
  let lastDraw = 0;
  let shown = false;
  let tty: NodeJS.WriteStream | null | undefined;
  return {
    update(done, total) {
      if (tty === null) return;
      const now = Date.now();
      if (now - started < DELAY_MS || now - lastDraw < REFRESH_MS) return;
      if (tty === undefined) {
        const asked = stream();
        tty = asked.isTTY ? asked : null;
        if (!tty) return;
      }
      lastDraw = now;
      shown = true;
      tty.write(`\r\x1b[Kchecking ${done}/${total} files`);
    },
    stop() {
      if (shown) tty!.write('\r\x1b[K');
    },
  };
}
