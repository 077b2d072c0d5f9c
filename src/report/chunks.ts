/**
 * Reports are written in pieces: at 50k documents the JSON report is ~100 MB, and holding it as one string
 * (and once more as bytes on the way out) was a third of the run's peak memory.
 */
const CHUNK_CHARS = 1 << 20;

/** Joins small pieces into chunks of about a MiB, so writing them is one system call each. */
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
 * `JSON.stringify(object, null, 2) + '\n'` in pieces, one per element of a top-level array (plain, or a
 * MappedList written as the array of its mapped items), so the text is never whole in memory.
 */
export function* jsonPieces(object: object): Generator<string> {
  const entries = Object.entries(object).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return yield '{}\n';
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i]!;
    const head = `  ${JSON.stringify(key)}: `;
    const end = i < entries.length - 1 ? ',\n' : '\n';
    const list = value instanceof MappedList ? value : Array.isArray(value) ? new MappedList(value, (item) => item) : undefined;
    if (list && list.items.length === 0) {
      yield `${head}[]${end}`;
    } else if (list) {
      const { items, map } = list;
      yield `${head}[\n`;
      for (let j = 0; j < items.length; j++) yield `    ${indented(map(items[j]), '    ')}${j < items.length - 1 ? ',' : ''}\n`;
      yield `  ]${end}`;
    } else {
      yield `${head}${indented(value, '  ')}${end}`;
    }
  }
  yield '}\n';
}

/** JSON strings hold no raw line breaks, so every line break is one of the layout's. */
function indented(value: unknown, pad: string): string {
  return (JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, `\n${pad}`);
}
