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
  defaults: { 'max-spaces-before': 0, 'max-spaces-after': 1 },
  options: { 'max-spaces-before': 'int', 'max-spaces-after': 'int' },
  start(o, { text }) {
    return ({ curr, prev, next }, report) => {
      if (curr.kind === 'Value') {
        spacesBefore(text, curr, prev, { max: o['max-spaces-before'], maxMessage: 'too many spaces before colon' }, report);
        spacesAfter(curr, next, { max: o['max-spaces-after'], maxMessage: 'too many spaces after colon' }, report);
      }
      if (curr.kind === 'Key' && isExplicitKey(text, curr)) {
        spacesAfter(curr, next, { max: o['max-spaces-after'], maxMessage: 'too many spaces after question mark' }, report);
      }
    };
  },
};
