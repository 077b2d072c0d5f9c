import { constructScalar, isHashableTag, keyString, setProperty, type ValueShape } from './construct.js';
import { resolveScalarTag, TAG_BOOL, TAG_MERGE, TAG_STR } from './resolve.js';
import { ESCAPE_LENGTHS, ESCAPES, knownString } from './scanner.js';
import { LocatorWriter, type Locator } from '../locator.js';
import { scalarToken, type Mark, type Token } from './tokens.js';

/** A document read by `readInOnePass`: its index among the file's documents, its start (1-based) and value. */
export interface OnePassDocument {
  index: number;
  line: number;
  column: number;
  value: unknown;
  shape: ValueShape;
  /** Its nodes' positions, when asked for (null: an empty document). */
  locator?: Locator | null;
}

/**
 * Characters this reader leaves to PyYAML's own reading: tabs, carriage returns (but in CRLF line breaks, read as
 * LF ones), other control characters, NEL, the Unicode line separators, surrogates, BOMs and the specials block.
 */
const OUTSIDE = /[\0-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff-\uffff]/;

/** PyYAML's limit on a simple key's length. */
const MAX_KEY = 1024;

/** Collections nest through calls here: deeper ones are left to the parser, which nests without the call stack. */
const MAX_DEPTH = 256;

/** Thrown where the text leaves the subset this reader knows: the caller parses the file as PyYAML does. */
const ELSEWHERE = Symbol('elsewhere');

/** Scalars are constructed here without a node: a construction error only makes the reader give up. */
const NO_MARK: Mark = { line: 0, column: 0, offset: 0 };

/**
 * A file's documents (index, start, value, shape; with `positions`, each node's position) read in one pass from the
 * characters, with no scanner, parser events or node tree in between. Only the subset of YAML most manifests are
 * written in — block mappings and sequences, plain scalars (over lines too), quoted scalars (escapes, folding), block
 * scalars, flow collections, comments, `---` between documents — and undefined as soon as anything else appears (a
 * tab, a carriage return but in a CRLF line break, an anchor, an alias, a tag, a directive, `...`, a `?` key, a merge
 * key, anything PyYAML would refuse): `parseYamlFile` then reads the file. On what it takes it gives what
 * `parseYamlFile` gives; test/documents/one-pass.test.ts holds it to that on the corpora (with LF and CRLF line
 * breaks) and on their files cut and shuffled. A text with CRLF line breaks (a Windows checkout) is read with LF ones:
 * PyYAML reads either as one line break, in every scalar style, and a line's columns end before it, so the values and
 * positions are the same; only the tokens' offsets are moved back to count the file's own characters.
 * `tokens`, when given, receives the Scalar token (as PyYAML's scanner makes it) of each plain value that YAML 1.1
 * reads as a boolean (`yes`, `Off`, ...), in order; and the reader then also gives up on a mapping with a key twice
 * and on a plain key that is not a string. On a text it takes, those are the only tokens on which the rules it
 * serves (truthy, key-duplicates, anchors: src/lint/run.ts `keysAndScalarsSuffice`) find anything: the truthy
 * rule's words are the YAML 1.1 booleans, and a text with anchors is not taken.
 */
export function readInOnePass(text: string, positions = false, tokens: Token[] | null = null): OnePassDocument[] | undefined {
  const src = text.includes('\r') ? text.replaceAll('\r\n', '\n') : text;
  if (OUTSIDE.test(src)) return undefined;
  try {
    return new Reader(src, positions, tokens, src === text ? null : text).documents();
  } catch (error) {
    if (error === ELSEWHERE) return undefined;
    throw error;
  }
}

/** For each line of `text`, how many of its line breaks before it are CRLF ones. */
function crlfCounts(text: string): number[] {
  const counts = [0];
  for (let br = text.indexOf('\n'); br >= 0; br = text.indexOf('\n', br + 1)) counts.push(counts[counts.length - 1]! + (text.charCodeAt(br - 1) === 13 ? 1 : 0));
  return counts;
}

