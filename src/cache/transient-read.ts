import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Files read only to be hashed, decoded or compiled at once (the CLI's bundle, cache entries) go through one buffer
 * per process, kept on the isolate's global: start.js's bundle and the CLI's each hold a copy of this module. Each
 * of a small run's ~1 MB reads took fresh memory from the system, ~250 page faults, at 12-17 µs each on this
 * project's machine. (Manifests are read by src/documents/read.ts, under a size limit and into a scratch of their
 * own: that module, imported here, would also load into start.js's bundle.)
 */
const SCRATCH = Symbol.for('gitops-check.read-scratch');
const shared = globalThis as { [SCRATCH]?: Buffer };

/** Larger files get a buffer of their own, let go after use: the scratch lives as long as the process. */
const MAX_SCRATCH = 4 * 1024 * 1024;

/**
 * A file's bytes, valid only until the next call (the scratch's, unless the file is over MAX_SCRATCH), with its
 * modification time. Throws what opening or reading it throws.
 */
export function readTransient(file: string): { bytes: Buffer; mtimeMs: number } {
  const fd = openSync(file, 'r');
  try {
    const { size, mtimeMs } = fstatSync(fd);
    // One byte more than its size: a read that fills the buffer may have more to come (the file grew).
    let buffer = bufferFor(size + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const bigger = bufferFor(buffer.length * 2);
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) return { bytes: buffer.subarray(0, length), mtimeMs };
      length += n;
    }
  } finally {
    closeSync(fd);
  }
}

function bufferFor(length: number): Buffer {
  if (length > MAX_SCRATCH) return Buffer.allocUnsafeSlow(length);
  const scratch = shared[SCRATCH];
  if (scratch && scratch.length >= length) return scratch;
  return (shared[SCRATCH] = Buffer.allocUnsafeSlow(Math.min(MAX_SCRATCH, Math.max(length, 2 * (scratch?.length ?? 0), 64 * 1024))));
}
