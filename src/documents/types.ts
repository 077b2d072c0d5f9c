import type { DocumentRef, Position } from '../model/finding.js';
import type { ValueShape } from './yaml/construct.js';

/** A step into a document: an object key or an array index. */
export type PathSegment = string | number;

/** A file read once from disk (or stdin), shared by every pass. */
export interface SourceFile {
  /** Display path (relative to the working directory, `/`-separated, or `stdin`). */
  path: string;
  /** Absolute path on disk; undefined for stdin. */
  absPath?: string;
  /** Decoded text: UTF-8, BOM removed. */
  text: string;
}

/**
 * One YAML document of a file, parsed with positions.
 * `value` is the plain JSON-like value (objects, arrays, strings, numbers, booleans, null)
 * constructed the way Kubernetes tooling reads YAML (YAML 1.1 scalars, merge keys).
 */
export interface ParsedDocument {
  file: SourceFile;
  /** 0-based index among the file's documents (including empty and broken ones). */
  index: number;
  value: unknown;
  /**
   * Its index and identity: one object, named by its entry, its result and every finding on it (a run at 50k documents
   * held ~190,000 copies).
   */
  ref: DocumentRef;
  /** Position of the document's first content node (or its `---`), used for findings about the whole document. */
  start: Position;
  /**
   * Position of the node at `path`. `at: 'key'` (default) gives the mapping key for a mapping
   * entry and the item itself for a sequence item; `at: 'value'` gives the value node.
   * A path that goes past the existing nodes gives the deepest existing ancestor.
   */
  locate(path: readonly PathSegment[], at?: 'key' | 'value'): Position;
  /**
   * Read for context only (outside the files a run reports): a finding on it is dropped, so it takes the
   * document's start instead of locating its node, which for a cached document means parsing its file.
   */
  contextOnly?: boolean;
  /** What parsing learned of the value (its depth, null values in mappings), kept by the document cache and workers; absent for documents with aliases or merge keys. */
  shape?: ValueShape;
}