function elsewhere(): never {
  throw ELSEWHERE;
}

const SPACE = 32;
const NEWLINE = 10;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const SINGLE = 39;
const DOUBLE = 34;

/** Characters that cannot start a plain scalar (`-`, `?` and `:` can, when no blank follows). */
const INDICATORS = new Set([...',[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));
/** What an ASCII character is to a plain scalar: part of it, or its end (a line feed), `:`, a space, a flow indicator. */
const PART = 0;
const END = 1;
const COLON_CHAR = 2;
const SPACE_CHAR = 3;
const FLOW_END = 4;
const PLAIN = new Uint8Array(128);
PLAIN[NEWLINE] = END;
// The text's end: the reader reads past it only into END_MARKS (see Reader.src).
PLAIN[0] = END;
PLAIN[COLON] = COLON_CHAR;
PLAIN[SPACE] = SPACE_CHAR;
for (const c of ',[]{}?') PLAIN[c.charCodeAt(0)] = FLOW_END;

/** What the character at `pos` is to a plain scalar; the end of the text is an END. */
function plainKind(src: string, pos: number): number {
  const c = src.charCodeAt(pos);
  return c < 128 ? PLAIN[c]! : c === c ? PART : END;
}

/** What follows the text in the reader's copy of it (see Reader.src). */
const END_MARKS = '\0\0';

class Reader {
  private pos = 0;
  private line = 0;
  private lineStart = 0;
  private shape: ValueShape = { depth: 0, nullInMapping: false };

  /** The open document's position index, when positions are asked for; `record`, the collection closed last. */
  private writer: LocatorWriter | null = null;
  private record = -1;

  /**
   * The text, then END_MARKS, which the reader takes for its end (a NUL: readInOnePass leaves a text with one to the
   * parser), so that it reads nothing past the string's end, as js-yaml appends its own NUL. V8's optimized code
   * deoptimizes at the first read past a string's end at each place: in a 1k run a dozen of the reader's functions
   * were compiled two to five times. The cost is a copy of each text.
   */
  private readonly src: string;
  /** Where the text ends in `src`. */
  private readonly end: number;

  constructor(
    text: string,
    private readonly positions: boolean,
    /** Where the tokens of boolean plain values go, when asked for (see `readInOnePass`). */
    private readonly tokens: Token[] | null,
    /** The file's own text when `text` is it with LF line breaks for its CRLF ones. */
    private readonly crlfText: string | null,
  ) {
    this.src = text + END_MARKS;
    this.end = text.length;
  }

  /** For each line, the CRLF line breaks before it in `crlfText`: what an offset in `src` is short of one there. */
  private crlfsBefore: number[] | null = null;

  /** An offset on this line of `src`, in the file's own text. */
  private fileOffset(offset: number): number {
    if (this.crlfText === null) return offset;
    this.crlfsBefore ??= crlfCounts(this.crlfText);
    return offset + this.crlfsBefore[this.line]!;
  }

  /**
   * A plain value that started at `start` on this line (a boolean is one word: on its first line), its token given
   * when it is a boolean and tokens are asked for.
   */
  private plainNode(text: string, start: number): unknown {
    const tag = resolveScalarTag(text);
    if (tag === TAG_BOOL && this.tokens) {
      const mark = { line: this.line, column: start - this.lineStart, offset: this.fileOffset(start) };
      this.tokens.push(scalarToken(mark, mark, text, 'plain'));
    }
    return this.plainValue(text, tag);
  }

  /** Sets a mapping's property; with tokens asked for, a key met twice is the parser's to report. */
  private setEntry(object: Record<string, unknown>, key: string, value: unknown): void {
    if (this.tokens && Object.hasOwn(object, key)) elsewhere();
    setProperty(object, key, value);
  }

  /** A plain key's property name; with tokens asked for, only a string key is ours (the rules compare keys as written). */
  private plainKey(text: string): string {
    const tag = resolveScalarTag(text);
    if (!isHashableTag(tag) || (this.tokens && tag !== TAG_STR)) elsewhere();
    return keyString(this.plainValue(text, tag));
  }

  /** Closes the collection's record in the position index. */
  private closed<T>(value: T): T {
    if (this.writer) this.record = this.writer.end();
    return value;
  }

  documents(): OnePassDocument[] {
    const out: OnePassDocument[] = [];
    let index = 0;
    for (let indent = this.nextContent(); ; indent = this.nextContent()) {
      if (indent < 0) {
        if (this.pos >= this.end) return out;
        // A `---` line: a document follows (empty when another marker or the end comes first). `...`: not here.
        if (this.src.charCodeAt(this.pos) !== DASH) elsewhere();
        const markerLine = this.line + 1;
        this.pos += 3;
        this.lineEnd();
        const next = this.nextContent();
        if (next < 0) {
          // An empty document: null, started at its `---`.
          const empty: OnePassDocument = { index: index++, line: markerLine, column: 1, value: null, shape: { depth: 0, nullInMapping: false } };
          if (this.positions) empty.locator = null;
          out.push(empty);
          continue;
        }
        out.push(this.document(index++, next));
      } else {
        // Content without `---` starts only the first document; after a document, it is PyYAML's error.
        if (index > 0) elsewhere();
        out.push(this.document(index++, indent));
      }
      if (this.nextContent() >= 0) elsewhere();
    }
  }

  private document(index: number, indent: number): OnePassDocument {
    this.shape = { depth: 0, nullInMapping: false };
    const writer = (this.writer = this.positions ? new LocatorWriter() : null);
    const line = this.line + 1;
    const column = indent + 1;
    let value: unknown;
    if (this.isEntry()) value = this.sequence(indent, false, 1);
    else if (this.isKey()) value = this.mapping(indent, 1);
    else elsewhere();
    const document: OnePassDocument = { index, line, column, value, shape: this.shape };
    if (writer) document.locator = writer.finish(this.record);
    return document;
  }

  /**
   * Past blank and comment lines to the next line's content: its column, or -1 at the end of the text or at a
   * document marker (`---` or `...` at the start of a line, then a blank), which ends every open collection. At
   * content already, it stays there: each node ends at the next content, which its parent then asks for again.
   */
  private nextContent(): number {
    const src = this.src;
    for (;;) {
      const pos = this.pastComment(this.pos);
      if (pos >= this.end) {
        this.pos = this.end;
        return -1;
      }
      if (src.charCodeAt(pos) === NEWLINE) {
        this.pos = pos + 1;
        this.line++;
        this.lineStart = this.pos;
        continue;
      }
      this.pos = pos;
      const column = pos - this.lineStart;
      if (column === 0 && (src.startsWith('---', pos) || src.startsWith('...', pos)) && this.blankAt(pos + 3)) return -1;
      return column;
    }
  }

  /** The rest of the line holds only spaces and a comment: moves past it (not past its line feed). */
  private lineEnd(): void {
    const pos = this.pastComment(this.pos);
    const c = this.src.charCodeAt(pos);
    if (c > 0 && c !== NEWLINE) elsewhere();
    this.pos = pos;
  }

  /** Past the spaces from `pos`, and the comment after them to its line's end if one starts there. */
  private pastComment(pos: number): number {
    const src = this.src;
    while (src.charCodeAt(pos) === SPACE) pos++;
    if (src.charCodeAt(pos) !== HASH) return pos;
    const end = src.indexOf('\n', pos);
    return end < 0 ? this.end : end;
  }

  /** A space, a line feed or the end of the text. */
  private blankAt(pos: number): boolean {
    const c = this.src.charCodeAt(pos);
    return c === SPACE || c === NEWLINE || !(c > 0);
  }

  private isEntry(): boolean {
    return this.src.charCodeAt(this.pos) === DASH && this.blankAt(this.pos + 1);
  }

  /** A simple key starts here: a scalar on this line, then `:` and a blank. */
  private isKey(): boolean {
    return this.keyColon() >= 0;
  }

  /** Where the `:` of a simple key starting here is; -1 when none starts here. */
  private keyColon(): number {
    const src = this.src;
    const c = src.charCodeAt(this.pos);
    if (c === SINGLE || c === DOUBLE) {
      let pos = this.quotedEnd(this.pos);
      if (pos < 0) return -1;
      while (src.charCodeAt(pos) === SPACE) pos++;
      return src.charCodeAt(pos) === COLON && this.blankAt(pos + 1) ? pos : -1;
    }
    return this.plainStart(this.pos) ? this.plainKeyEnd(this.pos) : -1;
  }

  /** A plain scalar may start at `pos` (block or flow context). */
  private plainStart(pos: number): boolean {
    const c = this.src.charCodeAt(pos);
    if (!(c > 0) || c === SPACE || c === NEWLINE) return false;
    if (c === DASH || c === 63 || c === COLON) return !this.blankAt(pos + 1);
    return !INDICATORS.has(c);
  }

  /** Where the `:` of a plain key starting at `pos` is; -1 when the line has no such key (a comment, its end). */
  private plainKeyEnd(pos: number): number {
    const src = this.src;
    for (;; pos++) {
      const kind = plainKind(src, pos);
      if (kind === PART || kind === FLOW_END) continue;
      if (kind === END) return -1;
      if (kind === COLON_CHAR) {
        if (this.blankAt(pos + 1)) return pos;
      } else if (src.charCodeAt(pos + 1) === HASH) {
        return -1;
      }
    }
  }

  /** Past the closing quote of the scalar opened at `pos`, on its line; -1 when it closes on another line or has an escape. */
  private quotedEnd(pos: number): number {
    const src = this.src;
    const quote = src.charCodeAt(pos);
    for (pos++; ; pos++) {
      const c = src.charCodeAt(pos);
      if (!(c > 0) || c === NEWLINE || (c === 92 && quote === DOUBLE)) return -1;
      if (c === quote) {
        if (quote === SINGLE && src.charCodeAt(pos + 1) === SINGLE) pos++;
        else return pos + 1;
      }
    }
  }

  /** A quoted scalar, over as many lines as it takes, as PyYAML folds and unescapes it. */
  private quoted(): string {
    const src = this.src;
    const start = this.pos;
    const quote = src.charCodeAt(start);
    const end = this.quotedEnd(start);
    if (end >= 0) {
      this.pos = end;
      const body = src.slice(start + 1, end - 1);
      return quote === SINGLE ? body.replaceAll("''", "'") : body;
    }
    const double = quote === DOUBLE;
    this.pos = start + 1;
    let value = this.quotedNonSpaces(double);
    while (src.charCodeAt(this.pos) !== quote) value += this.quotedSpaces() + this.quotedNonSpaces(double);
    this.pos++;
    return value;
  }

  private quotedNonSpaces(double: boolean): string {
    const src = this.src;
    let value = '';
    for (;;) {
      let stop = this.pos;
      for (let c = src.charCodeAt(stop); c > 0 && c !== SINGLE && c !== DOUBLE && c !== 92 && c !== SPACE && c !== NEWLINE; c = src.charCodeAt(++stop));
      value += src.slice(this.pos, stop);
      this.pos = stop;
      const c = src.charCodeAt(stop);
      if (!double && c === SINGLE && src.charCodeAt(stop + 1) === SINGLE) {
        value += "'";
        this.pos += 2;
      } else if ((double && c === SINGLE) || (!double && (c === DOUBLE || c === 92))) {
        value += src[stop];
        this.pos++;
      } else if (double && c === 92) {
        this.pos++;
        value += this.escape();
      } else {
        return value;
      }
    }
  }

  /** After a backslash: the escaped character, or (a line feed) the folded line break. */
  private escape(): string {
    const src = this.src;
    const ch = src[this.pos] ?? '';
    const replacement = ESCAPES[ch];
    if (replacement !== undefined) {
      this.pos++;
      return replacement;
    }
    const length = ESCAPE_LENGTHS[ch];
    if (length !== undefined) {
      const digits = src.slice(this.pos + 1, this.pos + 1 + length);
      if (!/^[0-9A-Fa-f]+$/.test(digits) || digits.length !== length) elsewhere();
      const code = Number.parseInt(digits, 16);
      if (code > 0x10ffff) elsewhere();
      this.pos += 1 + length;
      return String.fromCodePoint(code);
    }
    if (ch !== '\n') elsewhere();
    this.newLine();
    return this.quotedBreaks();
  }

  /** Spaces in a quoted scalar: kept within a line; a line break folded to a space, or the blank lines after it as line feeds. */
  private quotedSpaces(): string {
    const src = this.src;
    let stop = this.pos;
    while (src.charCodeAt(stop) === SPACE) stop++;
    const spaces = src.slice(this.pos, stop);
    this.pos = stop;
    const c = src.charCodeAt(stop);
    if (!(c > 0)) elsewhere();
    if (c !== NEWLINE) return spaces;
    this.newLine();
    const breaks = this.quotedBreaks();
    return breaks === '' ? ' ' : breaks;
  }

  /** The blank lines at the start of a quoted scalar's next line, as line feeds; a document marker there is PyYAML's error. */
  private quotedBreaks(): string {
    const src = this.src;
    let breaks = '';
    for (;;) {
      if ((src.startsWith('---', this.pos) || src.startsWith('...', this.pos)) && this.blankAt(this.pos + 3)) elsewhere();
      while (src.charCodeAt(this.pos) === SPACE) this.pos++;
      if (src.charCodeAt(this.pos) !== NEWLINE) return breaks;
      breaks += '\n';
      this.newLine();
    }
  }

  /** A plain scalar's value as PyYAML resolves and constructs it; a merge key or a construction error is not ours. */
  private plainValue(text: string, tag: string): unknown {
    if (tag === TAG_MERGE) elsewhere();
    try {
      return constructScalar(tag, text, NO_MARK);
    } catch {
      return elsewhere();
    }
  }

  /** The simple key starting here, whose `:` is at `colon` (`keyColon`); the position is then past the `:`. */
  private key(colon: number): string {
    const src = this.src;
    const start = this.pos;
    if (colon - start >= MAX_KEY) elsewhere();
    if (src.charCodeAt(start) === SINGLE || src.charCodeAt(start) === DOUBLE) {
      const key = this.quoted();
      this.pos = colon + 1;
      return key;
    }
    this.pos = colon + 1;
    let end = colon;
    while (src.charCodeAt(end - 1) === SPACE) end--;
    // Keys repeat: the string met last serves again, as a property key without a look-up in V8's string table.
    return this.plainKey(knownString(src, start, end));
  }

  private deeper(depth: number): void {
    if (depth > MAX_DEPTH) elsewhere();
    if (depth > this.shape.depth) this.shape.depth = depth;
  }

  /** A block mapping whose keys are at column `indent`; the position is at its first key. */
  private mapping(indent: number, depth: number): Record<string, unknown> {
    this.deeper(depth);
    this.writer?.begin(true);
    const object: Record<string, unknown> = {};
    for (;;) {
      const colon = this.keyColon();
      if (colon < 0) elsewhere();
      const keyLine = this.line;
      const keyColumn = this.pos - this.lineStart;
      const key = this.key(colon);
      const value = this.valueOf(indent, depth, key, keyLine, keyColumn);
      if (value === null) this.shape.nullInMapping = true;
      this.setEntry(object, key, value);
      const next = this.nextContent();
      if (next < indent) return this.closed(object);
      if (next > indent || this.isEntry()) elsewhere();
    }
  }

  /**
   * A mapping entry's value, the position past its `:`: on the same line, or on the lines below (a block
   * collection more indented, or a sequence at the key's column), or empty. The position is then at the next content.
   */
  private valueOf(indent: number, depth: number, key: string, keyLine: number, keyColumn: number): unknown {
    const src = this.src;
    const writer = this.writer;
    // An empty value is PyYAML's empty scalar where the `:` ends.
    const colonLine = this.line;
    const colonColumn = this.pos - this.lineStart;
    while (src.charCodeAt(this.pos) === SPACE) this.pos++;
    const c = src.charCodeAt(this.pos);
    if (c > 0 && c !== NEWLINE && c !== HASH) {
      writer?.entryAt(key, keyLine, keyColumn, this.line, this.pos - this.lineStart);
      return this.inline(indent, depth);
    }
    this.lineEnd();
    const next = this.nextContent();
    const empty = next < indent || (next === indent && !this.isEntry());
    // Written before the value is read: a collection's record becomes the child of the entry written last.
    if (empty) writer?.entryAt(key, keyLine, keyColumn, colonLine, colonColumn);
    else writer?.entryAt(key, keyLine, keyColumn, this.line, this.pos - this.lineStart);
    if (empty) return null;
    if (this.isEntry()) return this.sequence(next, next === indent, depth + 1);
    if (this.isKey()) return this.mapping(next, depth + 1);
    return this.plainBelow(indent);
  }

  /** A plain scalar that starts a line of its own (a value below its key or `-`), its lines more indented than `indent`. */
  private plainBelow(indent: number): unknown {
    if (!this.plainStart(this.pos)) elsewhere();
    const start = this.pos;
    const value = this.plainNode(this.plainLines(indent), start);
    this.lineEnd();
    if (this.nextContent() > indent) elsewhere();
    return value;
  }


  /**
   * A node on the rest of the line (a flow collection or a scalar), then nothing but a comment; no more-indented line
   * may follow (a second line of a plain scalar, or PyYAML's error).
   */
  private inline(indent: number, depth: number): unknown {
    const src = this.src;
    const c = src.charCodeAt(this.pos);
    let value: unknown;
    if (c === 124 || c === 62) {
      value = this.blockScalar(indent);
    } else {
      if (c === 91 || c === 123) value = this.flow(depth + 1);
      else if (c === SINGLE || c === DOUBLE) value = this.quoted();
      else if (this.plainStart(this.pos)) {
        const start = this.pos;
        value = this.plainNode(this.plainLines(indent), start);
      } else elsewhere();
      this.lineEnd();
    }
    if (this.nextContent() > indent) elsewhere();
    return value;
  }

  /**
   * A plain scalar in a block, from its first line on: PyYAML goes on over each following line more indented than
   * `indent` (the block's) that is not a comment, folding a line break into a space, and two or more into one line
   * feed fewer. A `: ` on a following line is PyYAML's error.
   */
  private plainLines(indent: number): string {
    const src = this.src;
    let text = this.plain(false);
    for (;;) {
      let pos = this.pos;
      while (src.charCodeAt(pos) === SPACE) pos++;
      if (src.charCodeAt(pos) !== NEWLINE) return text;
      let breaks = 0;
      let lineStart = pos;
      while (src.charCodeAt(pos) === NEWLINE) {
        breaks++;
        lineStart = ++pos;
        while (src.charCodeAt(pos) === SPACE) pos++;
      }
      if (pos >= this.end || pos - lineStart <= indent || src.charCodeAt(pos) === HASH) return text;
      this.pos = pos;
      this.line += breaks;
      this.lineStart = lineStart;
      const more = this.plain(false);
      if (src.charCodeAt(this.pos) === COLON) elsewhere();
      text += (breaks === 1 ? ' ' : '\n'.repeat(breaks - 1)) + more;
    }
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar of a block whose indentation is `indent`, as PyYAML scans it: its
   * indicators, its lines from the next one on, chomped. The position is then where its last line ends.
   */
  private blockScalar(indent: number): string {
    const src = this.src;
    const folded = src.charCodeAt(this.pos) === 62;
    this.pos++;
    let chomping: boolean | null = null;
    let increment = 0;
    for (let i = 0; i < 2; i++) {
      const c = src.charCodeAt(this.pos);
      if ((c === 43 || c === DASH) && chomping === null) chomping = c === 43;
      else if (c >= 49 && c <= 57 && increment === 0) increment = c - 48;
      else break;
      this.pos++;
    }
    if (!this.blankAt(this.pos)) elsewhere();
    this.lineEnd();
    if (this.pos < this.end) this.newLine();
    const minIndent = Math.max(indent + 1, 1);
    let blockIndent: number;
    let breaks = '';
    if (increment === 0) {
      let maxIndent = 0;
      for (let c = src.charCodeAt(this.pos); c === SPACE || c === NEWLINE; c = src.charCodeAt(this.pos)) {
        if (c === NEWLINE) {
          breaks += '\n';
          this.newLine();
        } else {
          this.pos++;
          if (this.pos - this.lineStart > maxIndent) maxIndent = this.pos - this.lineStart;
        }
      }
      blockIndent = Math.max(minIndent, maxIndent);
    } else {
      blockIndent = minIndent + increment - 1;
      breaks = this.blockBreaks(blockIndent);
    }
    // Joined once: concatenated line by line, a long text would be kept as a string per piece.
    const parts: string[] = [];
    let lineBreak = '';
    while (this.pos - this.lineStart === blockIndent && this.pos < this.end) {
      parts.push(breaks);
      const leadingNonSpace = src.charCodeAt(this.pos) !== SPACE;
      let end = src.indexOf('\n', this.pos);
      if (end < 0) end = this.end;
      parts.push(src.slice(this.pos, end));
      this.pos = end;
      lineBreak = '';
      if (end < this.end) {
        lineBreak = '\n';
        this.newLine();
      }
      breaks = this.blockBreaks(blockIndent);
      if (this.pos - this.lineStart !== blockIndent || this.pos >= this.end) break;
      if (folded && lineBreak === '\n' && leadingNonSpace && src.charCodeAt(this.pos) !== SPACE) {
        if (breaks === '') parts.push(' ');
      } else {
        parts.push(lineBreak);
      }
    }
    if (chomping !== false) parts.push(lineBreak);
    if (chomping === true) parts.push(breaks);
    return parts.join('');
  }

  /** Past a line feed, at the start of the next line. */
  private newLine(): void {
    this.pos++;
    this.line++;
    this.lineStart = this.pos;
  }

  /** Blank lines of a block scalar (and at most `blockIndent` spaces of each line), as line feeds. */
  private blockBreaks(blockIndent: number): string {
    const src = this.src;
    let breaks = '';
    while (this.pos - this.lineStart < blockIndent && src.charCodeAt(this.pos) === SPACE) this.pos++;
    while (src.charCodeAt(this.pos) === NEWLINE) {
      breaks += '\n';
      this.newLine();
      while (this.pos - this.lineStart < blockIndent && src.charCodeAt(this.pos) === SPACE) this.pos++;
    }
    return breaks;
  }

  /** A plain scalar on this line: in a block, up to `: `, ` #` or the line's end; in a flow, also up to `,[]{}?`, and no `:`. */
  private plain(inFlow: boolean): string {
    const src = this.src;
    const start = this.pos;
    let pos = start;
    for (;; pos++) {
      const kind = plainKind(src, pos);
      if (kind === PART) continue;
      if (kind === END) break;
      if (kind === COLON_CHAR) {
        if (inFlow) elsewhere();
        if (this.blankAt(pos + 1)) break;
      } else if (kind === SPACE_CHAR) {
        if (src.charCodeAt(pos + 1) === HASH) break;
      } else if (inFlow) {
        break;
      }
    }
    this.pos = pos;
    let end = pos;
    while (src.charCodeAt(end - 1) === SPACE) end--;
    if (end === start) elsewhere();
    return knownString(src, start, end);
  }

  /** A block sequence whose `-` are at column `indent` (`indentless`: at the column of the key it is the value of). */
  private sequence(indent: number, indentless: boolean, depth: number): unknown[] {
    this.deeper(depth);
    const writer = this.writer;
    writer?.begin(false);
    const src = this.src;
    const items: unknown[] = [];
    for (;;) {
      this.pos++;
      // An empty item is PyYAML's empty scalar where the `-` ends.
      const dashLine = this.line;
      const dashColumn = this.pos - this.lineStart;
      while (src.charCodeAt(this.pos) === SPACE) this.pos++;
      const c = src.charCodeAt(this.pos);
      const column = this.pos - this.lineStart;
      if (!(c > 0) || c === NEWLINE || c === HASH) {
        this.lineEnd();
        const next = this.nextContent();
        if (next <= indent) writer?.itemAt(dashLine, dashColumn);
        else writer?.itemAt(this.line, this.pos - this.lineStart);
        if (next <= indent) items.push(null);
        else if (this.isEntry()) items.push(this.sequence(next, false, depth + 1));
        else if (this.isKey()) items.push(this.mapping(next, depth + 1));
        else items.push(this.plainBelow(indent));
      } else {
        writer?.itemAt(this.line, column);
        if (this.isEntry()) items.push(this.sequence(column, false, depth + 1));
        else if (this.isKey()) items.push(this.mapping(column, depth + 1));
        else items.push(this.inline(indent, depth));
      }
      const next = this.nextContent();
      if (next < indent || (indentless && next === indent && !this.isEntry())) return this.closed(items);
      if (next > indent || !this.isEntry()) elsewhere();
    }
  }

  /** A flow sequence or mapping closed on its line, the position at its bracket. */
  private flow(depth: number): unknown {
    this.deeper(depth);
    const src = this.src;
    const mapping = src.charCodeAt(this.pos) === 123;
    const close = mapping ? 125 : 93;
    const items: unknown[] = [];
    const object: Record<string, unknown> = {};
    const writer = this.writer;
    writer?.begin(mapping);
    this.pos++;
    for (;;) {
      this.flowSpaces();
      if (src.charCodeAt(this.pos) === close) break;
      if (mapping) {
        const keyLine = this.line;
        const keyColumn = this.pos - this.lineStart;
        const key = this.flowKey();
        if (src.charCodeAt(this.pos) !== COLON || src.charCodeAt(this.pos + 1) !== SPACE) elsewhere();
        this.pos += 2;
        this.flowSpaces();
        writer?.entryAt(key, keyLine, keyColumn, this.line, this.pos - this.lineStart);
        const value = this.flowNode(depth);
        if (value === null) this.shape.nullInMapping = true;
        this.setEntry(object, key, value);
      } else {
        writer?.itemAt(this.line, this.pos - this.lineStart);
        items.push(this.flowNode(depth));
      }
      this.flowSpaces();
      const c = src.charCodeAt(this.pos);
      if (c === close) break;
      if (c !== 44) elsewhere();
      this.pos++;
    }
    const value = this.closed(mapping ? object : items);
    this.pos++;
    return value;
  }

  private flowSpaces(): void {
    while (this.src.charCodeAt(this.pos) === SPACE) this.pos++;
  }

  private flowNode(depth: number): unknown {
    const c = this.src.charCodeAt(this.pos);
    if (c === 91 || c === 123) return this.flow(depth + 1);
    if (c === SINGLE || c === DOUBLE) return this.quoted();
    if (!this.plainStart(this.pos)) elsewhere();
    const start = this.pos;
    return this.plainNode(this.plain(true), start);
  }

  /** A flow mapping's key, the position then at its `:` (after any spaces). */
  private flowKey(): string {
    const src = this.src;
    const start = this.pos;
    let key: string;
    if (src.charCodeAt(start) === SINGLE || src.charCodeAt(start) === DOUBLE) {
      key = this.quoted();
    } else {
      if (!this.plainStart(start)) elsewhere();
      let pos = start;
      for (let kind = plainKind(src, pos); kind === PART || kind === SPACE_CHAR; kind = plainKind(src, ++pos)) {
        if (kind === SPACE_CHAR && src.charCodeAt(pos + 1) === HASH) elsewhere();
      }
      this.pos = pos;
      const text = src.slice(start, pos).trimEnd();
      if (text === '') elsewhere();
      key = this.plainKey(text);
    }
    this.flowSpaces();
    return key;
  }
}
