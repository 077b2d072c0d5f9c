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
