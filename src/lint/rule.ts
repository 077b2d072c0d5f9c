import type { ParsedFile } from '../documents/parse-file.js';
import type { Token, TokenKind } from '../documents/yaml/tokens.js';

/** One file as the YAML pass sees it: the text, the parse's tokens and whether it had syntax errors. */
export type LintSource = Pick<ParsedFile, 'file' | 'tokens' | 'errors'>;

/** A token with its neighbours in the stream, as yamllint hands tokens to its rules. */
export interface TokenEvent {
  curr: Token;
  prev: Token | null;
  next: Token | null;
  nextnext: Token | null;
}

/** A `#` comment found between two tokens, located the way yamllint locates it. */
export interface LintComment {
  /** 1-based. */
  line: number;
  column: number;
  /** Index of the `#` in the text. */
  offset: number;
  /** From `#` to the end of the line (a `\r` before `\n` included). */
  text: string;
  tokenBefore: Token;
  tokenAfter: Token | null;
  /** The previous comment between the same two tokens. */
  commentBefore: LintComment | null;
  /** On the same line as the end of the token before it. */
  inline: boolean;
  /** The whole file's text. */
  source: string;
}

/** A line of the file: source[start, end), without its line break (`\n` or `\r\n`). */
export interface LintLine {
  /** 1-based. */
  number: number;
  start: number;
  end: number;
  /** The whole file's text. */
  source: string;
}

/** What a token rule may need besides tokens: the text, and the configured locale (key-ordering). */
export interface FileContext {
  text: string;
  locale?: string;
}

/** How a rule reports a problem: 1-based line and column, yamllint's message. */
export type Report = (line: number, column: number, message: string) => void;

/** How an option's value is checked when the configuration is read. */
export type OptionType =
  | 'int'
  | 'bool'
  /** One of the listed constants, or (with `or`) any value of those types. */
  | { oneOf: readonly (string | boolean)[]; or?: 'int' | 'bool' }
  /** A list whose items are strings (any, or one of the listed ones). */
  | { listOf: 'string' | readonly string[] };

interface RuleBase<Options> {
  /** The yamllint name; findings are reported as `yaml/<id>`. */
  id: string;
  defaults: Options;
  options: { readonly [K in keyof Options]: OptionType };
  /** A check across options, run when the configuration is read; returns the problem. */
  validate?(options: Options): string | undefined;
}

/** Sees tokens; `start` is called once per file and returns the per-token check (which may keep state). */
export interface TokenRule<Options = Record<string, unknown>> extends RuleBase<Options> {
  type: 'token';
  /**
   * The only kinds of token the check does anything for (others are not handed to it), or those for
   * the given options; absent or undefined: all.
   */
  kinds?: readonly TokenKind[] | ((options: Options) => readonly TokenKind[] | undefined);
  start(options: Options, file: FileContext): (event: TokenEvent, report: Report) => void;
}

/** The kinds of token a rule's check takes with these options; undefined: all. */
export function kindsFor<Options>(rule: TokenRule<Options>, options: Options): readonly TokenKind[] | undefined {
  return typeof rule.kinds === 'function' ? rule.kinds(options) : rule.kinds;
}

export interface CommentRule<Options = Record<string, unknown>> extends RuleBase<Options> {
  type: 'comment';
  check(options: Options, comment: LintComment, report: Report): void;
}

export interface LineRule<Options = Record<string, unknown>> extends RuleBase<Options> {
  type: 'line';
  /** The only lines the check does anything for (others are not handed to it); absent: all. */
  lines?: 'first' | 'last' | 'blank';
  check(options: Options, line: LintLine, report: Report): void;
}

export type LintRule<Options = Record<string, unknown>> = TokenRule<Options> | CommentRule<Options> | LineRule<Options>;

/** A rule whatever its options: the configuration checks option values against `options` before they reach it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = LintRule<any>;

const LOW_SURROGATE = /[\udc00-\udfff]/;

/** The last text asked about and whether it has a low surrogate: lines are counted one file at a time. */
let counted: string | undefined;
let countedHasPairs = false;

/** Number of characters (code points, as yamllint counts them) in text[start, end). */
export function charCount(text: string, start: number, end: number): number {
  let n = end - start;
  // Most files have no surrogate pair at all: then every long line need not be walked.
  if (text !== counted) {
    counted = text;
    countedHasPairs = LOW_SURROGATE.test(text);
  }
  if (!countedHasPairs) return n;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) n--;
  }
  return n;
}
