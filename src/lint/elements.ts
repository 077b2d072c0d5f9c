import type { Token } from '../documents/yaml/tokens.js';
import type { LintComment, LintLine } from './rule.js';

/**
 * The file's lines as yamllint splits them: on `\n`, a `\r` before it left out; always one more after
 * the last `\n`. One LintLine object is moved from line to line: rules must not keep it.
 */
export class LineCursor {
  readonly line: LintLine;
  /** Where the next line starts; -1 after the last line. */
  private nextStart = 0;

  constructor(source: string) {
    this.line = { number: 0, start: 0, end: 0, source };
  }

  /** Moves to the next line if its number is below `number`; false when there is none. */
  advanceBelow(number: number): boolean {
    const line = this.line;
    if (this.nextStart === -1 || line.number + 1 >= number) return false;
    const source = line.source;
    const start = this.nextStart;
    const br = source.indexOf('\n', start);
    line.number++;
    line.start = start;
    if (br === -1) {
      line.end = source.length;
      this.nextStart = -1;
    } else {
      line.end = br > 0 && source.charCodeAt(br - 1) === 13 ? br - 1 : br;
      this.nextStart = br + 1;
    }
    return true;
  }
}

/** What commentsBetween finds between most pairs of tokens. */
const NO_COMMENTS: readonly LintComment[] = [];

/**
 * The comments between two consecutive tokens, found as yamllint finds them: the first `#` of each
 * line of the text between the tokens. Nothing when both tokens share a line (except at the stream's
 * two ends), as in yamllint.
 */
export function commentsBetween(source: string, before: Token, after: Token | null): readonly LintComment[] {
  if (after && before.end.line === after.start.line && before.kind !== 'StreamStart' && after.kind !== 'StreamEnd') return NO_COMMENTS;
  const end = after ? after.start.offset : source.length;
  let found: LintComment[] | null = null;
  let line = before.end.line + 1;
  let column = before.end.column + 1;
  let lineStart = before.end.offset;
  let previous: LintComment | null = null;
  // One pass over the text between the tokens (mostly indentation): the first `#` of each line.
  let hash = -1;
  for (let i = lineStart; ; i++) {
    const atEnd = i >= end;
    const c = atEnd ? 10 : source.charCodeAt(i);
    if (c === 35 && hash === -1) hash = i;
    if (c !== 10) continue;
    if (hash !== -1) {
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
      (found ??= []).push(comment);
      previous = comment;
      hash = -1;
    }
    if (atEnd) break;
    lineStart = i + 1;
    line++;
    column = 1;
  }
  return found ?? NO_COMMENTS;
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
