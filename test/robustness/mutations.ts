import fc from 'fast-check';

/**
 * Edits a fuzzer applies to a real file, the ways files really break: a byte changed (often to YAML
 * or Rego punctuation, a NUL or a stray UTF-8 lead byte), a line deleted, duplicated or re-indented,
 * the file cut short. Offsets and line numbers are fractions of the file so they shrink well.
 */
export type Mutation =
  | { op: 'byte'; at: number; byte: number }
  | { op: 'delete-line' | 'duplicate-line'; at: number }
  | { op: 'indent'; at: number; by: number }
  | { op: 'truncate'; at: number };

const INTERESTING = [...':-?[]{},&*!|>\'"#%@`\t \n\r=()._$\\'].map((c) => c.charCodeAt(0)).concat([0x00, 0xc3, 0xef, 0xfe, 0xff, 0x85]);

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('byte' as const), at: fraction, byte: fc.oneof(fc.constantFrom(...INTERESTING), fc.integer({ min: 0, max: 255 })) }),
  fc.record({ op: fc.constantFrom('delete-line' as const, 'duplicate-line' as const), at: fraction }),
  fc.record({ op: fc.constant('indent' as const), at: fraction, by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fraction }),
);

/** One to four edits of one seed among `count`. */
export const mutatedSeedArb = (count: number) =>
  fc.record({ seed: fc.integer({ min: 0, max: count - 1 }), mutations: fc.array(mutationArb, { minLength: 1, maxLength: 4 }) });

export function applyMutations(bytes: Buffer, mutations: readonly Mutation[]): Buffer {
  return mutations.reduce(applyMutation, bytes);
}

function applyMutation(bytes: Buffer, m: Mutation): Buffer {
  if (m.op === 'byte') {
    if (bytes.length === 0) return Buffer.from([m.byte]);
    const out = Buffer.from(bytes);
    out[Math.floor(m.at * bytes.length)] = m.byte;
    return out;
  }
  if (m.op === 'truncate') return bytes.subarray(0, Math.floor(m.at * bytes.length));
  const lines = bytes.toString('latin1').split('\n');
  const i = Math.floor(m.at * lines.length);
  if (m.op === 'indent') lines[i] = m.by >= 0 ? ' '.repeat(m.by) + lines[i] : lines[i]!.replace(new RegExp(`^ {0,${-m.by}}`), '');
  else if (m.op === 'delete-line') lines.splice(i, 1);
  else lines.splice(i, 0, lines[i]!);
  // latin1 maps bytes 1:1, so multi-byte UTF-8 survives line edits unchanged.
  return Buffer.from(lines.join('\n'), 'latin1');
}
