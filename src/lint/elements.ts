import type { Token } from '../documents/yaml/tokens.js';
import type { LintComment, LintLine } from './rule.js';

/** The file's lines as yamllint splits them: on `\n`, a `\r` before it left out; always one more after the last `\n`. */
export function splitLines(source: string): LintLine[] {
  const lines: LintLine[] = [];
  let start = 0;
  let number = 1;
  for (let br = source.indexOf('\n'); br !== -1; br = source.indexOf('\n', start)) {
    const end = br > 0 && source.charCodeAt(br - 1) === 13 ? br - 1 : br;
    lines.push({ number: number++, start, end, source });
    start = br + 1;
  }
  lines.push({ number, start, end: source.length, source });
  return lines;
}

/**
 * The comments between two consecutive tokens, found as yamllint finds them: the first `#` of each
 * line of the text between the tokens. Nothing when both tokens share a line (except at the stream's
 * two ends), as in yamllint.
 */
export function commentsBetween(source: string, before: Token, after: Token | null): LintComment[] {
  if (after && before.end.line === after.start.line && before.kind !== 'StreamStart' && after.kind !== 'StreamEnd') return [];
  const end = after ? after.start.offset : source.length;
  const found: LintComment[] = [];
  let line = before.end.line + 1;
  let column = before.end.column + 1;
  let lineStart = before.end.offset;
  let previous: LintComment | null = null;
  while (lineStart <= end) {
    const br = source.indexOf('\n', lineStart);
    const lineEnd = br === -1 || br > end ? end : br;
    const hash = source.indexOf('#', lineStart);
    if (hash !== -1 && hash < lineEnd) {
      const comment: LintComment = {
        line,
        column: column + (hash - lineStart),
        offset: hash,
        text: commentText(source, hash),
        tokenBefore: before,
        tokenAfter: after,
        commentBefore: previous,
        inline: isInline(source, before, line),
        source,
      };
      found.push(comment);
      previous = comment;
    }
    lineStart = lineEnd + 1;
    line++;
    column = 1;
  }
  return found;
}

/** From `#` to the end of its line; on the last line, to a `\0` if there is one (as yamllint cuts it). */
function commentText(source: string, hash: number): string {
  let end = source.indexOf('\n', hash);
  if (end === -1) end = source.indexOf('\0', hash);
  return end === -1 ? source.slice(hash) : source.slice(hash, end);
}

function isInline(source: string, before: Token, line: number): boolean {
  // Token end marks are sometimes at the start of the next line.
  return before.kind !== 'StreamStart' && line === before.end.line + 1 && source.charCodeAt(before.end.offset - 1) !== 10;
}
