import { spawn } from 'node:child_process';
import { createConnection, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { FRAME, FrameReader, SERVE_ENV, writeFrame, type Request, type ResidentStart } from './protocol.js';

/** How long a client waits for the resident process it started to listen before running the check itself. */
const START_WAIT_MS = 5000;
const RETRY_MS = 20;

/**
 * `--resident`: the run is done by the resident process at `start.address`, started first (detached, in the
 * background) when none answers there; its output and exit code become this process's. Undefined when the
 * run must happen here instead: no process could be reached, or one ended before it answered.
 */
export async function runResident(start: ResidentStart, argv: string[]): Promise<number | undefined> {
  const socket = (await connect(start.address)) ?? (await startResident(start));
  if (!socket) return undefined;
  const request: Request = { argv, cwd: process.cwd(), env: process.env, stdoutTTY: Boolean(process.stdout.isTTY) };
  writeFrame(socket, FRAME.request, JSON.stringify(request));
  return relay(socket);
}

/** `--resident-stop`: ends the resident process at `address`; whether one was running. */
export async function stopResident(address: string): Promise<boolean> {
  const socket = await connect(address);
  if (!socket) return false;
  await new Promise<void>((resolve) => {
    socket.on('close', () => resolve());
    writeFrame(socket, FRAME.stop, '');
    socket.end();
  });
  return true;
}

/** Passes the run's output on as it comes, pausing while stdout is full; resolves with its exit code. */
function relay(socket: Socket): Promise<number | undefined> {
  let answered = false;
  let stdoutOpen = true;
  // A reader that goes away (`| head`) ends the output, not the run: the exit code still gives the verdict.
  process.stdout.on('error', () => {
    stdoutOpen = false;
    socket.resume();
  });
  return new Promise((resolve) => {
    let code: number | undefined;
    const reader = new FrameReader((type, payload) => {
      answered = true;
      if (type === FRAME.exit) {
        code = Number(payload.toString('utf8'));
        socket.destroy();
      } else if (type === FRAME.stderr) process.stderr.write(payload);
      else if (type === FRAME.stdout && stdoutOpen && !process.stdout.write(payload)) {
        socket.pause();
        process.stdout.once('drain', () => socket.resume());
      }
    });
    socket.on('data', (chunk) => reader.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (code !== undefined || !answered) return resolve(code);
      process.stderr.write('gitops-check: the resident process ended before the run did\n');
      resolve(2);
    });
  });
}

function connect(address: string): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = createConnection(address, () => {
      socket.off('error', failed);
      resolve(socket);
    });
    const failed = () => resolve(undefined);
    socket.once('error', failed);
  });
}

/** Starts the resident process (`bin/` run with SERVE_ENV) and waits for it to listen. */
async function startResident(start: ResidentStart): Promise<Socket | undefined> {
  const { address } = start;
  try {
    const env = { ...process.env, [SERVE_ENV]: JSON.stringify(start) };
    const child = spawn(process.execPath, [process.argv[1]!], { cwd: dirname(address), detached: true, stdio: 'ignore', windowsHide: true, env });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    return undefined;
  }
  for (let waited = 0; waited < START_WAIT_MS; waited += RETRY_MS) {
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    const socket = await connect(address);
    if (socket) return socket;
  }
  return undefined;
}
