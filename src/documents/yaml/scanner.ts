import { YamlSyntaxError, pyCharRepr } from './error.js';
import { bareToken, directiveToken, nameToken, scalarToken, tagToken } from './tokens.js';
import type { BareTokenKind, Comment, Mark, ScalarStyle, Token } from './tokens.js';

/**
 * PyYAML 6's Scanner (YAML 1.1) over a string, character codes read with charCodeAt.
 * Same tokens, same marks, same errors: yamllint's rules and syntax verdicts are defined on them.
 * Positions count code points per line like PyYAML (a surrogate pair is one column).
 */

/**
 * Characters PyYAML's Reader rejects before scanning (its NON_PRINTABLE class), in two passes: a
 * plain character class (fast), and unpaired surrogates only when the text has surrogates at all.
 */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]/g;
const SURROGATE = /[\ud800-\udfff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const UNUSUAL = /[\0-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff-\uffff]/;
const UNCOUNTED = /[\udc00-\udfff\ufeff]/;
const OTHER_BREAKS = /[\0\r\x85\u2028\u2029]/;

function firstUnprintable(src: string, from: number): number {
  CONTROL.lastIndex = from;
  const control = CONTROL.exec(src);
  let first = control ? control.index : Infinity;
  SURROGATE.lastIndex = from;
  if (SURROGATE.test(src)) {
    LONE_SURROGATE.lastIndex = from;
    const lone = LONE_SURROGATE.exec(src);
    if (lone && lone.index < first) first = lone.index;
  }
  return first;
}

export const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\x08',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\x0b',
  f: '\x0c',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '\\': '\\',
  '/': '/',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

export const ESCAPE_LENGTHS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** A place where a key without '?' may start; `tokenNumber` is where its Key token would go. */
interface SimpleKey {
  level: number;
  tokenNumber: number;
  required: boolean;
  mark: Mark;
}

/** What follows the text in the scanner's copy of it: the longest look-ahead is four characters (`---` and a blank). */
const END_MARKS = '\0\0\0\0';

/** End of input: PyYAML's reader pads with '\0'; past the end charCodeAt gives NaN. */
function isZ(c: number): boolean {
  return c === 0 || c !== c;
}
function isBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x85 || c === 0x2028 || c === 0x2029;
}
/** '\0\r\n\x85\u2028\u2029' */
function isBreakZ(c: number): boolean {
  return isBreak(c) || isZ(c);
}
/** '\0 \r\n\x85\u2028\u2029' */
function isSpaceBreakZ(c: number): boolean {
  return c === 32 || isBreakZ(c);
}
/** '\0 \t\r\n\x85\u2028\u2029' */
function isBlankZ(c: number): boolean {
  return c === 32 || c === 9 || isBreakZ(c);
}
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;
}
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
/** The URI characters of a tag besides word characters: "-;/?:@&=+$,_.!~*'()[]%". */
function isUriChar(c: number): boolean {
  switch (c) {
    case 45: case 59: case 47: case 63: case 58: case 64: case 38: case 61: case 43: case 36: case 44:
    case 95: case 46: case 33: case 126: case 42: case 39: case 40: case 41: case 91: case 93: case 37:
      return true;
    default:
      return isWordChar(c);
  }
}
/** Characters that end an anchor or alias name: '\0 \t\r\n\x85\u2028\u2029?:,]}%@`'. */
function endsAnchor(c: number): boolean {
  return isBlankZ(c) || c === 63 || c === 58 || c === 44 || c === 93 || c === 125 || c === 37 || c === 64 || c === 96;
}

function uncountedBetween(src: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = src.charCodeAt(i);
    if (c >= 0xdc00 && (c <= 0xdfff || c === 0xfeff)) count++;
  }
  return count;
}

/** What an ASCII character does to a plain scalar: part of it, its end, ':' (ends it before a blank), a flow indicator. */
const PLAIN_CHAR = 0;
const PLAIN_END = 1;
const PLAIN_COLON = 2;
const PLAIN_FLOW_END = 3;
const PLAIN_ASCII = new Uint8Array(128);
for (const c of [0, 9, 10, 13, 32]) PLAIN_ASCII[c] = PLAIN_END;
PLAIN_ASCII[58] = PLAIN_COLON;
for (const c of ',?[]{}') PLAIN_ASCII[c.charCodeAt(0)] = PLAIN_FLOW_END;

/**
 * Short plain scalars seen lately, by a cheap hash of their text: keys and common values repeat across
 * documents, and reusing one string spares the slice and lets it serve as a property key as it is
 * (a fresh string must be looked up in V8's string table at each store). Only strings short enough
 * to be copied when sliced, so none keeps its file's text alive.
 */
const KNOWN_MAX = 12;
const known: string[] = new Array<string>(2048).fill('');

export function knownString(src: string, from: number, to: number): string {
  const length = to - from;
  if (length > KNOWN_MAX) return src.slice(from, to);
  const slot = (length * 997 + src.charCodeAt(from) * 31 + src.charCodeAt(to - 1) * 7 + src.charCodeAt((from + to) >> 1)) & 2047;
  const candidate = known[slot]!;
  if (candidate.length === length) {
    // Compared in place (startsWith is a call into a builtin; these are a few characters).
    let i = 0;
    while (i < length && candidate.charCodeAt(i) === src.charCodeAt(from + i)) i++;
    if (i === length) return candidate;
  }
  return (known[slot] = src.slice(from, to));
}

