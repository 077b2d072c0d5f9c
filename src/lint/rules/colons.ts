import type { TokenRule } from '../rule.js';
import { isExplicitKey, spacesAfter, spacesBefore } from './spacing.js';

interface Options {
  'max-spaces-before': number;
  'max-spaces-after': number;
}

/** yamllint's colons: spaces before and after `:` (and after an explicit `?`). */
export const colons: TokenRule<Options> = {
  id: 'colons',
  type: 'token',
  kinds: ['Key', 'Value'],
  defaults: { 'max-spaces-before': 0, 'max-spaces-after': 1 },
  options: { 'max-spaces-before': 'int', 'max-spaces-after': 'int' },
  start(o, { text }) {
    const before = { max: o['max-spaces-before'], maxMessage: 'too many spaces before colon' };
    const after = { max: o['max-spaces-after'], maxMessage: 'too many spaces after colon' };
    const afterKey = { max: o['max-spaces-after'], maxMessage: 'too many spaces after question mark' };
    return ({ curr, prev, next }, report) => {
      if (curr.kind === 'Value') {
        spacesBefore(text, curr, prev, before, report);
        spacesAfter(curr, next, after, report);
      }
      if (curr.kind === 'Key' && isExplicitKey(text, curr)) spacesAfter(curr, next, afterKey, report);
    };
  },
};
