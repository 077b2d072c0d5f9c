import type { DocumentRef, Position } from '../model/finding.js';
import type { ParsedDocument, PathSegment, SourceFile } from './types.js';
import { readDocument, type BuiltDocument } from './yaml/build.js';
import type { ComposedDocument } from './yaml/composer.js';
import { constructDocument, type ValueShape } from './yaml/construct.js';
import { Locator, type LocatorData } from './locator.js';
import type { MergeCache } from './yaml/construct.js';
import { YamlSyntaxError } from './yaml/error.js';
import { Parser } from './yaml/parser.js';
import { Scanner } from './yaml/scanner.js';
import { readInOnePass } from './yaml/one-pass.js';
import type { ScanStart } from './yaml/scanner.js';
import type { Comment, Mark, Token } from './yaml/tokens.js';

export interface SyntaxProblem {
  line: number;
  column: number;
  /** PyYAML's problem text, without the "syntax error: " prefix. */
  message: string;
  documentIndex: number;
}

export interface ParsedFile {
  file: SourceFile;
  /** Every document that parsed, in order, including empty ones (value null). */
  documents: ParsedDocument[];
  /** One per document that did not parse; 1-based positions. */
  errors: SyntaxProblem[];
  /** The whole file's token stream, including the scans resumed after an error. */
  tokens: Token[];
  comments: Comment[];
}

/**
 * Parses every document of a file with the PyYAML-compatible core. PyYAML stops at the first error;
 * here the broken document is reported and dropped, and scanning resumes at the next line that
 * starts a document (`---` or `...`), so the file's other documents are still checked.
 */
export function parseYamlFile(file: SourceFile): ParsedFile {
  const text = file.text;
  const parsed: ParsedFile = { file, documents: [], errors: [], tokens: [], comments: [] };
  let start: ScanStart = { offset: 0, line: 0, streamStart: true };
  let index = 0;
  for (;;) {
    const parser = new Parser(new Scanner(text, start, parsed.tokens, parsed.comments), !start.streamStart);
    try {
      if (start.streamStart) parser.nextEvent();
      while (parser.peekEvent()!.kind !== 'StreamEnd') {
        const documentStart = parser.peekEvent()!.start;
        const read = readDocument(parser);
        try {
          parsed.documents.push(makeDocument(file, index, 'root' in read ? constructed(read) : read, documentStart));
        } catch (error) {
          // Construction failed (alias bomb, bad merge, unhashable key): the stream itself is intact.
          if (!(error instanceof YamlSyntaxError)) throw error;
          parsed.errors.push(problem(error, index));
        }
        index++;
      }
      return parsed;
    } catch (error) {
      if (!(error instanceof YamlSyntaxError)) throw error;
      parsed.errors.push(problem(error, index));
      index++;
      const next = nextDocumentLine(text, error.mark, start.offset);
      if (next === null) return parsed;
      start = next;
    }
  }
}

/**
 * The file as parseYamlFile reads it, by the one-pass reader (src/documents/yaml/one-pass.ts), when its text is of
 * the subset that reader takes: no syntax errors, no comments, and `withTokens` the tokens the key and scalar rules
 * read (truthy, key-duplicates, anchors), not the whole stream; undefined for any other text.
 */
export function quickParse(file: SourceFile, withTokens: boolean): ParsedFile | undefined {
  const tokens: Token[] = [];
  const read = readInOnePass(file.text, true, withTokens ? tokens : null);
  if (!read) return undefined;
  const documents = read.map((d) => {
    const start = { line: d.line, column: d.column };
    const locator = d.locator ?? null;
    return documentOf(file, d.index, d.value, start, locating(locator, start), d.shape, locator);
  });
  return { file, documents, errors: [], tokens, comments: [] };
}

function problem(error: YamlSyntaxError, documentIndex: number): SyntaxProblem {
  return { line: error.mark.line + 1, column: error.mark.column + 1, message: error.problem, documentIndex };
}

function isBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/** `---` or `...` at `offset` followed by a blank, a line break or the end. */
function isDocumentLine(text: string, offset: number): boolean {
  const c = text.charCodeAt(offset);
  if ((c !== 45 && c !== 46) || text.charCodeAt(offset + 1) !== c || text.charCodeAt(offset + 2) !== c) return false;
  const after = text.charCodeAt(offset + 3);
  return after !== after || after === 32 || after === 9 || after === 0 || isBreak(after);
}

/** The first document line at or after the error's line that lies past the scan that failed. */
function nextDocumentLine(text: string, mark: Mark, previousStart: number): ScanStart | null {
  let offset = Math.min(mark.offset, text.length);
  while (offset > 0 && !isBreak(text.charCodeAt(offset - 1))) offset--;
  let line = mark.line;
  for (;;) {
    if (offset > previousStart && isDocumentLine(text, offset)) return { offset, line, streamStart: false };
    while (offset < text.length && !isBreak(text.charCodeAt(offset))) offset++;
    if (offset >= text.length) return null;
    offset += text.charCodeAt(offset) === 13 && text.charCodeAt(offset + 1) === 10 ? 2 : 1;
    line++;
  }
}

function position(mark: Mark): Position {
  return { line: mark.line + 1, column: mark.column + 1 };
}

/** A document read either way; only plain trees have a shape. */
type DocumentParts = Omit<BuiltDocument, 'shape'> & { shape?: ValueShape };

/** A composed document's value, shape and locator, as the direct path builds them for plain trees. */
function constructed(composed: ComposedDocument): DocumentParts {
  const root = composed.root;
  const merges: MergeCache = new Map();
  const { value, shape } = constructDocument(composed, merges);
  const empty = root.kind === 'scalar' && root.plain && root.value === '' && root.start.offset === root.end.offset;
  return { value, shape, start: root.start, empty, locator: Locator.of(root, merges, composed.shared) ?? null };
}

function makeDocument(file: SourceFile, index: number, built: DocumentParts, documentStart: Mark): ParsedDocument {
  const start = position(built.empty ? documentStart : built.start);
  return documentOf(file, index, built.value, start, locating(built.locator, start), built.shape, built.locator);
}

/**
 * A document parsed here keeps its position index (null for a scalar document), for workers to hand on
 * with its value; a restored one has none to hand on.
 */
interface LocatedDocument extends ParsedDocument {
  locator: Locator | null | undefined;
}

export function positionIndexOf(doc: ParsedDocument): LocatorData | null | undefined {
  const locator = (doc as Partial<LocatedDocument>).locator;
  return locator && locator.data;
}

function locating(locator: Locator | null, start: Position): ParsedDocument['locate'] {
  return locator ? (path, at = 'key') => locator.locate(path, at, start) : () => start;
}

/**
 * A document rebuilt from a cache or another worker: its value and start as parsing gave them, and its
 * position index when it came along (null: a scalar document). Without one, positions are rare for such
 * documents (they are read for context), so the file is parsed again only when one is asked for.
 */
export function restoredDocument(file: SourceFile, index: number, value: unknown, start: Position, positions?: LocatorData | null): ParsedDocument {
  if (positions !== undefined) return documentOf(file, index, value, start, locating(positions && Locator.from(positions), start));
  return documentOf(file, index, value, start, (path, at) => reparsed(file).documents.find((doc) => doc.index === index)?.locate(path, at) ?? start);
}

/**
 * A document that keeps `kept` (a pruned copy of its value, src/gitops/retained.ts) in place of its value,
 * and the positions of `kept`'s nodes alone; `file` is its file without the text.
 */
