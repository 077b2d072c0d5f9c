import { LocatorWriter, type Locator } from '../locator.js';
import { collectionTag, composeDocument, scalarTag, type ComposedDocument } from './composer.js';
import { constructScalar, isHashableTag, keyString, setProperty, tagKind, type ValueShape } from './construct.js';
import type { Parser, YamlEvent } from './parser.js';
import { TAG_MERGE } from './resolve.js';
import type { Mark } from './tokens.js';

/**
 * A document's value, shape and locator built straight from the parser's events, without a node tree.
 * Only for documents that are plain trees and construct without error (nearly all): the first anchor,
 * alias or merge key, or anything construction would refuse, hands the document to the composer
 * (the parser rewound to its start), whose path defines the result, errors included.
 */
export interface BuiltDocument {
  value: unknown;
  shape: ValueShape;
  /** The root node's start. */
  start: Mark;
  /** The document has no content: its root is the empty plain scalar. */
  empty: boolean;
  /** Null for a scalar document. */
  locator: Locator | null;
}

/** Reading stops on a document this path does not take. */
const COMPOSE = Symbol('compose');

/**
 * Reads the next document (the parser must stand at its DocumentStart event): built directly, or
 * composed when it needs the node tree. Throws only syntax errors.
 */
export function readDocument(parser: Parser): BuiltDocument | ComposedDocument {
  parser.markDocument();
  const built = build(parser);
  if (built !== COMPOSE) return built;
  parser.rewind();
  return composeDocument(parser);
}

/** Open collections, innermost last: its value, and for a mapping the key waiting for its value. */
const containers: unknown[] = [];
const pendingKeys: (string | null)[] = [];
const pendingMarks: (Mark | null)[] = [];

/** Each event read is the parser's own, rewritten by the next step: its fields are read before that. */
function build(parser: Parser): BuiltDocument | typeof COMPOSE {
  // Left open where the last document stopped: handed to the composer, or cut by a syntax error.
  containers.length = pendingKeys.length = pendingMarks.length = 0;
  parser.nextEvent();
  let event = parser.nextEvent();
  if (event.anchor !== null || event.kind === 'Alias') return COMPOSE;
  const start = event.start;
  if (event.kind === 'Scalar') {
    const value = scalarValue(event, scalarTag(event));
    if (value === COMPOSE) return COMPOSE;
    const empty = (event.style ?? 'plain') === 'plain' && event.value === '' && start.offset === event.end.offset;
    parser.nextEvent();
    return { value, shape: { depth: 0, nullInMapping: false }, start, empty, locator: null };
  }
  const writer = new LocatorWriter();
  const shape: ValueShape = { depth: 1, nullInMapping: false };
  let value: unknown = openCollection(event, writer);
  if (value === COMPOSE) return COMPOSE;
  let record = -1;
  for (;;) {
    event = parser.nextEvent();
    if (event.anchor !== null) return COMPOSE;
    const kind = event.kind;
    if (kind === 'SequenceEnd' || kind === 'MappingEnd') {
      value = containers.pop();
      pendingKeys.pop();
      pendingMarks.pop();
      record = writer.end();
      // Filled by push, an array keeps spare room (16 slots past a one-item list) for the run; a copy has its size.
      if (Array.isArray(value)) value = value.slice();
      if (containers.length === 0) break;
      // Attached when closed (a copy, maybe): nothing joins its parent meanwhile, so the order is the same.
      const top = containers.length - 1;
      const parent = containers[top]!;
      if (Array.isArray(parent)) parent.push(value);
      else {
        setProperty(parent as Record<string, unknown>, pendingKeys[top]!, value);
        pendingKeys[top] = null;
      }
      continue;
    }
    const top = containers.length - 1;
    const parent = containers[top]!;
    const key = pendingKeys[top]!;
    const inSequence = Array.isArray(parent);
    if (kind === 'Scalar') {
      const tag = scalarTag(event);
      const scalar = scalarValue(event, tag);
      if (scalar === COMPOSE) return COMPOSE;
      if (inSequence) {
        parent.push(scalar);
        writer.item(event.start);
      } else if (key === null) {
        if (!isHashableTag(tag)) return COMPOSE;
        pendingKeys[top] = keyString(scalar);
        pendingMarks[top] = event.start;
      } else {
        if (scalar === null) shape.nullInMapping = true;
        setProperty(parent as Record<string, unknown>, key, scalar);
        writer.entry(key, pendingMarks[top]!, event.start);
        pendingKeys[top] = null;
      }
      continue;
    }
    // A collection (an alias is not a plain tree), never a key.
    if (kind === 'Alias' || (!inSequence && key === null)) return COMPOSE;
    if (inSequence) writer.item(event.start);
    else writer.entry(key, pendingMarks[top]!, event.start);
    if (openCollection(event, writer) === COMPOSE) return COMPOSE;
    if (containers.length > shape.depth) shape.depth = containers.length;
  }
  parser.nextEvent();
  return { value, shape, start, empty: false, locator: writer.finish(record) };
}

/** Opens a SequenceStart or MappingStart event's value; its tag must allow the kind. */
function openCollection(event: YamlEvent, writer: LocatorWriter): unknown[] | Record<string, unknown> | typeof COMPOSE {
  const mapping = event.kind === 'MappingStart';
  const kind = mapping ? 'mapping' : 'sequence';
  if (tagKind(collectionTag(event), kind) !== kind) return COMPOSE;
  const value = mapping ? {} : [];
  containers.push(value);
  pendingKeys.push(null);
  pendingMarks.push(null);
  writer.begin(mapping);
  return value;
}

/** A scalar's value; a merge key, or a value construction refuses, needs the composer. */
function scalarValue(event: YamlEvent, tag: string): unknown {
  if (tag === TAG_MERGE) return COMPOSE;
  try {
    return constructScalar(tag, event.value, event.start);
  } catch {
    return COMPOSE;
  }
}
