import type { LineRule } from '../rule.js';

interface Options {
  max: number;
  'max-start': number;
  'max-end': number;
}

/** yamllint's empty-lines: runs of blank lines, reported on the last blank line of the run. */
export const emptyLines: LineRule<Options> = {
  id: 'empty-lines',
  type: 'line',
  lines: 'blank',
  defaults: { max: 2, 'max-start': 0, 'max-end': 0 },
  options: { max: 'int', 'max-start': 'int', 'max-end': 'int' },
  check(o, { number, start, end, source }, report) {
    if (start !== end || end >= source.length) return;
    if (source.startsWith('\n\n', end) || source.startsWith('\r\n\r\n', end)) return;
    let blank = 0;
    let at = start;
    while (at >= 2 && source.startsWith('\r\n', at - 2)) {
      blank++;
      at -= 2;
    }
    while (at >= 1 && source.charCodeAt(at - 1) === 10) {
      blank++;
      at--;
    }
    let max = o.max;
    if (at === 0) {
      blank++; // the first line has no line break before it
      max = o['max-start'];
    }
    if ((end === source.length - 1 && source.charCodeAt(end) === 10) || (end === source.length - 2 && source.startsWith('\r\n', end))) {
      if (end === 0) return; // a file that is just "\n"
      max = o['max-end'];
    }
    if (blank > max) report(number, 1, `too many blank lines (${blank} > ${max})`);
  },
};