export function retainedDocument(doc: ParsedDocument, kept: unknown, file: SourceFile): ParsedDocument {
  const locator = (doc as Partial<LocatedDocument>).locator;
  if (locator === undefined) return { file, index: doc.index, value: kept, ref: doc.ref, start: doc.start, locate: doc.locate, contextOnly: doc.contextOnly };
  return new RetainedDocument(file, doc.index, kept, doc.ref, doc.start, locator && locator.project(kept), doc.contextOnly);
}

/** A retained document kept longer than the documents read with it: its positions moved out of their slab. */
export function outliving(doc: ParsedDocument): ParsedDocument {
  if (!(doc instanceof RetainedDocument) || !doc.locator) return doc;
  return new RetainedDocument(doc.file, doc.index, doc.value, doc.ref, doc.start, doc.locator.outliving(), doc.contextOnly);
}

/** Its positions through a method, not a closure per document: a streamed run keeps one per document to the end. */
class RetainedDocument implements ParsedDocument {
  constructor(
    readonly file: SourceFile,
    readonly index: number,
    readonly value: unknown,
    readonly ref: DocumentRef,
    readonly start: Position,
    /** Read by `positionIndexOf`, for a worker to hand on. */
    readonly locator: Locator | null,
    readonly contextOnly: boolean | undefined,
  ) {}

  locate(path: readonly PathSegment[], at: 'key' | 'value' = 'key'): Position {
    return this.locator ? this.locator.locate(path, at, this.start) : this.start;
  }
}

function documentOf(
  file: SourceFile,
  index: number,
  value: unknown,
  start: Position,
  locate: ParsedDocument['locate'],
  shape?: ValueShape,
  locator?: Locator | null,
): LocatedDocument {
  return { file, index, value, ref: refOf(index, value), start, locate, shape, locator };
}

const reparsedFiles = new WeakMap<SourceFile, ParsedFile>();

function reparsed(file: SourceFile): ParsedFile {
  let parsed = reparsedFiles.get(file);
  if (!parsed) reparsedFiles.set(file, (parsed = parseYamlFile(file)));
  return parsed;
}

/** The document's reference, its strings copied: its findings and results name it, and a slice would keep the file's text alive. */
function refOf(index: number, value: unknown): DocumentRef {
  const ref: DocumentRef = { index };
  if (!isObject(value)) return ref;
  if (typeof value.apiVersion === 'string') ref.apiVersion = unsliced(value.apiVersion);
  if (typeof value.kind === 'string') ref.kind = unsliced(value.kind);
  const metadata = value.metadata;
  if (isObject(metadata)) {
    if (typeof metadata.namespace === 'string') ref.namespace = unsliced(metadata.namespace);
    if (typeof metadata.name === 'string') ref.name = unsliced(metadata.name);
  }
  return ref;
}

/** Copies made lately, by a cheap hash of their text: apiVersions, kinds and messages repeat, and one copy serves them all. */
const copies: string[] = new Array<string>(1024).fill('');

/**
 * The string as a copy of its own. A scalar of more than 12 characters is a slice of its file's text (V8
 * shares the characters), which it keeps alive. A string met lately is its earlier copy; else `decodeURI` makes one
 * of a text without a `%` (it gives that back unchanged, in a string of its own: twice as fast as a round trip
 * through JSON, which copies the others). A string cut from another one, as `slice` cuts, is a slice of that one:
 * 32 bytes more, and its parent kept.
 */
export function unsliced(text: string): string {
  const length = text.length;
  if (length <= 12) return text;
  const slot = (length * 31 + text.charCodeAt(0) * 7 + text.charCodeAt(length - 1) * 3 + text.charCodeAt(length >> 1)) & 1023;
  const copy = copies[slot]!;
  if (copy === text) return copy;
  return (copies[slot] = text.includes('%') ? (JSON.parse(JSON.stringify(text)) as string) : decodeURI(text));
}

/**
 * The string as one: V8 holds a string joined from pieces (a template's) as a tree of them until a character of it is
 * read, and then copies it into one in place, letting the pieces go (a fraction of what `unsliced`'s copy costs).
 */
export function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
