import { Scanner } from '../documents/yaml/scanner.js';
import { YamlSyntaxError } from '../documents/yaml/error.js';
import type { Token } from '../documents/yaml/tokens.js';
import type { LintSource, TokenEvent } from './rule.js';

/** Tokens that rules see: tokens[0, count), their neighbours read from the whole array. */
export interface TokenRun {
  tokens: readonly Token[];
  count: number;
}

/**
 * The tokens yamllint's rules see, as runs. yamllint runs PyYAML's scanner alone (no parser): after a
 * parser error the scan goes on; at a scanner error it stops, and the last two tokens before it (whose
 * neighbours could not be read) are not seen. Where the file parsed, that is the parse's own token
 * stream. After a scanner error we go on (on purpose) with the documents the parse resumed at.
 */
export function tokenRuns(source: LintSource): TokenRun[] {
  if (source.errors.length === 0) return [{ tokens: source.tokens, count: source.tokens.length }];
  const scanned: Token[] = [];
  const scanner = new Scanner(source.file.text, { offset: 0, line: 0, streamStart: true }, scanned, []);
  const taken: Token[] = [];
  let failedAt: number | undefined;
  try {
    for (let token = scanner.getToken(); ; token = scanner.getToken()) {
      taken.push(token);
      if (token.kind === 'StreamEnd') break;
    }
  } catch (error) {
    if (!(error instanceof YamlSyntaxError)) throw error;
    failedAt = error.mark.offset;
  }
  if (failedAt === undefined) return [{ tokens: taken, count: taken.length }];
  const at = failedAt;
  const resumed = source.tokens.filter((t) => t.start.offset > at);
  return [
    { tokens: taken, count: taken.length - 2 },
    { tokens: resumed, count: resumed.length },
  ];
}

/**
 * Moves `event` to tokens[i] and its neighbours: one event object is refilled for every token, so
 * rules must not keep it.
 */
export function moveEvent(event: TokenEvent, tokens: readonly Token[], i: number): void {
  // Reads stay within the array: an index past either end is a slow lookup, not an array read.
  event.prev = i > 0 ? tokens[i - 1]! : null;
  event.curr = tokens[i]!;
  event.next = i + 1 < tokens.length ? tokens[i + 1]! : null;
  event.nextnext = i + 2 < tokens.length ? tokens[i + 2]! : null;
}
