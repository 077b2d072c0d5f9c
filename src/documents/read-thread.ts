import type { Worker } from 'node:worker_threads';

/**
 * Files are read ahead of the run on a thread of their own: opening, reading and closing ~36,000 files is ~0.5 s of
 * system calls at 50k documents, which this thread then spends while the run's thread parses and checks. The bytes
 * go through a ring of shared memory, in the order the run asks for them. The run never waits: a file the thread has
 * not read yet (it is starting, or the disk is slow), that is not next, that is too long for the ring or could not be
 * read, the run reads itself, as without the thread, so every finding on a file stays the same; the thread skips the
 * files the run has passed.
 */

/** The ring's bytes: thousands of manifests ahead, far more than the run ever waits for. */
const RING_BYTES = 8 * 1024 * 1024;

/** A file longer than this is left to the run (one read of this size is wasted on it). */
const MAX_FILE_BYTES = 256 * 1024;

/** Files in the ring at most. */
const SLOTS = 4096;

// The state's cells: files the thread is done with; files the run is done with (their bytes free); files the run has
// passed (taken or read itself).
const PRODUCED = 0;
const RELEASED = 1;
const PASSED = 2;

/**
 * The thread's code (CommonJS, evaluated: it needs nothing of the bundle). Each file goes to the next slot at the
 * ring's write position, or at its start when the end is too near, once no file the run holds lies there; -1 for a
 * file it leaves to the run or skips. When the ring is full it sleeps a little rather than being woken: thousands of
 * files ahead, it cannot starve the run.
 */
const THREAD = `
const { workerData } = require('node:worker_threads');
const { openSync, readSync, closeSync } = require('node:fs');
const { paths, ring: ringBuffer, state: stateBuffer, starts: startsBuffer, lengths: lengthsBuffer, limit } = workerData;
const ring = new Uint8Array(ringBuffer);
const state = new Int32Array(stateBuffer);
const starts = new Int32Array(startsBuffer);
const lengths = new Int32Array(lengthsBuffer);
const SLOTS = starts.length;
const RING = ring.length;
const need = Math.min(limit + 1, ${MAX_FILE_BYTES});
const nap = new Int32Array(new SharedArrayBuffer(4));
let write = 0;
function place(produced) {
  for (;;) {
    const released = Atomics.load(state, ${RELEASED});
    if (produced - released < SLOTS) {
      // The run holds no file of the ring when it has released all the thread made (or is ahead of it).
      if (released >= produced) return write + need <= RING ? write : 0;
      const oldest = starts[released % SLOTS];
      if (oldest <= write) {
        if (write + need <= RING) return write;
        if (need <= oldest) return 0;
      } else if (write + need <= oldest) return write;
    }
    Atomics.wait(nap, 0, 0, 1);
  }
}
for (let i = 0; i < paths.length; i++) {
  const at = place(i);
  let length = -1;
  if (i >= Atomics.load(state, ${PASSED})) {
    try {
      const fd = openSync(paths[i], 'r');
      try {
        let n = 0;
        for (let r; n < need && (r = readSync(fd, ring, at + n, need - n, null)) > 0; ) n += r;
        if (n < need) length = n;
      } finally {
        closeSync(fd);
      }
    } catch {}
  }
  starts[i % SLOTS] = at;
  lengths[i % SLOTS] = length;
  if (length > 0) write = at + length;
  Atomics.store(state, ${PRODUCED}, i + 1);
}
`;

/** A thread reading `paths` in order, ahead of the run (`take`). */
export class ReadThread {
  private readonly state = new Int32Array(new SharedArrayBuffer(3 * 4));
  private readonly starts = new Int32Array(new SharedArrayBuffer(4 * SLOTS));
  private readonly lengths = new Int32Array(new SharedArrayBuffer(4 * SLOTS));
  private readonly ring = new Uint8Array(new SharedArrayBuffer(RING_BYTES));
  private readonly worker: Worker | undefined;
  /** Files the run has passed; the bytes of the last, when taken, are the run's until its next `take`. */
  private passed = 0;
  private stopped = false;

  /**
   * Starts reading `paths` (absolute), files over `limit` bytes left to the run; a thread that cannot start reads
   * nothing. worker_threads is loaded only then: ~1 ms and 30 page faults of every other run.
   */
  static async start(paths: readonly string[], limit: number): Promise<ReadThread> {
    const { Worker } = await import('node:worker_threads');
    return new ReadThread(paths, limit, Worker);
  }

  private constructor(
    private readonly paths: readonly string[],
    limit: number,
    Thread: typeof Worker,
  ) {
    try {
      const { ring, state, starts, lengths } = this;
      const workerData = { paths, ring: ring.buffer, state: state.buffer, starts: starts.buffer, lengths: lengths.buffer, limit };
      this.worker = new Thread(THREAD, { eval: true, workerData, stdout: false, stderr: false });
      this.worker.unref();
      // A thread that fails reads nothing more: the run reads the rest itself.
      this.worker.on('error', () => {});
    } catch {
      this.stopped = true;
    }
  }

  /**
   * The bytes of the file at `absPath`, valid until the next call, when it is the next file here and the thread has
   * read it; else undefined, for the run to read it.
   */
  take(absPath: string): Uint8Array | undefined {
    const { state } = this;
    const i = this.passed;
    if (i > 0) Atomics.store(state, RELEASED, i);
    if (this.stopped || i >= this.paths.length || this.paths[i] !== absPath) return undefined;
    this.passed = i + 1;
    if (Atomics.load(state, PRODUCED) <= i) {
      Atomics.store(state, PASSED, i + 1);
      return undefined;
    }
    const length = this.lengths[i % SLOTS]!;
    if (length < 0) return undefined;
    const start = this.starts[i % SLOTS]!;
    return this.ring.subarray(start, start + length);
  }

  /** Ends the thread; what it read and the run did not take is dropped. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.worker?.terminate().catch(() => {});
  }
}
