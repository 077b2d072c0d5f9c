import type { TokenRule } from '../rule.js';
import { spacesAfter, spacesBefore } from './spacing.js';

interface Options {
  'max-spaces-before': number;
  'min-spaces-after': number;
  'max-spaces-after': number;
}

/** yamllint's commas: spaces around `,` in flow collections. */
export const commas: TokenRule<Options> = {
  id: 'commas',
  type: 'token',
  kinds: ['FlowEntry'],
  defaults: { 'max-spaces-before': 0, 'min-spaces-after': 1, 'max-spaces-after': 1 },
  options: { 'max-spaces-before': 'int', 'min-spaces-after': 'int', 'max-spaces-after': 'int' },
  start(o, { text }) {
    const before = { max: o['max-spaces-before'], maxMessage: 'too many spaces before comma' };
    const after = { min: o['min-spaces-after'], max: o['max-spaces-after'], minMessage: 'too few spaces after comma', maxMessage: 'too many spaces after comma' };
    return ({ curr, prev, next }, report) => {
      if (curr.kind !== 'FlowEntry') return;
      if (prev && o['max-spaces-before'] !== -1 && prev.end.line < curr.start.line) {
        // A comma first on its line has the line break before it.
        report(curr.start.line + 1, Math.max(1, curr.start.column), 'too many spaces before comma');
      } else {
        spacesBefore(text, curr, prev, before, report);
      }
      spacesAfter(curr, next, after, report);
    };
  },
};
