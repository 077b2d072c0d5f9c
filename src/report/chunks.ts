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

/**
 * `JSON.stringify(object, null, 2) + '\n'` in pieces, one per element of a top-level array, so the text is
 * never whole in memory.
 */
export function* jsonPieces(object: object): Generator<string> {
  const entries = Object.entries(object).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return yield '{}\n';
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i]!;
    const head = `  ${JSON.stringify(key)}: `;
    const end = i < entries.length - 1 ? ',\n' : '\n';
    if (Array.isArray(value) && value.length > 0) {
      yield `${head}[\n`;
      for (let j = 0; j < value.length; j++) yield `    ${indented(value[j], '    ')}${j < value.length - 1 ? ',' : ''}\n`;
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
