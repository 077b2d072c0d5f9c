import { Scanner } from '../documents/yaml/scanner.js';
import { YamlSyntaxError } from '../documents/yaml/error.js';
import type { Token } from '../documents/yaml/tokens.js';
import type { LintSource, TokenEvent } from './rule.js';

/**
 * The tokens yamllint's rules see, each with its neighbours. yamllint runs PyYAML's scanner alone
 * (no parser): after a parser error the scan goes on; at a scanner error it stops, and the last two
 * tokens before it (whose neighbours could not be read) are not seen. Where the file parsed, that is
 * the parse's own token stream. After a scanner error we go on (on purpose) with the documents the
 * parse resumed at.
 */
export function tokenEvents(source: LintSource): TokenEvent[] {
  if (source.errors.length === 0) return eventsOf(source.tokens, source.tokens.length);
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
  if (failedAt === undefined) return eventsOf(taken, taken.length);
  const events = eventsOf(taken, taken.length - 2);
  const at = failedAt;
  const resumed = source.tokens.filter((t) => t.start.offset > at);
  return events.concat(eventsOf(resumed, resumed.length));
}

/** Events for tokens[0, count), neighbours read from the whole array. */
function eventsOf(tokens: readonly Token[], count: number): TokenEvent[] {
  const events: TokenEvent[] = [];
  for (let i = 0; i < count; i++) {
    events.push({ curr: tokens[i]!, prev: tokens[i - 1] ?? null, next: tokens[i + 1] ?? null, nextnext: tokens[i + 2] ?? null });
  }
  return events;
}
