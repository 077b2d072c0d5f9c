import type { TokenRule } from '../rule.js';

interface Options {
  present: boolean;
}

/** yamllint's document-end: every document closes with `...` (or, with present: false, none does). */
export const documentEnd: TokenRule<Options> = {
  id: 'document-end',
  type: 'token',
  kinds: ['StreamEnd', 'DocumentStart', 'DocumentEnd'],
  defaults: { present: true },
  options: { present: 'bool' },
  start(o) {
    return ({ curr, prev }, report) => {
      if (o.present) {
        const closed = prev?.kind === 'DocumentEnd' || prev?.kind === 'StreamStart';
        // At the end of the stream yamllint names the line before the stream end's line; in a one-line
        // file without a final newline that is line 0, which no editor can show: we say line 1.
        if (curr.kind === 'StreamEnd' && !closed) report(Math.max(1, curr.start.line), 1, 'missing document end "..."');
        else if (curr.kind === 'DocumentStart' && !closed) report(curr.start.line + 1, 1, 'missing document end "..."');
      } else if (curr.kind === 'DocumentEnd') {
        report(curr.start.line + 1, curr.start.column + 1, 'found forbidden document end "..."');
      }
    };
  },
};
