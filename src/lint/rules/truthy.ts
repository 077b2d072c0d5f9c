import type { TokenRule } from '../rule.js';

/** The plain scalars YAML 1.1 reads as booleans. */
const TRUTHY = ['YES', 'Yes', 'yes', 'NO', 'No', 'no', 'TRUE', 'True', 'true', 'FALSE', 'False', 'false', 'ON', 'On', 'on', 'OFF', 'Off', 'off'] as const;

const MAX_LENGTH = Math.max(...TRUTHY.map((v) => v.length));

interface Options {
  'allowed-values': string[];
  'check-keys': boolean;
}

/** yamllint's truthy: plain booleans other than the allowed spellings (`yes`, `on`, `True`, ...). */
export const truthy: TokenRule<Options> = {
  id: 'truthy',
  type: 'token',
  kinds: ['Scalar'],
  defaults: { 'allowed-values': ['true', 'false'], 'check-keys': true },
  options: { 'allowed-values': { listOf: TRUTHY }, 'check-keys': 'bool' },
  start(o) {
    const { forbidden, message } = judgementOf(o);
    const checkKeys = o['check-keys'];
    return ({ curr, prev }, report) => {
      if (prev?.kind === 'Tag' || curr.kind !== 'Scalar') return;
      if (!checkKeys && prev?.kind === 'Key') return;
      // The length first: most scalars are longer than any truthy word, and hashing them costs.
      if (curr.style === 'plain' && curr.value.length <= MAX_LENGTH && forbidden.has(curr.value)) {
        report(curr.start.line + 1, curr.start.column + 1, message);
      }
    };
  },
};

interface Judgement {
  forbidden: ReadonlySet<string>;
  message: string;
}

/** The same for every file of a configuration: worked out once per options object. */
const judgements = new WeakMap<Options, Judgement>();

function judgementOf(o: Options): Judgement {
  let judgement = judgements.get(o);
  if (judgement === undefined) {
    const allowed = new Set<string>(o['allowed-values']);
    // Python's sorted(): by code point.
    const sorted = [...o['allowed-values']].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    judgement = { forbidden: new Set<string>(TRUTHY.filter((v) => !allowed.has(v))), message: `truthy value should be one of [${sorted.join(', ')}]` };
    judgements.set(o, judgement);
  }
  return judgement;
}
