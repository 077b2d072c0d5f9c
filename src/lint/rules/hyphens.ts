import type { TokenRule } from '../rule.js';
import { spacesAfter } from './spacing.js';

interface Options {
  'max-spaces-after': number;
}

/** yamllint's hyphens: spaces after a block sequence's `-`. */
export const hyphens: TokenRule<Options> = {
  id: 'hyphens',
  type: 'token',
  kinds: ['BlockEntry'],
  defaults: { 'max-spaces-after': 1 },
  options: { 'max-spaces-after': 'int' },
  start(o) {
    const limits = { max: o['max-spaces-after'], maxMessage: 'too many spaces after hyphen' };
    return ({ curr, next }, report) => {
      if (curr.kind === 'BlockEntry') spacesAfter(curr, next, limits, report);
    };
  },
};
