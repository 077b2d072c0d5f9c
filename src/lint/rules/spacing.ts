import type { Token } from '../../documents/yaml/tokens.js';
import type { Report } from '../rule.js';

/** Limits on the spaces between two tokens on one line; -1 (or absent) is no limit. */
export interface SpacingLimits {
  min?: number;
  max?: number;
  minMessage?: string;
  maxMessage?: string;
}

/** Spaces between `token` and the next token when both are on one line. */
export function spacesAfter(token: Token, next: Token | null, limits: SpacingLimits, report: Report): void {
  if (!next || token.end.line !== next.start.line) return;
  const spaces = next.start.offset - token.end.offset;
  const { min = -1, max = -1 } = limits;
  if (max !== -1 && spaces > max) report(token.start.line + 1, next.start.column, limits.maxMessage ?? '');
  else if (min !== -1 && spaces < min) report(token.start.line + 1, next.start.column + 1, limits.minMessage ?? '');
}

/** Spaces between the previous token and `token` when both are on one line. */
export function spacesBefore(text: string, token: Token, prev: Token | null, limits: SpacingLimits, report: Report): void {
  if (!prev || prev.end.line !== token.start.line) return;
  // A scalar can end at the start of the next line: then nothing stands before the token on its line.
  if (prev.end.offset > 0 && text.charCodeAt(prev.end.offset - 1) === 10) return;
  const spaces = token.start.offset - prev.end.offset;
  const { min = -1, max = -1 } = limits;
  if (max !== -1 && spaces > max) report(token.start.line + 1, token.start.column, limits.maxMessage ?? '');
  else if (min !== -1 && spaces < min) report(token.start.line + 1, token.start.column + 1, limits.minMessage ?? '');
}

/** Indentation (spaces) of the line the token starts on. */
export function lineIndent(text: string, token: Token): number {
  const start = text.lastIndexOf('\n', token.start.offset - 1) + 1;
  let end = start;
  while (text.charCodeAt(end) === 32) end++;
  return end - start;
}

/** `? key` rather than an implicit key: the Key token covers a `?`. */
export function isExplicitKey(text: string, token: Token): boolean {
  return token.start.offset < token.end.offset && text.charCodeAt(token.start.offset) === 63;
}
