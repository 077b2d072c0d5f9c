import { Scanner } from '../documents/yaml/scanner.js';
import { YamlSyntaxError } from '../documents/yaml/error.js';
import type { Token } from '../documents/yaml/tokens.js';
import type { LintSource, TokenEvent } from './rule.js';

/**
 * Hands each token yamllint's rules see to `visit`, with its neighbours. yamllint runs PyYAML's
 * scanner alone (no parser): after a parser error the scan goes on; at a scanner error it stops, and
 * the last two tokens before it (whose neighbours could not be read) are not seen. Where the file
 * parsed, that is the parse's own token stream. After a scanner error we go on (on purpose) with the
 * documents the parse resumed at. One event object is refilled for every token: rules must not keep it.
 */
export function visitTokenEvents(source: LintSource, visit: (event: TokenEvent) => void): void {
  if (source.errors.length === 0) return visitRun(source.tokens, source.tokens.length, visit);
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
  if (failedAt === undefined) return visitRun(taken, taken.length, visit);
  visitRun(taken, taken.length - 2, visit);
  const at = failedAt;
  const resumed = source.tokens.filter((t) => t.start.offset > at);
  visitRun(resumed, resumed.length, visit);
}

/** Events for tokens[0, count), neighbours read from the whole array. */
function visitRun(tokens: readonly Token[], count: number, visit: (event: TokenEvent) => void): void {
  const event: TokenEvent = { curr: tokens[0]!, prev: null, next: null, nextnext: null };
  const length = tokens.length;
  // Reads stay within the array: an index past either end is a slow lookup, not an array read.
  for (let i = 0; i < count; i++) {
    event.prev = i > 0 ? tokens[i - 1]! : null;
    event.curr = tokens[i]!;
    event.next = i + 1 < length ? tokens[i + 1]! : null;
    event.nextnext = i + 2 < length ? tokens[i + 2]! : null;
    visit(event);
  }
}
