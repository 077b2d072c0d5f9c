import type fc from 'fast-check';

/** What a fuzz module exports as `fuzzTarget`: inputs, and a check that throws when an outcome is wrong. */
export interface FuzzTarget<T> {
  arbitrary: fc.Arbitrary<T>;
  check(input: T): void | Promise<void>;
}

/** Messages from the fuzz worker to the test. */
export type WorkerMessage =
  | { kind: 'input'; input: string }
  | { kind: 'done'; runs: number; failure?: string };

/** The one-line contract: every message a user sees is one line, not empty. */
export function assertOneLine(what: string, message: string): void {
  if (message.trim() === '' || /[\r\n]/.test(message)) throw new Error(`${what} is not one line: ${JSON.stringify(message)}`);
}
