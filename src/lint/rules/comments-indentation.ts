import type { CommentRule } from '../rule.js';
import { lineIndent } from './spacing.js';

/**
 * yamllint's comments-indentation: a comment on its own line is indented like the content before or
 * after it; after a comment that went back to a lower indentation, the next ones follow it.
 */
export const commentsIndentation: CommentRule<Record<string, never>> = {
  id: 'comments-indentation',
  type: 'comment',
  defaults: {},
  options: {},
  check(_o, comment, report) {
    const before = comment.tokenBefore;
    if (before.kind !== 'StreamStart' && before.end.line + 1 === comment.line) return;
    const after = comment.tokenAfter;
    const nextIndent = !after || after.kind === 'StreamEnd' ? 0 : after.start.column;
    let prevIndent = before.kind === 'StreamStart' ? 0 : lineIndent(comment.source, before);
    prevIndent = Math.max(prevIndent, nextIndent);
    if (comment.commentBefore && !comment.commentBefore.inline) prevIndent = comment.commentBefore.column - 1;
    if (comment.column - 1 !== prevIndent && comment.column - 1 !== nextIndent) {
      report(comment.line, comment.column, 'comment not indented like content');
    }
  },
};
