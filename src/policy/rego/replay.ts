/**
 * Query results remembered by the input scalars the evaluation read. An evaluation that read only
 * scalars of the input (each at a key path, or found it absent) gives the same result, taking the
 * same steps, on any input with the same values at those paths: the built-in rules, on a document
 * of a kind they do not cover, read only its `kind`.
 */
import { index, type InputRead } from './evaluator.js';
import { keyOf, type Value } from './values.js';

/** What an evaluation produced, and what it cost: charged again on each reuse. */
export interface Replay {
  rows: Record<string, Value>[];
  steps: number;
  deepest: number;
}

/** Read sequences kept per query, and results per sequence: a bound for policies that read many distinct values. */
const MAX_SEQUENCES = 16;
const MAX_RESULTS = 256;

export class Replays {
  /** By the sequence of key paths read: the results by the values found there. */
  private readonly sequences = new Map<string, { paths: Value[][]; results: Map<string, Replay> }>();

  /** The data and strictness the results hold for: evaluations with others are not remembered. */
  constructor(
    readonly data: Value,
    readonly strict: boolean,
  ) {}

  find(input: Value): Replay | undefined {
    for (const { paths, results } of this.sequences.values()) {
      const found = results.get(valuesKey(paths.map((keys) => valueAt(input, keys))));
      if (found) return found;
    }
    return undefined;
  }

  remember(reads: InputRead[], replay: Replay): void {
    const sequence = reads.map((r) => keyOf(r.keys)).join('\u0000');
    let entry = this.sequences.get(sequence);
    if (!entry) {
      if (this.sequences.size === MAX_SEQUENCES) return;
      this.sequences.set(sequence, (entry = { paths: reads.map((r) => r.keys), results: new Map() }));
    }
    if (entry.results.size < MAX_RESULTS) entry.results.set(valuesKey(reads.map((r) => r.value)), replay);
  }
}

function valueAt(input: Value, keys: Value[]): Value | undefined {
  let v: Value | undefined = input;
  for (const key of keys) {
    if (v === undefined) return undefined;
    v = index(v, key);
  }
  return v;
}

/** Scalars (or absence) only: an object or array found where a scalar was read never matches. */
function valuesKey(values: (Value | undefined)[]): string {
  return values.map((v) => (v === undefined ? 'u' : typeof v === 'object' && v !== null ? '\u0001' : keyOf(v))).join('\u0000');
}
