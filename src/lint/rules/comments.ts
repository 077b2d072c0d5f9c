import type { CommentRule } from '../rule.js';

interface Options {
  'require-starting-space': boolean;
  'ignore-shebangs': boolean;
  'min-spaces-from-content': number;
}

/** yamllint's comments: a space after `#`, and room between content and an inline comment. */
export const comments: CommentRule<Options> = {
  id: 'comments',
  type: 'comment',
  defaults: { 'require-starting-space': true, 'ignore-shebangs': true, 'min-spaces-from-content': 2 },
  options: { 'require-starting-space': 'bool', 'ignore-shebangs': 'bool', 'min-spaces-from-content': 'int' },
  check(o, comment, report) {
    if (o['min-spaces-from-content'] !== -1 && comment.inline && comment.offset - comment.tokenBefore.end.offset < o['min-spaces-from-content']) {
      report(comment.line, comment.column, 'too few spaces before comment');
    }
    if (!o['require-starting-space']) return;
    const { text } = comment;
    let start = 1;
    while (text[start] === '#') start++;
    if (start >= text.length) return;
    if (o['ignore-shebangs'] && comment.line === 1 && comment.column === 1 && text[start] === '!') return;
    if (text[start] !== ' ' && text[start] !== '\r' && text[start] !== '\0') {
      report(comment.line, comment.column + start, 'missing starting space in comment');
    }
  },
};
