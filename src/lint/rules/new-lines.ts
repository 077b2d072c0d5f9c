import { EOL } from 'node:os';
import { charCount, type LineRule } from '../rule.js';

interface Options {
  type: 'unix' | 'dos' | 'platform';
}

/** yamllint's new-lines: the line break kind, judged on the first line. */
export const newLines: LineRule<Options> = {
  id: 'new-lines',
  type: 'line',
  lines: 'first',
  defaults: { type: 'unix' },
  options: { type: { oneOf: ['unix', 'dos', 'platform'] } },
  check(o, { start, end, source }, report) {
    if (start !== 0 || source.length <= end) return;
    const expected = o.type === 'unix' ? '\n' : o.type === 'dos' ? '\r\n' : EOL;
    if (!source.startsWith(expected, end)) {
      report(1, charCount(source, start, end) + 1, `wrong new line character: expected ${expected === '\n' ? '\\n' : '\\r\\n'}`);
    }
  },
};
