/**
 * A position in the text, 0-based like PyYAML's Mark (line, column in code points); `offset` is the
 * UTF-16 index into the text. Tokens at one position share one Mark object: never change one.
 */
export interface Mark {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** PyYAML's scalar styles: None (plain), `'`, `"`, `|`, `>`. */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

/** Tokens without a payload, named as PyYAML's token classes without the `Token` suffix. */
export type BareTokenKind =
  | 'StreamStart'
  | 'StreamEnd'
  | 'DocumentStart'
  | 'DocumentEnd'
  | 'BlockSequenceStart'
  | 'BlockMappingStart'
  | 'BlockEnd'
  | 'FlowSequenceStart'
  | 'FlowMappingStart'
  | 'FlowSequenceEnd'
  | 'FlowMappingEnd'
  | 'Key'
  | 'Value'
  | 'BlockEntry'
  | 'FlowEntry';

export interface BareToken {
  kind: BareTokenKind;
  start: Mark;
  end: Mark;
}

export interface ScalarToken {
  kind: 'Scalar';
  start: Mark;
  end: Mark;
  value: string;
  plain: boolean;
  style: ScalarStyle;
}

/** `*name` (Alias) or `&name` (Anchor). */
export interface NameToken {
  kind: 'Alias' | 'Anchor';
  start: Mark;
  end: Mark;
  value: string;
}

/** `!handle!suffix`; handle is null for verbatim tags `!<...>` and the bare `!`. */
export interface TagToken {
  kind: 'Tag';
  start: Mark;
  end: Mark;
  handle: string | null;
  suffix: string;
}

/** `%YAML 1.1` → value [1, 1]; `%TAG !e! tag:x,2000:` → value ['!e!', 'tag:x,2000:']; others → null. */
export interface DirectiveToken {
  kind: 'Directive';
  start: Mark;
  end: Mark;
  name: string;
  value: [number, number] | [string, string] | null;
}

export type Token = BareToken | ScalarToken | NameToken | TagToken | DirectiveToken;
export type TokenKind = Token['kind'];

/**
 * Tokens are built here only. Bare, scalar and name tokens (nearly all of them) share their fields
 * and the order, those of other kinds empty: one hidden class for them, and two more for the rare
 * tags and directives, keeps the parser's and the lint rules' reads of tokens fast (few shapes).
 */
function common(kind: TokenKind, start: Mark, end: Mark, value: string, style: ScalarStyle | null): Token {
  return { kind, start, end, value, plain: style === 'plain', style } as Token;
}

export function bareToken(kind: BareTokenKind, start: Mark, end: Mark): BareToken {
  return common(kind, start, end, '', null) as BareToken;
}

export function scalarToken(start: Mark, end: Mark, value: string, style: ScalarStyle): ScalarToken {
  return common('Scalar', start, end, value, style) as ScalarToken;
}

export function nameToken(kind: NameToken['kind'], start: Mark, end: Mark, value: string): NameToken {
  return common(kind, start, end, value, null) as NameToken;
}

export function tagToken(start: Mark, end: Mark, handle: string | null, suffix: string): TagToken {
  return { kind: 'Tag', start, end, handle, suffix };
}

export function directiveToken(start: Mark, end: Mark, name: string, value: DirectiveToken['value']): DirectiveToken {
  return { kind: 'Directive', start, end, name, value };
}

/** A `# ...` comment seen while scanning; `text` starts with `#` and has no line break. */
export interface Comment {
  text: string;
  start: Mark;
  end: Mark;
}

/** How PyYAML names each token in its error messages (`Token.id`). */
export const TOKEN_ID: Readonly<Record<TokenKind, string>> = {
  StreamStart: '<stream start>',
  StreamEnd: '<stream end>',
  Directive: '<directive>',
  DocumentStart: '<document start>',
  DocumentEnd: '<document end>',
  BlockSequenceStart: '<block sequence start>',
  BlockMappingStart: '<block mapping start>',
  BlockEnd: '<block end>',
  FlowSequenceStart: '[',
  FlowMappingStart: '{',
  FlowSequenceEnd: ']',
  FlowMappingEnd: '}',
  Key: '?',
  Value: ':',
  BlockEntry: '-',
  FlowEntry: ',',
  Alias: '<alias>',
  Anchor: '<anchor>',
  Tag: '<tag>',
  Scalar: '<scalar>',
};
