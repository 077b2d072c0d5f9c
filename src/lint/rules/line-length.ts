import { Scanner } from '../../documents/yaml/scanner.js';
import type { Token } from '../../documents/yaml/tokens.js';
import { charCount, type LineRule, type LintLine } from '../rule.js';

interface Options {
  max: number;
  'allow-non-breakable-words': boolean;
  'allow-non-breakable-inline-mappings': boolean;
}

/** yamllint's line-length: lines over `max` characters, unless the excess cannot be broken. */
export const lineLength: LineRule<Options> = {
  id: 'line-length',
  type: 'line',
  defaults: { max: 80, 'allow-non-breakable-words': true, 'allow-non-breakable-inline-mappings': false },
  options: { max: 'int', 'allow-non-breakable-words': 'bool', 'allow-non-breakable-inline-mappings': 'bool' },
  check(o, line, report) {
    const { start, end, source } = line;
    if (end - start <= o.max) return; // UTF-16 length ≥ characters: shorter is surely fine
    const length = charCount(source, start, end);
    if (length <= o.max) return;
    if (o['allow-non-breakable-words'] || o['allow-non-breakable-inline-mappings']) {
      let at = start;
      while (at < end && source.charCodeAt(at) === 32) at++;
      if (at !== end) {
        if (source[at] === '#') {
          while (source[at] === '#') at++;
          at++;
        } else if (source[at] === '-') {
          at += 2;
        }
        const space = source.indexOf(' ', at);
        if (space === -1 || space >= end) return;
        if (o['allow-non-breakable-inline-mappings'] && isNonBreakableInlineMapping(line)) return;
      }
    }
    report(line.number, o.max + 1, `line too long (${length} > ${o.max} characters)`);
  },
};

/** `key: value` on one line whose value (the scalar after the first `:`) has no space. */
function isNonBreakableInlineMapping({ start, end, source }: LintLine): boolean {
  const content = source.slice(start, end);
  const tokens: Token[] = [];
  const scanner = new Scanner(content, { offset: 0, line: 0, streamStart: true }, tokens, []);
  try {
    let token = scanner.getToken();
    while (token.kind !== 'StreamEnd') {
      if (token.kind === 'BlockMappingStart') {
        while (token.kind !== 'StreamEnd') {
          token = scanner.getToken();
          if (token.kind === 'Value') {
            const value = scanner.getToken();
            if (value.kind === 'Scalar') return !content.slice(value.start.offset).includes(' ');
            if (value.kind === 'StreamEnd') return false;
          }
        }
        return false;
      }
      token = scanner.getToken();
    }
  } catch {
    // A line alone need not scan (a scanner error ends the search, as in yamllint).
  }
  return false;
}