/** Where a scan begins: the start of the text, or a document line after a syntax error. */
export interface ScanStart {
  offset: number;
  line: number;
  /** False when resuming after an error: the stream was already started. */
  streamStart: boolean;
}

export class Scanner {
  /** Every token scanned, in stream order (shared across resumed scans of one file). */
  readonly tokens: Token[];
  readonly comments: Comment[];
  /** Index in `tokens` of the next token the parser takes. */
  private taken: number;
  /**
   * The text, then END_MARKS: PyYAML's reader pads its buffer with a NUL, which the scanner takes for the end, as it
   * takes a read past the end; padded, no read falls past the string's end, where V8's optimized code deoptimizes at
   * the first such read at each place (in a 1k run with a yamllint config, scanPlain was compiled four times). A NUL of
   * the text itself is never read as its end: the reader's error is raised at it first (`bad`).
   */
  private readonly src: string;
  /** Where the text ends in `src`. */
  private readonly end: number;
  private pos: number;
  private line: number;
  private column = 0;
  private readonly startOffset: number;
  private readonly startLine: number;
  /** Offset of the first character the reader rejects, or Infinity. */
  private readonly bad: number;
  private done = false;
  private flowLevel = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private allowSimpleKey = true;
  /**
   * Possible simple keys, at most one per flow level (which an unbalanced ']' can make negative, as
   * in PyYAML), in token order: the first is the oldest. Leaving a flow level drops its key, so the
   * current level's key, if any, is the last (no lookup, no iterator on the hot path).
   */
  private readonly keys: SimpleKey[] = [];
  /** Records of keys resolved or dropped, for the next to reuse: nearly every scalar saves one. */
  private readonly spareKeys: SimpleKey[] = [];
  private lastMark: Mark = { line: -1, column: -1, offset: -1 };
  /** The text has characters that take no column (surrogate pairs' second halves, BOMs). */
  private readonly hasUncounted: boolean;
  /** Every line ends with '\n' alone and there is no NUL: a line's end is one indexOf away. */
  private readonly onlyNewlines: boolean;

  constructor(src: string, start: ScanStart, tokens: Token[], comments: Comment[]) {
    this.src = src + END_MARKS;
    this.end = src.length;
    this.pos = this.startOffset = start.offset;
    this.line = this.startLine = start.line;
    this.tokens = tokens;
    this.comments = comments;
    this.taken = tokens.length;
    // One pass over ordinary text; the finer checks only when something unusual is there.
    const unusual = UNUSUAL.test(src);
    this.bad = unusual ? firstUnprintable(src, start.offset) : Infinity;
    this.hasUncounted = unusual && UNCOUNTED.test(src);
    this.onlyNewlines = !unusual || !OTHER_BREAKS.test(src);
    if (start.streamStart) {
      const mark = this.mark();
      tokens.push(bareToken('StreamStart', mark, mark));
    }
  }

  /** The next token without taking it (PyYAML's peek_token). */
  peekToken(): Token {
    try {
      while (this.needMoreTokens()) this.fetchMoreTokens();
    } catch (error) {
      if (error instanceof YamlSyntaxError && error.mark.offset >= this.bad) throw this.readerError();
      throw error;
    }
    return this.tokens[this.taken]!;
  }

  getToken(): Token {
    const token = this.peekToken();
    this.taken++;
    return token;
  }

  /** Index in `tokens` of the next token the parser takes. */
  tokenIndex(): number {
    return this.taken;
  }

  /** Goes back to the token at `index`, taken before: the tokens from there on are taken again as they are. */
  rewind(index: number): void {
    this.taken = index;
  }

  /** Marks are immutable: consecutive requests at one position share the object (fewer allocations). */
  private mark(): Mark {
    if (this.lastMark.offset !== this.pos) this.lastMark = { line: this.line, column: this.column, offset: this.pos };
    return this.lastMark;
  }

  private readerError(): YamlSyntaxError {
    const code = this.src.codePointAt(this.bad)!;
    // Recount from the scan's start: the reader's position, not the scanner's.
    this.pos = this.startOffset;
    this.line = this.startLine;
    this.column = 0;
    this.forward(this.bad - this.startOffset);
    return new YamlSyntaxError(`unacceptable character #x${code.toString(16).padStart(4, '0')}: special characters are not allowed`, this.mark());
  }

  private forward(length: number): void {
    const src = this.src;
    for (let i = 0; i < length; i++) {
      const c = src.charCodeAt(this.pos++);
      if (c === 10 || c === 0x85 || c === 0x2028 || c === 0x2029 || (c === 13 && src.charCodeAt(this.pos) !== 10)) {
        this.line++;
        this.column = 0;
      } else if (c !== 0xfeff && (c < 0xdc00 || c > 0xdfff)) {
        this.column++;
      }
    }
  }

  /** forward() over characters known to hold no line break. */
  private forwardInLine(length: number): void {
    const src = this.src;
    const end = this.pos + length;
    let column = this.column;
    for (let i = this.pos; i < end; i++) {
      const c = src.charCodeAt(i);
      if (c !== 0xfeff && (c < 0xdc00 || c > 0xdfff)) column++;
    }
    this.column = column;
    this.pos = end;
  }

  /** Moves to `stop` on the same line; `skipped` characters (low surrogates, BOMs) take no column. */
  private advanceInLine(stop: number, skipped: number): void {
    this.column += stop - this.pos - skipped;
    this.pos = stop;
  }

