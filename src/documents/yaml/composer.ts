import { YamlSyntaxError, pyStringRepr } from './error.js';
import type { Parser, YamlEvent } from './parser.js';
import { TAG_MAP, TAG_MERGE, TAG_SEQ, TAG_STR, resolveScalarTag } from './resolve.js';
import type { Mark, ScalarStyle } from './tokens.js';

/** PyYAML's Composer: the events of one document → a node graph; an alias is the anchored node itself. */

export interface ScalarNode {
  kind: 'scalar';
  /** Resolved tag, as PyYAML's resolver gives it (`tag:yaml.org,2002:int`, or the explicit tag). */
  tag: string;
  value: string;
  style: ScalarStyle;
  /** Written as a plain scalar (no quotes, not a block scalar). */
  plain: boolean;
  start: Mark;
  end: Mark;
}

export interface SequenceNode {
  kind: 'sequence';
  tag: string;
  items: YamlNode[];
  flow: boolean;
  start: Mark;
  end: Mark;
}

export interface Pair {
  key: YamlNode;
  value: YamlNode;
}

export interface MappingNode {
  kind: 'mapping';
  tag: string;
  pairs: Pair[];
  flow: boolean;
  start: Mark;
  end: Mark;
}

export type YamlNode = ScalarNode | SequenceNode | MappingNode;
type CollectionNode = SequenceNode | MappingNode;

export interface ComposedDocument {
  root: YamlNode;
  /** The document uses aliases or merge keys: nodes may be shared, values may expand. */
  shared: boolean;
}

interface Frame {
  node: CollectionNode;
  /** A mapping's key waiting for its value. */
  key: YamlNode | null;
}

/**
 * Composes the root node of the next document; the source must stand at its DocumentStart event
 * (taken here, like the DocumentEnd event). Iterative, so nesting depth costs no call stack.
 */
export function composeDocument(parser: Parser): ComposedDocument {
  parser.nextEvent();
  const anchors = new Map<string, YamlNode>();
  const stack: Frame[] = [];
  let shared = false;
  for (;;) {
    const event = parser.nextEvent();
    let node: YamlNode;
    switch (event.kind) {
      case 'Alias': {
        const target = anchors.get(event.anchor!);
        if (target === undefined) throw new YamlSyntaxError(`found undefined alias ${pyStringRepr(event.anchor!)}`, event.start);
        if (stack.some((frame) => frame.node === target)) {
          throw new YamlSyntaxError(`found recursive alias ${pyStringRepr(event.anchor!)}: the node contains itself`, event.start);
        }
        node = target;
        shared = true;
        break;
      }
      case 'Scalar':
        node = scalarNode(event);
        register(anchors, event, node);
        if (node.tag === TAG_MERGE) shared = true;
        break;
      case 'SequenceStart':
      case 'MappingStart': {
        const collection = collectionNode(event);
        register(anchors, event, collection);
        stack.push({ node: collection, key: null });
        continue;
      }
      case 'SequenceEnd':
      case 'MappingEnd': {
        const frame = stack.pop()!;
        frame.node.end = event.end;
        node = frame.node;
        break;
      }
      default:
        throw new Error(`composer: unexpected ${event.kind} event inside a document`);
    }
    const parent = stack.at(-1);
    if (parent === undefined) {
      parser.nextEvent();
      return { root: node, shared };
    }
    if (parent.node.kind === 'sequence') parent.node.items.push(node);
    else if (parent.key === null) parent.key = node;
    else {
      parent.node.pairs.push({ key: parent.key, value: node });
      parent.key = null;
    }
  }
}

function register(anchors: Map<string, YamlNode>, event: YamlEvent, node: YamlNode): void {
  const anchor = event.anchor;
  if (anchor === null) return;
  const first = anchors.get(anchor);
  if (first !== undefined) {
    throw new YamlSyntaxError(
      `found duplicate anchor ${pyStringRepr(anchor)}; first occurrence at line ${first.start.line + 1}, column ${first.start.column + 1}`,
      event.start,
    );
  }
  anchors.set(anchor, node);
}

/** The resolved tag of a Scalar event: its explicit tag, else by content when implicit, else `!!str`. */
export function scalarTag(event: YamlEvent): string {
  if (event.tag !== null && event.tag !== '!') return event.tag;
  return event.implicit ? resolveScalarTag(event.value) : TAG_STR;
}

function scalarNode(event: YamlEvent): ScalarNode {
  const style = event.style ?? 'plain';
  return { kind: 'scalar', tag: scalarTag(event), value: event.value, style, plain: style === 'plain', start: event.start, end: event.end };
}

/** The tag of a SequenceStart or MappingStart event: its explicit tag, else `!!seq` or `!!map`. */
export function collectionTag(event: YamlEvent): string {
  if (event.tag !== null && event.tag !== '!') return event.tag;
  return event.kind === 'SequenceStart' ? TAG_SEQ : TAG_MAP;
}

function collectionNode(event: YamlEvent): CollectionNode {
  const tag = collectionTag(event);
  if (event.kind === 'SequenceStart') return { kind: 'sequence', tag, items: [], flow: event.flow, start: event.start, end: event.end };
  return { kind: 'mapping', tag, pairs: [], flow: event.flow, start: event.start, end: event.end };
}
