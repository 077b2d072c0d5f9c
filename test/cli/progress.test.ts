import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgress } from '../../src/cli/progress.js';

/** A stream that records what is written to it, and how often it was asked for. */
function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  const stream = { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
  let asked = 0;
  return { written, asked: () => asked, get: () => (asked++, stream) };
}

function at<T>(now: number, run: () => T): T {
  const real = Date.now;
  Date.now = () => now;
  try {
    return run();
  } finally {
    Date.now = real;
  }
}

test('progress: a quick run never asks for the stream (making process.stderr costs a cold run milliseconds)', () => {
  const stream = fakeStream(true);
  const progress = at(0, () => createProgress(stream.get));
  at(500, () => progress.update(1, 3));
  progress.stop();
  assert.equal(stream.asked(), 0);
  assert.deepEqual(stream.written, []);
});

test('progress: after a second it is drawn on a TTY, and erased at the end; never on another stream', () => {
  const tty = fakeStream(true);
  const progress = at(0, () => createProgress(tty.get));
  at(1500, () => progress.update(2, 3));
  at(1550, () => progress.update(3, 3)); // within the refresh interval
  progress.stop();
  assert.deepEqual(tty.written, ['\r\x1b[Kchecking 2/3 files', '\r\x1b[K']);

  const pipe = fakeStream(false);
  const quiet = at(0, () => createProgress(pipe.get));
  at(1500, () => quiet.update(2, 3));
  at(3000, () => quiet.update(3, 3));
  quiet.stop();
  assert.deepEqual(pipe.written, []);
  assert.equal(pipe.asked(), 1, 'asked once, then known not to be a TTY');
});