  /** The character k places ahead as PyYAML's error messages print it (a whole code point). */
  private found(k: number): string {
    return pyCharRepr(this.src.codePointAt(this.pos + k) ?? Number.NaN);
  }

  private peek(k: number): number {
    return this.src.charCodeAt(this.pos + k);
  }

  private needMoreTokens(): boolean {
    if (this.done) return false;
    if (this.taken >= this.tokens.length) return true;
    if (this.keys.length === 0) return false;
    this.staleKeys();
    return this.nextPossibleSimpleKey() === this.taken;
  }

  private fetchMoreTokens(): void {
    this.scanToNextToken();
    if (this.pos >= this.bad) throw this.readerError();
    this.staleKeys();
    this.unwindIndent(this.column);
    const c = this.src.charCodeAt(this.pos);
    switch (c) {
      case 37: // %
        if (this.column === 0) return this.fetchDirective();
        break;
      case 45: // -
        if (this.checkDocumentIndicator(45)) return this.fetchDocumentIndicator('DocumentStart');
        break;
      case 46: // .
        if (this.checkDocumentIndicator(46)) return this.fetchDocumentIndicator('DocumentEnd');
        break;
      case 91: return this.fetchFlowCollectionStart('FlowSequenceStart');
      case 123: return this.fetchFlowCollectionStart('FlowMappingStart');
      case 93: return this.fetchFlowCollectionEnd('FlowSequenceEnd');
      case 125: return this.fetchFlowCollectionEnd('FlowMappingEnd');
      case 44: return this.fetchFlowEntry();
    }
    if (isZ(c)) return this.fetchStreamEnd();
    const blankNext = isBlankZ(this.peek(1));
    if (c === 45 && blankNext) return this.fetchBlockEntry();
    if (c === 63 && (this.flowLevel !== 0 || blankNext)) return this.fetchKey();
    if (c === 58 && (this.flowLevel !== 0 || blankNext)) return this.fetchValue();
    if (c === 42) return this.fetchAnchor('Alias');
    if (c === 38) return this.fetchAnchor('Anchor');
    if (c === 33) return this.fetchTag();
    if (c === 124 && this.flowLevel === 0) return this.fetchBlockScalar(false);
    if (c === 62 && this.flowLevel === 0) return this.fetchBlockScalar(true);
    if (c === 39) return this.fetchFlowScalar(false);
    if (c === 34) return this.fetchFlowScalar(true);
    if (this.checkPlain(c, blankNext)) return this.fetchPlain();
    throw new YamlSyntaxError(
      `found character ${this.found(0)} that cannot start any token`,
      this.mark(),
      'while scanning for the next token',
    );
  }

  // Simple keys: a key without '?' is only known to be a key when its ':' arrives.

  private nextPossibleSimpleKey(): number {
    return this.keys.length === 0 ? -1 : this.keys[0]!.tokenNumber;
  }

  private staleKeys(): void {
    const keys = this.keys;
    if (keys.length === 0) return;
    // Keys are saved in text order: when the oldest is fresh, all are (deep flow nesting stays linear).
    const oldest = keys[0]!;
    if (oldest.mark.line === this.line && this.pos - oldest.mark.offset <= 1024) return;
    let kept = 0;
    for (const key of keys) {
      if (key.mark.line !== this.line || this.pos - key.mark.offset > 1024) {
        if (key.required) throw this.keyError(key);
      } else {
        keys[kept++] = key;
      }
    }
    keys.length = kept;
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.column;
    if (!this.allowSimpleKey) return;
    this.removeSimpleKey();
    const key = this.spareKeys.pop();
    if (key === undefined) {
      this.keys.push({ level: this.flowLevel, tokenNumber: this.tokens.length, required, mark: this.mark() });
      return;
    }
    key.level = this.flowLevel;
    key.tokenNumber = this.tokens.length;
    key.required = required;
    key.mark = this.mark();
    this.keys.push(key);
  }

  /** The possible simple key of the current flow level, or null. */
  private currentKey(): SimpleKey | null {
    const keys = this.keys;
    // Never keys[-1]: a negative index is a slow property lookup, not an array read.
    if (keys.length === 0) return null;
    const key = keys[keys.length - 1]!;
    return key.level === this.flowLevel ? key : null;
  }

  private removeSimpleKey(): void {
    const key = this.currentKey();
    if (!key) return;
    if (key.required) throw this.keyError(key);
    this.spareKeys.push(this.keys.pop()!);
  }

  private keyError(key: SimpleKey): YamlSyntaxError {
    return new YamlSyntaxError("could not find expected ':'", this.mark(), 'while scanning a simple key', key.mark);
  }

  private unwindIndent(column: number): void {
    if (this.flowLevel !== 0) return;
    while (this.indent > column) {
      const mark = this.mark();
      this.indent = this.indents.pop()!;
      this.tokens.push(bareToken('BlockEnd', mark, mark));
    }
  }

  private addIndent(column: number): boolean {
    if (this.indent >= column) return false;
    this.indents.push(this.indent);
    this.indent = column;
    return true;
  }

  /** A simple key's token goes back before the tokens scanned since; usually one or two places. */
  private insertToken(at: number, token: Token): void {
    const tokens = this.tokens;
    for (let i = tokens.length; i > at; i--) tokens[i] = tokens[i - 1]!;
    tokens[at] = token;
  }

