import { chmodSync, unlinkSync } from 'node:fs';
import { once } from 'node:events';
import { createConnection, createServer, type Socket } from 'node:net';
import { requireCached } from '../../cache/code-cache.js';
import type { DiskCache } from '../../cache/disk-cache.js';
import { pruneIfDue } from '../../cache/prune.js';
import type { Io } from '../main.js';
import { cacheDirOf, hasFlag } from '../argv.js';
import { FRAME, FrameReader, writeFrame, type Request } from './protocol.js';

/** Seconds without a run before the resident process ends, unless GITOPS_CHECK_RESIDENT_IDLE_SECONDS says otherwise. */
const IDLE_SECONDS = 15 * 60;

/**
 * Output kept for a client reading slower than the run writes, before the run waits for it. A wait lasts until
 * all of it has gone (the socket's 'drain'), while the run renders nothing: at 8 MiB the 10k bench tree's 18.5 MB
 * JSON report took 0.20–0.25 s to write against 0.08–0.10 s unbounded. So only a larger report than most waits.
 */
const MAX_BUFFERED = 64 * 1024 * 1024;

type Main = typeof import('../main.js').main;

const noop = () => undefined;

/**
 * The resident process: the CLI's bundle loaded once, its compiled code and V8's optimizations kept from run to
 * run (a 1k-document run's second time in one process took a third of its first). Runs one request at a time,
 * each in its client's working directory and environment. Resolves after IDLE_SECONDS without one, when asked
 * to stop, or at once when another process already listens at `address`.
 */
export async function serveResident(bundle: string, address: string, codeCache: DiskCache | undefined): Promise<void> {
  const program = requireCached(bundle, codeCache);
  const main = (program.exports as { main: Main }).main;
  const idleMs = 1000 * (Number(process.env.GITOPS_CHECK_RESIDENT_IDLE_SECONDS) || IDLE_SECONDS);
  let queue = Promise.resolve();
  let waiting = 0;
  let idle: NodeJS.Timeout | undefined;
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    const reader = new FrameReader((type, payload) => {
      if (type === FRAME.stop) return void stop();
      const request = type === FRAME.request ? parseRequest(payload) : undefined;
      if (!request) return void socket.destroy();
      clearTimeout(idle);
      waiting++;
      // The compiled code is stored after a run has compiled what it calls (requireCached says when it is worth it).
      queue = queue.then(() => serveRun(main, request, socket)).then((checked) => program.keep(checked)).finally(() => {
        if (--waiting === 0) idle = setTimeout(stop, idleMs);
      });
    });
    socket.on('data', (chunk) => reader.push(chunk));
  });
  const stop = () => server.close();
  if (!(await listen(server, address))) return;
  // Closing the server unlinks the socket; an exit without it leaves a file the next process replaces.
  chmodSync(address, 0o600);
  idle = setTimeout(stop, idleMs);
  await once(server, 'close');
}

/** Listens at `address`, replacing a socket no process answers at; false when one does. */
async function listen(server: ReturnType<typeof createServer>, address: string): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(address, () => {
          server.off('error', reject);
          resolve();
        });
      });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt > 0 || (await answers(address))) return false;
      try {
        unlinkSync(address);
      } catch {
        return false;
      }
    }
  }
}

function answers(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(address, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** Runs a client's request; whether this thread checked documents. */
async function serveRun(main: Main, request: Request, socket: Socket): Promise<boolean> {
  // A client gone before its turn (Ctrl-C while waiting) has no run to see.
  if (socket.destroyed) return false;
  let checked = false;
  let open = true;
  const closed = new Promise<void>((resolve) => socket.once('close', resolve)).then(() => {
    open = false;
  });
  let code: number;
  try {
    process.chdir(request.cwd);
    takeEnvironment(request.env);
    const io: Io = {
      cwd: request.cwd,
      startedAt: performance.now(),
      // A client that went away (Ctrl-C) ends the output, not the run, as a closed pipe does in-process. The
      // socket's own buffer is a few KB: waiting for the client each time it fills cost a 5 MB report 0.1 s.
      stdout: (text) => {
        if (!open) return undefined;
        writeFrame(socket, FRAME.stdout, text);
        return socket.writableLength <= MAX_BUFFERED ? undefined : Promise.race([once(socket, 'drain').then(noop, noop), closed]);
      },
      stderr: (text) => void (open && writeFrame(socket, FRAME.stderr, text)),
      // The client runs in its own process when a path is `-`.
      readStdin: () => Promise.reject(new Error('no standard input in the resident process')),
      colorSupported: request.stdoutTTY && !request.env.NO_COLOR,
      checkedHere: () => void (checked = true),
    };
    code = await main(request.argv, io);
    if (!hasFlag(request.argv, '--no-cache')) pruneIfDue(cacheDirOf(request.argv));
  } catch (error) {
    if (open) writeFrame(socket, FRAME.stderr, `gitops-check: internal error: ${(error as Error).message}\n`);
    code = 2;
  }
  if (open) {
    writeFrame(socket, FRAME.exit, String(code));
    socket.end();
  }
  return checked;
}

function parseRequest(payload: Buffer): Request | undefined {
  try {
    return JSON.parse(payload.toString('utf8')) as Request;
  } catch {
    return undefined;
  }
}

/** The client's environment becomes this process's, as the run reads it (output formats, NO_COLOR, caches). */
function takeEnvironment(env: Record<string, string | undefined>): void {
  for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name];
  for (const [name, value] of Object.entries(env)) if (value !== undefined) process.env[name] = value;
}
