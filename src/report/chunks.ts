/**
 * Reports are written in pieces: at 50k documents the JSON report is ~100 MB, and holding it as one string
 * (and once more as bytes on the way out) was a third of the run's peak memory. Pieces and chunks stay small
 * enough to die young: a chunk of a MiB was still alive at most scavenges, so V8 moved it to the old
 * generation, ~20 MB of a 50k JSON report that stayed there until a full GC (none came before exit in some runs).
 */
const CHUNK_CHARS = 1 << 16;

/** Joins small pieces into chunks of 64 KiB, so that writing them is not one system call per line. */
export function* batched(pieces: Iterable<string>, size = CHUNK_CHARS): Generator<string> {
  let buffer = '';
  for (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= size) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}

/** A top-level array of a JSON report whose elements are built one at a time, as they are written. */
export class MappedList<T> {
  constructor(
    readonly items: readonly T[],
    readonly map: (item: T) => unknown,
  ) {}
}

/**
 * Elements stringified per call: one call per element cost more than the whole report in one; 32 cost no more
 * than 256 and make pieces of ~20 KB, below V8's large-object size (256 findings made ~150 KB ones).
 */
const GROUP = 32;

/**
 * `JSON.stringify(object, null, 2) + '\n'` in pieces, one per group of elements of a top-level array (plain,
 * or a MappedList written as the array of its mapped items), so the text is never whole in memory.
 */
export function* jsonPieces(object: object): Generator<string> {
  // What JSON.stringify leaves out of an object.
  const entries = Object.entries(object).filter(([, value]) => value !== undefined && typeof value !== 'function' && typeof value !== 'symbol');
  if (entries.length === 0) return yield '{}\n';
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i]!;
    const head = `  ${JSON.stringify(key)}: `;
    const end = i < entries.length - 1 ? ',\n' : '\n';
    const list = value instanceof MappedList ? value : Array.isArray(value) ? new MappedList(value, (item) => item) : undefined;
    if (list && list.items.length > 0) {
      yield `${head}[\n`;
      for (let j = 0; j < list.items.length; j += GROUP) {
        yield `${j > 0 ? ',\n' : ''}${inList(list.items.slice(j, j + GROUP).map(list.map))}`;
      }
      yield `\n  ]${end}`;
    } else {
      yield `${head}${asValue(list ? [] : value)}${end}`;
    }
  }
  yield '}\n';
}

// Stringified as a top-level key's value, so V8 indents them as the whole report would.
/** Elements as lines of a top-level array: `    …,\n    …` (without the brackets). */
function inList(elements: unknown[]): string {
  return JSON.stringify({ k: elements }, null, 2).slice('{\n  "k": [\n'.length, -'\n  ]\n}'.length);
}

/** A top-level key's value as it follows `"key": `. */
function asValue(value: unknown): string {
  return JSON.stringify({ k: value }, null, 2).slice('{\n  "k": '.length, -'\n}'.length);
}