  private pushBare(kind: BareTokenKind, length: number): void {
    const start = this.mark();
    this.forwardInLine(length);
    this.tokens.push(bareToken(kind, start, this.mark()));
  }

  private pushMarker(kind: BareTokenKind): void {
    const mark = this.mark();
    this.tokens.push(bareToken(kind, mark, mark));
  }

  private fetchStreamEnd(): void {
    this.unwindIndent(-1);
    this.removeSimpleKey();
    this.allowSimpleKey = false;
    this.keys.length = 0;
    this.pushMarker('StreamEnd');
    this.done = true;
  }

  private fetchDirective(): void {
    this.unwindIndent(-1);
    this.removeSimpleKey();
    this.allowSimpleKey = false;
    this.tokens.push(this.scanDirective());
  }

  private checkDocumentIndicator(c: number): boolean {
    return this.column === 0 && this.isDocumentIndicator(c);
  }

  /** `---` or `...` here, followed by a blank or the end. */
  private isDocumentIndicator(c: number): boolean {
    return this.peek(0) === c && this.peek(1) === c && this.peek(2) === c && isBlankZ(this.peek(3));
  }

  private atDocumentSeparator(): boolean {
    return this.isDocumentIndicator(45) || this.isDocumentIndicator(46);
  }

  private fetchDocumentIndicator(kind: 'DocumentStart' | 'DocumentEnd'): void {
    this.unwindIndent(-1);
    this.removeSimpleKey();
    this.allowSimpleKey = false;
    this.pushBare(kind, 3);
  }

  private fetchFlowCollectionStart(kind: 'FlowSequenceStart' | 'FlowMappingStart'): void {
    this.saveSimpleKey();
    this.flowLevel++;
    this.allowSimpleKey = true;
    this.pushBare(kind, 1);
  }

  private fetchFlowCollectionEnd(kind: 'FlowSequenceEnd' | 'FlowMappingEnd'): void {
    this.removeSimpleKey();
    this.flowLevel--;
    this.allowSimpleKey = false;
    this.pushBare(kind, 1);
  }

