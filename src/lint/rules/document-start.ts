import type { TokenRule } from '../rule.js';

interface Options {
  present: boolean;
}

/** yamllint's document-start: every document opens with `---` (or, with present: false, none does). */
export const documentStart: TokenRule<Options> = {
  id: 'document-start',
  type: 'token',
  defaults: { present: true },
  options: { present: 'bool' },
  start(o) {
    return ({ curr, prev }, report) => {
      if (o.present) {
        const afterBoundary = prev?.kind === 'StreamStart' || prev?.kind === 'DocumentEnd' || prev?.kind === 'Directive';
        if (afterBoundary && curr.kind !== 'DocumentStart' && curr.kind !== 'Directive' && curr.kind !== 'StreamEnd') {
          report(curr.start.line + 1, 1, 'missing document start "---"');
        }
      } else if (curr.kind === 'DocumentStart') {
        report(curr.start.line + 1, curr.start.column + 1, 'found forbidden document start "---"');
      }
    };
  },
};
