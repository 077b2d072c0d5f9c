import { charCount, type LineRule } from '../rule.js';

/** Python's string.whitespace. */
function isWhitespace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** yamllint's trailing-spaces: spaces or tabs at the end of a line. */
export const trailingSpaces: LineRule<Record<string, never>> = {
  id: 'trailing-spaces',
  type: 'line',
  defaults: {},
  options: {},
  check(_o, { number, start, end, source }, report) {
    if (end === 0) return;
    let at = end;
    while (at > start && isWhitespace(source.charCodeAt(at - 1))) at--;
    if (at !== end && (source[at] === ' ' || source[at] === '\t')) report(number, charCount(source, start, at) + 1, 'trailing spaces');
  },
};