  private fetchFlowEntry(): void {
    this.allowSimpleKey = true;
    this.removeSimpleKey();
    this.pushBare('FlowEntry', 1);
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.allowSimpleKey) throw new YamlSyntaxError('sequence entries are not allowed here', this.mark());
      if (this.addIndent(this.column)) this.pushMarker('BlockSequenceStart');
    }
    this.allowSimpleKey = true;
    this.removeSimpleKey();
    this.pushBare('BlockEntry', 1);
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.allowSimpleKey) throw new YamlSyntaxError('mapping keys are not allowed here', this.mark());
      if (this.addIndent(this.column)) this.pushMarker('BlockMappingStart');
    }
    this.allowSimpleKey = this.flowLevel === 0;
    this.removeSimpleKey();
    this.pushBare('Key', 1);
  }

  private fetchValue(): void {
    const key = this.currentKey();
    if (key) {
      this.spareKeys.push(this.keys.pop()!);
      this.insertToken(key.tokenNumber, bareToken('Key', key.mark, key.mark));
      if (this.flowLevel === 0 && this.addIndent(key.mark.column)) {
        this.insertToken(key.tokenNumber, bareToken('BlockMappingStart', key.mark, key.mark));
      }
      this.allowSimpleKey = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.allowSimpleKey) throw new YamlSyntaxError('mapping values are not allowed here', this.mark());
        if (this.addIndent(this.column)) this.pushMarker('BlockMappingStart');
      }
      this.allowSimpleKey = this.flowLevel === 0;
      this.removeSimpleKey();
    }
    this.pushBare('Value', 1);
  }

  private fetchAnchor(kind: 'Alias' | 'Anchor'): void {
    this.saveSimpleKey();
    this.allowSimpleKey = false;
    const start = this.mark();
    const name = kind === 'Alias' ? 'alias' : 'anchor';
    this.forwardInLine(1);
    let length = 0;
    while (isWordChar(this.peek(length))) length++;
    const after = this.peek(length);
    if (length === 0) throw this.expectedAlphanumeric(`while scanning an ${name}`, start);
    const value = this.src.slice(this.pos, this.pos + length);
    this.forwardInLine(length);
    if (!endsAnchor(after)) throw this.expectedAlphanumeric(`while scanning an ${name}`, start);
    this.tokens.push(nameToken(kind, start, this.mark(), value));
  }

  private expectedAlphanumeric(context: string, start: Mark): YamlSyntaxError {
    return new YamlSyntaxError(`expected alphabetic or numeric character, but found ${this.found(0)}`, this.mark(), context, start);
  }

  private fetchTag(): void {
    this.saveSimpleKey();
    this.allowSimpleKey = false;
    const start = this.mark();
    let c = this.peek(1);
    let handle: string | null;
    let suffix: string;
    if (c === 60) {
      handle = null;
      this.forwardInLine(2);
      suffix = this.scanTagUri('tag', start);
      if (this.peek(0) !== 62) {
        throw new YamlSyntaxError(`expected '>', but found ${this.found(0)}`, this.mark(), 'while parsing a tag', start);
      }
      this.forwardInLine(1);
    } else if (isBlankZ(c)) {
      handle = null;
      suffix = '!';
      this.forwardInLine(1);
    } else {
      let length = 1;
      let useHandle = false;
      while (!isSpaceBreakZ(c)) {
        if (c === 33) {
          useHandle = true;
          break;
        }
        length++;
        c = this.peek(length);
      }
      if (useHandle) {
        handle = this.scanTagHandle('tag', start);
      } else {
        handle = '!';
        this.forwardInLine(1);
      }
      suffix = this.scanTagUri('tag', start);
    }
    const after = this.peek(0);
    if (!isSpaceBreakZ(after)) {
      throw new YamlSyntaxError(`expected ' ', but found ${this.found(0)}`, this.mark(), 'while scanning a tag', start);
    }
    this.tokens.push(tagToken(start, this.mark(), handle, suffix));
  }

  private fetchBlockScalar(folded: boolean): void {
    this.allowSimpleKey = true;
    this.removeSimpleKey();
    this.tokens.push(this.scanBlockScalar(folded));
  }

  private fetchFlowScalar(double: boolean): void {
    this.saveSimpleKey();
    this.allowSimpleKey = false;
    this.tokens.push(this.scanFlowScalar(double));
  }

  private fetchPlain(): void {
    this.saveSimpleKey();
    this.allowSimpleKey = false;
    this.tokens.push(this.scanPlain());
  }

  private checkPlain(c: number, blankNext: boolean): boolean {
    switch (c) {
      case 45: // -
        return !blankNext;
      case 63: // ?
      case 58: // :
        return !blankNext && this.flowLevel === 0;
      case 44: case 91: case 93: case 123: case 125: case 35: case 38: case 42: case 33: case 124: case 62:
      case 39: case 34: case 37: case 64: case 96:
        return false;
      default:
        return !isBlankZ(c);
    }
  }

  private scanToNextToken(): void {
    const src = this.src;
    if (this.pos === 0 && src.charCodeAt(0) === 0xfeff) this.forward(1);
    for (;;) {
      this.skipSpaces();
      if (src.charCodeAt(this.pos) === 35) this.scanComment();
      if (this.scanLineBreak() === '') return;
      if (this.flowLevel === 0) this.allowSimpleKey = true;
    }
  }

  /** Skips a comment to the end of its line and records it. */
  private scanComment(): void {
    const start = this.mark();
    const end = this.lineEnd();
    this.comments.push({ text: this.src.slice(start.offset, end), start, end: this.mark() });
  }

  /** Consumes one line break; returns what it folds to ('\n', '\u2028', '\u2029') or '' when there is none. */
  private scanLineBreak(): string {
    const c = this.src.charCodeAt(this.pos);
    if (c === 10 || c === 13 || c === 0x85) {
      if (c === 13 && this.src.charCodeAt(this.pos + 1) === 10) this.pos++;
      this.pos++;
      this.line++;
      this.column = 0;
      return '\n';
    }
    if (c === 0x2028 || c === 0x2029) {
      this.pos++;
      this.line++;
      this.column = 0;
      return c === 0x2028 ? '\u2028' : '\u2029';
    }
    return '';
  }

  /** Moves to the end of the line's content (before its break) and returns that offset. */
  private lineEnd(): number {
    const src = this.src;
    let stop: number;
    if (this.onlyNewlines) {
      stop = src.indexOf('\n', this.pos);
      if (stop < 0) stop = this.end;
    } else {
      stop = this.pos;
      for (let c = src.charCodeAt(stop); !isBreakZ(c); c = src.charCodeAt(++stop));
    }
    this.advanceInLine(stop, this.hasUncounted ? uncountedBetween(src, this.pos, stop) : 0);
    return stop;
  }

  private skipSpaces(): void {
    const src = this.src;
    let stop = this.pos;
    while (src.charCodeAt(stop) === 32) stop++;
    this.column += stop - this.pos;
    this.pos = stop;
  }

  // Directives: %YAML and %TAG carry values; any other name is kept with its line ignored.

  private scanDirective(): Token {
    const start = this.mark();
    this.forwardInLine(1);
    const name = this.scanDirectiveName(start);
    let value: [number, number] | [string, string] | null = null;
    let end: Mark;
    if (name === 'YAML') {
      value = this.scanYamlDirectiveValue(start);
      end = this.mark();
    } else if (name === 'TAG') {
      value = this.scanTagDirectiveValue(start);
      end = this.mark();
    } else {
      end = this.mark();
      this.lineEnd();
    }
    this.scanIgnoredLine('while scanning a directive', start);
    return directiveToken(start, end, name, value);
  }

  private directiveError(problem: string, start: Mark): YamlSyntaxError {
    return new YamlSyntaxError(problem, this.mark(), 'while scanning a directive', start);
  }

  private scanDirectiveName(start: Mark): string {
    let length = 0;
    while (isWordChar(this.peek(length))) length++;
    if (length === 0) throw this.directiveError(`expected alphabetic or numeric character, but found ${this.found(0)}`, start);
    const name = this.src.slice(this.pos, this.pos + length);
    this.forwardInLine(length);
    const c = this.peek(0);
    if (!isSpaceBreakZ(c)) throw this.directiveError(`expected alphabetic or numeric character, but found ${this.found(0)}`, start);
    return name;
  }

  private scanYamlDirectiveValue(start: Mark): [number, number] {
    this.skipSpaces();
    const major = this.scanYamlDirectiveNumber(start);
    if (this.peek(0) !== 46) throw this.directiveError(`expected a digit or '.', but found ${this.found(0)}`, start);
    this.forwardInLine(1);
    const minor = this.scanYamlDirectiveNumber(start);
    if (!isSpaceBreakZ(this.peek(0))) throw this.directiveError(`expected a digit or ' ', but found ${this.found(0)}`, start);
    return [major, minor];
  }

  private scanYamlDirectiveNumber(start: Mark): number {
    const c = this.peek(0);
    if (!(c >= 48 && c <= 57)) throw this.directiveError(`expected a digit, but found ${this.found(0)}`, start);
    let length = 0;
    for (let d = c; d >= 48 && d <= 57; d = this.peek(length)) length++;
    const value = Number.parseInt(this.src.slice(this.pos, this.pos + length), 10);
    this.forwardInLine(length);
    return value;
  }

  private scanTagDirectiveValue(start: Mark): [string, string] {
    this.skipSpaces();
    const handle = this.scanTagHandle('directive', start);
    if (this.peek(0) !== 32) throw this.directiveError(`expected ' ', but found ${this.found(0)}`, start);
    this.skipSpaces();
    const prefix = this.scanTagUri('directive', start);
    if (!isSpaceBreakZ(this.peek(0))) throw this.directiveError(`expected ' ', but found ${this.found(0)}`, start);
    return [handle, prefix];
  }

  /** The rest of a directive or block scalar header line: spaces, an optional comment, a break. */
  private scanIgnoredLine(context: string, start: Mark): void {
    this.skipSpaces();
    if (this.peek(0) === 35) this.scanComment();
    const c = this.peek(0);
    if (!isBreakZ(c)) throw new YamlSyntaxError(`expected a comment or a line break, but found ${this.found(0)}`, this.mark(), context, start);
    this.scanLineBreak();
  }

  // Tags.

  private scanTagHandle(name: string, start: Mark): string {
    let c = this.peek(0);
    if (c !== 33) throw new YamlSyntaxError(`expected '!', but found ${this.found(0)}`, this.mark(), `while scanning a ${name}`, start);
    let length = 1;
    c = this.peek(1);
    if (c !== 32) {
      while (isWordChar(c)) c = this.peek(++length);
      if (c !== 33) {
        this.forwardInLine(length);
        throw new YamlSyntaxError(`expected '!', but found ${this.found(0)}`, this.mark(), `while scanning a ${name}`, start);
      }
      length++;
    }
    const value = this.src.slice(this.pos, this.pos + length);
    this.forwardInLine(length);
    return value;
  }

  private scanTagUri(name: string, start: Mark): string {
    let value = '';
    let consumed = false;
    let length = 0;
    let c = this.peek(0);
    while (isUriChar(c)) {
      if (c === 37) {
        value += this.src.slice(this.pos, this.pos + length);
        this.forwardInLine(length);
        length = 0;
        value += this.scanUriEscapes(name, start);
        consumed = true;
      } else {
        length++;
      }
      c = this.peek(length);
    }
    if (length > 0) {
      value += this.src.slice(this.pos, this.pos + length);
      this.forwardInLine(length);
      consumed = true;
    }
    if (!consumed) throw new YamlSyntaxError(`expected URI, but found ${this.found(0)}`, this.mark(), `while parsing a ${name}`, start);
    return value;
  }

  private scanUriEscapes(name: string, start: Mark): string {
    const bytes: number[] = [];
    const mark = this.mark();
    while (this.peek(0) === 37) {
      this.forwardInLine(1);
      for (let k = 0; k < 2; k++) {
        if (!isHex(this.peek(k))) {
          throw new YamlSyntaxError(
            `expected URI escape sequence of 2 hexadecimal numbers, but found ${this.found(k)}`,
            this.mark(),
            `while scanning a ${name}`,
            start,
          );
        }
      }
      bytes.push(Number.parseInt(this.src.slice(this.pos, this.pos + 2), 16));
      this.forwardInLine(2);
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
    } catch {
      throw new YamlSyntaxError("'utf-8' codec can't decode the URI escape bytes", mark, `while scanning a ${name}`, start);
    }
  }

  // Block scalars: `|` literal and `>` folded, with chomping and indentation indicators.

  private scanBlockScalar(folded: boolean): Token {
    const start = this.mark();
    this.forwardInLine(1);
    let chomping: boolean | null = null;
    let increment = 0;
    let c = this.peek(0);
    if (c === 43 || c === 45) {
      chomping = c === 43;
      this.forwardInLine(1);
      c = this.peek(0);
      if (c >= 48 && c <= 57) {
        increment = this.scanIndentationIndicator(start, c);
      }
    } else if (c >= 48 && c <= 57) {
      increment = this.scanIndentationIndicator(start, c);
      c = this.peek(0);
      if (c === 43 || c === 45) {
        chomping = c === 43;
        this.forwardInLine(1);
      }
    }
    c = this.peek(0);
    if (!isSpaceBreakZ(c)) {
      throw new YamlSyntaxError(`expected chomping or indentation indicators, but found ${this.found(0)}`, this.mark(), 'while scanning a block scalar', start);
    }
    this.scanIgnoredLine('while scanning a block scalar', start);

    const minIndent = Math.max(this.indent + 1, 1);
    let indent: number;
    let breaks: string;
    let end: Mark;
    if (increment === 0) {
      let maxIndent = 0;
      breaks = '';
      end = this.mark();
      for (let d = this.peek(0); d === 32 || isBreak(d); d = this.peek(0)) {
        if (d !== 32) {
          breaks += this.scanLineBreak();
          end = this.mark();
        } else {
          this.pos++;
          this.column++;
          if (this.column > maxIndent) maxIndent = this.column;
        }
      }
      indent = Math.max(minIndent, maxIndent);
    } else {
      indent = minIndent + increment - 1;
      [breaks, end] = this.scanBlockScalarBreaks(indent);
    }

    // Joined once: concatenated line by line, a long text (a script, a config file) would be kept as a
    // tree of a string per piece, several times its size.
    const parts: string[] = [];
    let lineBreak = '';
    while (this.column === indent && !isZ(this.peek(0))) {
      parts.push(breaks);
      const leadingNonSpace = this.peek(0) !== 32 && this.peek(0) !== 9;
      const from = this.pos;
      parts.push(this.src.slice(from, this.lineEnd()));
      lineBreak = this.scanLineBreak();
      [breaks, end] = this.scanBlockScalarBreaks(indent);
      if (this.column !== indent || isZ(this.peek(0))) break;
      if (folded && lineBreak === '\n' && leadingNonSpace && this.peek(0) !== 32 && this.peek(0) !== 9) {
        if (breaks === '') parts.push(' ');
      } else {
        parts.push(lineBreak);
      }
    }
    if (chomping !== false) parts.push(lineBreak);
    if (chomping === true) parts.push(breaks);
    return scalarToken(start, end, parts.join(''), folded ? 'folded' : 'literal');
  }

  private scanIndentationIndicator(start: Mark, c: number): number {
    if (c === 48) {
      throw new YamlSyntaxError('expected indentation indicator in the range 1-9, but found 0', this.mark(), 'while scanning a block scalar', start);
    }
    this.forwardInLine(1);
    return c - 48;
  }

  private scanBlockScalarBreaks(indent: number): [string, Mark] {
    let breaks = '';
    let end = this.mark();
    while (this.column < indent && this.peek(0) === 32) {
      this.pos++;
      this.column++;
    }
    while (isBreak(this.peek(0))) {
      breaks += this.scanLineBreak();
      end = this.mark();
      while (this.column < indent && this.peek(0) === 32) {
        this.pos++;
        this.column++;
      }
    }
    return [breaks, end];
  }

  // Quoted scalars.

  private scanFlowScalar(double: boolean): Token {
    const start = this.mark();
    const quote = this.peek(0);
    this.forwardInLine(1);
    let value = this.quotedLine(quote, double);
    if (value === null) {
      value = this.scanFlowScalarNonSpaces(double, start);
      while (this.peek(0) !== quote) {
        value += this.scanFlowScalarSpaces(start);
        value += this.scanFlowScalarNonSpaces(double, start);
      }
    }
    this.forwardInLine(1);
    const style: ScalarStyle = double ? 'double' : 'single';
    return scalarToken(start, this.mark(), value, style);
  }

  /**
   * A quoted scalar's text when it ends on its line without escapes (most do): the source up to the
   * closing quote, sliced once rather than word by word. Null, having moved nowhere, otherwise.
   */
  private quotedLine(quote: number, double: boolean): string | null {
    const src = this.src;
    let skipped = 0;
    for (let stop = this.pos; ; stop++) {
      const c = src.charCodeAt(stop);
      if (c === quote) {
        if (!double && src.charCodeAt(stop + 1) === 39) return null;
        const value = src.slice(this.pos, stop);
        this.advanceInLine(stop, skipped);
        return value;
      }
      // Escapes, line breaks, other control characters and the end take the general path.
      if ((c === 92 && double) || (c < 32 && c !== 9) || c !== c || c === 0x85 || c === 0x2028 || c === 0x2029) return null;
      if (c >= 0xdc00 && (c <= 0xdfff || c === 0xfeff)) skipped++;
    }
  }

  private scanFlowScalarNonSpaces(double: boolean, start: Mark): string {
    const src = this.src;
    let value = '';
    for (;;) {
      let stop = this.pos;
      let skipped = 0;
      for (let c = src.charCodeAt(stop); c !== 39 && c !== 34 && c !== 92 && !isBlankZ(c); c = src.charCodeAt(++stop)) {
        if (c >= 0xdc00 && (c <= 0xdfff || c === 0xfeff)) skipped++;
      }
      if (stop > this.pos) {
        value += src.slice(this.pos, stop);
        this.advanceInLine(stop, skipped);
      }
      const c = this.peek(0);
      if (!double && c === 39 && this.peek(1) === 39) {
        value += "'";
        this.forwardInLine(2);
      } else if ((double && c === 39) || (!double && (c === 34 || c === 92))) {
        value += src[this.pos];
        this.forwardInLine(1);
      } else if (double && c === 92) {
        this.forwardInLine(1);
        value += this.scanEscape(start);
      } else {
        return value;
      }
    }
  }

  /** After a backslash in a double-quoted scalar. */
  private scanEscape(start: Mark): string {
    const c = this.peek(0);
    const ch = this.src[this.pos] ?? '\0';
    const replacement = ESCAPES[ch];
    if (replacement !== undefined && !isZ(c)) {
      this.forwardInLine(1);
      return replacement;
    }
    const length = ESCAPE_LENGTHS[ch];
    if (length !== undefined) {
      this.forwardInLine(1);
      for (let k = 0; k < length; k++) {
        if (!isHex(this.peek(k))) {
          throw new YamlSyntaxError(
            `expected escape sequence of ${length} hexadecimal numbers, but found ${this.found(k)}`,
            this.mark(),
            'while scanning a double-quoted scalar',
            start,
          );
        }
      }
      const code = Number.parseInt(this.src.slice(this.pos, this.pos + length), 16);
      if (code > 0x10ffff) {
        throw new YamlSyntaxError(`found escape code ${code.toString(16)} beyond the Unicode range`, this.mark(), 'while scanning a double-quoted scalar', start);
      }
      this.forwardInLine(length);
      return String.fromCodePoint(code);
    }
    if (isBreak(c)) {
      this.scanLineBreak();
      return this.scanFlowScalarBreaks(start);
    }
    throw new YamlSyntaxError(`found unknown escape character ${this.found(0)}`, this.mark(), 'while scanning a double-quoted scalar', start);
  }

  private scanFlowScalarSpaces(start: Mark): string {
    let stop = this.pos;
    for (let c = this.src.charCodeAt(stop); c === 32 || c === 9; c = this.src.charCodeAt(stop)) stop++;
    const whitespace = this.src.slice(this.pos, stop);
    this.forwardInLine(stop - this.pos);
    const c = this.peek(0);
    if (isZ(c)) throw new YamlSyntaxError('found unexpected end of stream', this.mark(), 'while scanning a quoted scalar', start);
    if (!isBreak(c)) return whitespace;
    const lineBreak = this.scanLineBreak();
    const breaks = this.scanFlowScalarBreaks(start);
    if (lineBreak !== '\n') return lineBreak + breaks;
    return breaks === '' ? ' ' : breaks;
  }

  private scanFlowScalarBreaks(start: Mark): string {
    let breaks = '';
    for (;;) {
      if (this.atDocumentSeparator()) {
        throw new YamlSyntaxError('found unexpected document separator', this.mark(), 'while scanning a quoted scalar', start);
      }
      for (let c = this.peek(0); c === 32 || c === 9; c = this.peek(0)) {
        this.pos++;
        this.column++;
      }
      if (!isBreak(this.peek(0))) return breaks;
      breaks += this.scanLineBreak();
    }
  }

  // Plain scalars.

  private scanPlain(): Token {
    const src = this.src;
    const start = this.mark();
    // Where the last chunk ended: its mark is made once, after the last chunk, not after each.
    let endPos = -1;
    let endLine = 0;
    let endColumn = 0;
    const indent = this.indent + 1;
    const inFlow = this.flowLevel !== 0;
    // Chunks on one line with the spaces between them are one run of the source, sliced once (not a
    // slice and a concatenation per word); only a folded line break ends a run, and joins the next
    // one if a chunk follows. A lone run (nearly always) may be a known string.
    let value = '';
    let fold: string | null = null;
    let runStart = -1;
    let runEnd = 0;
    for (;;) {
      if (src.charCodeAt(this.pos) === 35) break;
      let stop = this.pos;
      let skipped = 0;
      for (;; stop++) {
        const c = src.charCodeAt(stop);
        if (c < 128) {
          const kind = PLAIN_ASCII[c]!;
          if (kind === PLAIN_CHAR) continue;
          if (kind === PLAIN_END) break;
          if (kind === PLAIN_COLON) {
            const n = src.charCodeAt(stop + 1);
            if (isBlankZ(n) || (inFlow && (n === 44 || n === 91 || n === 93 || n === 123 || n === 125))) break;
          } else if (inFlow) {
            break;
          }
        } else if (c !== c || c === 0x85 || c === 0x2028 || c === 0x2029) {
          break;
        } else if (c >= 0xdc00 && (c <= 0xdfff || c === 0xfeff)) {
          skipped++;
        }
      }
      if (stop === this.pos) break;
      this.allowSimpleKey = false;
      if (runStart < 0) {
        if (fold !== null) value += fold;
        runStart = this.pos;
      }
      runEnd = stop;
      this.advanceInLine(stop, skipped);
      endPos = stop;
      endColumn = this.column;
      const line = (endLine = this.line);
      const spaces = this.scanPlainSpaces();
      if (!spaces || src.charCodeAt(this.pos) === 35 || (!inFlow && this.column < indent)) break;
      if (this.line !== line) {
        value += src.slice(runStart, runEnd);
        fold = spaces;
        runStart = -1;
      }
    }
    if (runStart >= 0) value += fold !== null ? src.slice(runStart, runEnd) : knownString(src, runStart, runEnd);
    if (endPos < 0) return scalarToken(start, start, value, 'plain');
    // The latest mark made, as mark() after the last chunk would have left it.
    this.lastMark = { line: endLine, column: endColumn, offset: endPos };
    return scalarToken(start, this.lastMark, value, 'plain');
  }

  /**
   * The whitespace after a plain scalar's chunk: folded when it has line breaks; ' ' for spaces within
   * the line (the caller keeps them as the source has them); null at a document separator; '' when none.
   */
  private scanPlainSpaces(): string | null {
    const src = this.src;
    const from = this.pos;
    this.skipSpaces();
    if (!isBreak(src.charCodeAt(this.pos))) return this.pos === from ? '' : ' ';
    const lineBreak = this.scanLineBreak();
    this.allowSimpleKey = true;
    if (this.atDocumentSeparator()) return null;
    let breaks = '';
    for (;;) {
      this.skipSpaces();
      if (!isBreak(src.charCodeAt(this.pos))) break;
      breaks += this.scanLineBreak();
      if (this.atDocumentSeparator()) return null;
    }
    if (lineBreak !== '\n') return lineBreak + breaks;
    return breaks === '' ? ' ' : breaks;
  }
}
