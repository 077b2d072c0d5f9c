import { charCount, type LineRule } from '../rule.js';

/** yamllint's new-line-at-end-of-file: the last line ends with a line break. */
export const newLineAtEndOfFile: LineRule<Record<string, never>> = {
  id: 'new-line-at-end-of-file',
  type: 'line',
  lines: 'last',
  defaults: {},
  options: {},
  check(_o, { number, start, end, source }, report) {
    if (end === source.length && end > start) report(number, charCount(source, start, end) + 1, 'no new line character at the end of file');
  },
};
