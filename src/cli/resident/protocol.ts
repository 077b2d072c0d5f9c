import type { Writable } from 'node:stream';

/**
 * What a client and the resident process say over their socket: frames of one type byte, a 4-byte length and
 * the payload. The client sends one request; the process answers with the run's stdout and stderr as they are
 * written, then its exit code.
 */
export const FRAME = {
  request: 0x72, // 'r': the Request as JSON
  stdout: 0x6f, // 'o'
  stderr: 0x65, // 'e'
  exit: 0x78, // 'x': the exit code as text, last
  stop: 0x73, // 's': asks the process to end
} as const;

const HEAD = 5;

/** The environment variable that makes `bin/gitops-check.js` the resident process: a ResidentStart as JSON. */
export const SERVE_ENV = 'GITOPS_CHECK_RESIDENT_SERVE';

export interface ResidentStart {
  address: string;
  /** Where the CLI bundle's compiled code is kept, as a run of the client that started it would; null: `--no-cache`. */
  codeCacheDir: string | null;
}

/** A run as the client's process sees it, which the resident process takes on for the run. */
export interface Request {
  argv: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether the client's stdout is a terminal (colour). */
  stdoutTTY: boolean;
}

/** Writes one frame: its head and payload as two buffers (a report's megabytes are not copied into one). */
export function writeFrame(socket: Writable, type: number, payload: string | Uint8Array): void {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const head = Buffer.allocUnsafe(HEAD);
  head[0] = type;
  head.writeUInt32BE(body.length, 1);
  socket.cork();
  socket.write(head);
  socket.write(body);
  socket.uncork();
}

/** Splits a byte stream into frames as they complete, whatever the chunks it arrives in. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (type: number, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    let bytes = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (bytes.length >= HEAD) {
      const end = HEAD + bytes.readUInt32BE(1);
      if (bytes.length < end) break;
      this.onFrame(bytes[0]!, bytes.subarray(HEAD, end));
      bytes = bytes.subarray(end);
    }
    this.pending = bytes;
  }
}
