import type { TokenKind } from '../../documents/yaml/tokens.js';
import type { TokenRule } from '../rule.js';
import { spacesAfter, spacesBefore, type SpacingLimits } from './spacing.js';

export interface FlowCollectionOptions {
  forbid: boolean | 'non-empty';
  'min-spaces-inside': number;
  'max-spaces-inside': number;
  'min-spaces-inside-empty': number;
  'max-spaces-inside-empty': number;
}

/** braces and brackets are one rule over two token pairs: the same options, their own words. */
export function flowCollectionRule(id: string, open: TokenKind, close: TokenKind, noun: string, collection: string): TokenRule<FlowCollectionOptions> {
  // The same for every file of a configuration: worked out once per options object.
  const limits = new WeakMap<FlowCollectionOptions, { empty: SpacingLimits; inside: SpacingLimits }>();
  const limitsOf = (o: FlowCollectionOptions) => {
    let found = limits.get(o);
    if (found === undefined) {
      const empty = {
        min: o['min-spaces-inside-empty'] !== -1 ? o['min-spaces-inside-empty'] : o['min-spaces-inside'],
        max: o['max-spaces-inside-empty'] !== -1 ? o['max-spaces-inside-empty'] : o['max-spaces-inside'],
        minMessage: `too few spaces inside empty ${noun}`,
        maxMessage: `too many spaces inside empty ${noun}`,
      };
      const inside = { min: o['min-spaces-inside'], max: o['max-spaces-inside'], minMessage: `too few spaces inside ${noun}`, maxMessage: `too many spaces inside ${noun}` };
      limits.set(o, (found = { empty, inside }));
    }
    return found;
  };
  return {
    id,
    type: 'token',
    kinds: [open, close],
    defaults: { forbid: false, 'min-spaces-inside': 0, 'max-spaces-inside': 0, 'min-spaces-inside-empty': -1, 'max-spaces-inside-empty': -1 },
    options: {
      forbid: { oneOf: ['non-empty'], or: 'bool' },
      'min-spaces-inside': 'int',
      'max-spaces-inside': 'int',
      'min-spaces-inside-empty': 'int',
      'max-spaces-inside-empty': 'int',
    },
    start(o, { text }) {
      const { empty, inside } = limitsOf(o);
      return ({ curr, prev, next }, report) => {
        if (curr.kind === open) {
          if (o.forbid === true || (o.forbid === 'non-empty' && next?.kind !== close)) {
            report(curr.start.line + 1, curr.end.column + 1, `forbidden ${collection}`);
          } else if (next?.kind === close) {
            spacesAfter(curr, next, empty, report);
          } else {
            spacesAfter(curr, next, inside, report);
          }
        } else if (curr.kind === close && prev?.kind !== open) {
          spacesBefore(text, curr, prev, inside, report);
        }
      };
    },
  };
}
