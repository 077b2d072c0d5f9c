import { Scanner } from '../../documents/yaml/scanner.js';
import type { ScalarToken, Token } from '../../documents/yaml/tokens.js';
import type { TokenRule } from '../rule.js';
import { resolvesToString } from '../implicit-types.js';

type QuoteType = 'any' | 'single' | 'double';

interface Options {
  'quote-type': QuoteType;
  required: boolean | 'only-when-needed';
  'extra-required': string[];
  'extra-allowed': string[];
  'allow-quoted-quotes': boolean;
}

/** yamllint's quoted-strings: string values quoted (or not) and with which quotes. */
export const quotedStrings: TokenRule<Options> = {
  id: 'quoted-strings',
  type: 'token',
  kinds: ['Scalar'],
  defaults: { 'quote-type': 'any', required: true, 'extra-required': [], 'extra-allowed': [], 'allow-quoted-quotes': false },
  options: {
    'quote-type': { oneOf: ['any', 'single', 'double'] },
    required: { oneOf: [true, false, 'only-when-needed'] },
    'extra-required': { listOf: 'string' },
    'extra-allowed': { listOf: 'string' },
    'allow-quoted-quotes': 'bool',
  },
  validate(o) {
    if (o.required === true && o['extra-allowed'].length > 0) return 'cannot use both "required: true" and "extra-allowed"';
    if (o.required === true && o['extra-required'].length > 0) return 'cannot use both "required: true" and "extra-required"';
    if (o.required === false && o['extra-allowed'].length > 0) return 'cannot use both "required: false" and "extra-allowed"';
    return undefined;
  },
  start(o) {
    const quoteType = o['quote-type'];
    const extraRequired = o['extra-required'].map((r) => new RegExp(r));
    const extraAllowed = o['extra-allowed'].map((r) => new RegExp(r));
    const wrongQuotes = (token: ScalarToken) => !quoteMatches(quoteType, token) && !(o['allow-quoted-quotes'] && hasQuotedQuotes(token));
    return ({ curr: token, prev }, report) => {
      if (token.kind !== 'Scalar' || !prev || !VALUE_CONTEXT.has(prev.kind)) return;
      if (prev.kind === 'Tag' && prev.handle === '!!') return; // an explicit type: `!!str 42`
      const isString = resolvesToString(token.value);
      if (token.plain && !isString) return; // numbers, booleans, nulls, dates
      if (token.style === 'literal' || token.style === 'folded') return;
      const quoted = token.style !== 'plain';
      let message: string | undefined;
      if (o.required === true) {
        if (!quoted || wrongQuotes(token)) message = `string value is not quoted with ${quoteType} quotes`;
      } else if (o.required === false) {
        if (quoted && wrongQuotes(token)) message = `string value is not quoted with ${quoteType} quotes`;
        else if (!quoted && extraRequired.some((r) => r.test(token.value))) message = 'string value is not quoted';
      } else if (quoted && isString && token.value !== '' && !quotesAreNeeded(token.value)) {
        if (!extraRequired.some((r) => r.test(token.value)) && !extraAllowed.some((r) => r.test(token.value))) {
          message = `string value is redundantly quoted with ${quoteType} quotes`;
        }
      } else if (quoted && wrongQuotes(token)) {
        message = `string value is not quoted with ${quoteType} quotes`;
      } else if (!quoted && extraRequired.some((r) => r.test(token.value))) {
        message = 'string value is not quoted';
      }
      if (message) report(token.start.line + 1, token.start.column + 1, message);
    };
  },
};

/** Tokens after which a scalar is a value (not a key). */
const VALUE_CONTEXT = new Set<Token['kind']>(['BlockEntry', 'FlowEntry', 'FlowSequenceStart', 'Tag', 'Value']);

function quoteMatches(type: QuoteType, token: ScalarToken): boolean {
  return type === 'any' || (type === 'single' && token.style === 'single') || (type === 'double' && token.style === 'double');
}

function hasQuotedQuotes(token: ScalarToken): boolean {
  return !token.plain && ((token.style === 'single' && token.value.includes('"')) || (token.style === 'double' && token.value.includes("'")));
}

/** Whether the string, written plain as a mapping value, would scan back to itself. */
function quotesAreNeeded(value: string): boolean {
  const text = `key: ${value}`;
  const tokens: Token[] = [];
  const scanner = new Scanner(text, { offset: 0, line: 0, streamStart: true }, tokens, []);
  try {
    // StreamStart, BlockMappingStart, Key, Scalar `key`, Value.
    for (let i = 0; i < 5; i++) scanner.getToken();
    const a = scanner.getToken();
    const b = scanner.getToken();
    return !(a.kind === 'Scalar' && a.style === 'plain' && b.kind === 'BlockEnd' && a.value === value);
  } catch {
    return true;
  }
}
