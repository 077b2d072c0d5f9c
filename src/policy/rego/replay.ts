/**
 * Query results remembered by the input scalars the evaluation read. An evaluation that read only
 * scalars of the input (each at a key path, or found it absent) gives the same result, taking the
 * same steps, on any input with the same values at those paths: the built-in rules, on a document
 * of a kind they do not cover, read only its `kind`.
 */
import type { InputRead } from './evaluator.js';
import { index, keyOf, mapKey, type Value } from './values.js';

/** What an evaluation produced, and what it cost: charged again on each reuse. */
export interface Replay {
  rows: Record<string, Value>[];
  steps: number;
  deepest: number;
}

/** Read sequences kept per query, and results per sequence: a bound for policies that read many distinct values. */
const MAX_SEQUENCES = 16;
const MAX_RESULTS = 256;

/**
 * Results by the values read, one level per key path: a scalar by its mapKey, absence by ABSENT, the
 * result itself under END. Neither key is a mapKey (those of non-strings start `\0\u0001`).
 */
type Level = Map<string, Level | Replay>;
const ABSENT = '\u0000\u0002';
const END = '\u0000\u0003';

export class Replays {
  /** By the key paths read (each once): the results by the values found there. */
  private readonly sequences = new Map<string, { paths: Value[][]; results: Level; size: number }>();

  /** The data and strictness the results hold for: evaluations with others are not remembered. */
  constructor(
    readonly data: Value,
    readonly strict: boolean,
  ) {}

  find(input: Value): Replay | undefined {
    for (const { paths, results } of this.sequences.values()) {
      let level: Level | undefined = results;
      for (let i = 0; i < paths.length && level !== undefined; i++) {
        const key = readKey(valueAt(input, paths[i]!));
        level = key === undefined ? undefined : (level.get(key) as Level | undefined);
      }
      const found = level?.get(END) as Replay | undefined;
      if (found) return found;
    }
    return undefined;
  }

  /** A path read twice found the same value both times: the input does not change while it is read. */
  remember(reads: InputRead[], replay: Replay): void {
    const once = new Map<string, InputRead>();
    for (const r of reads) if (!once.has(keyOf(r.keys))) once.set(keyOf(r.keys), r);
    const sequence = [...once.keys()].join('\u0000');
    let entry = this.sequences.get(sequence);
    if (!entry) {
      if (this.sequences.size === MAX_SEQUENCES) return;
      this.sequences.set(sequence, (entry = { paths: [...once.values()].map((r) => r.keys), results: new Map(), size: 0 }));
    }
    if (entry.size === MAX_RESULTS) return;
    let level = entry.results;
    for (const r of once.values()) {
      const key = readKey(r.value)!;
      let next = level.get(key) as Level | undefined;
      if (next === undefined) level.set(key, (next = new Map()));
      level = next;
    }
    if (level.has(END)) return;
    level.set(END, replay);
    entry.size++;
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
function readKey(v: Value | undefined): string | undefined {
  return v === undefined ? ABSENT : typeof v === 'object' && v !== null ? undefined : mapKey(v);
}
