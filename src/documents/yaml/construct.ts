import type { ComposedDocument, MappingNode, Pair, ScalarNode, SequenceNode, YamlNode } from './composer.js';
import { YamlSyntaxError, pyStringRepr } from './error.js';
import type { Mark } from './tokens.js';
import {
  TAG_BOOL,
  TAG_FLOAT,
  TAG_INT,
  TAG_MAP,
  TAG_MERGE,
  TAG_NULL,
  TAG_SEQ,
  TAG_STR,
  TAG_TIMESTAMP,
} from './resolve.js';

/**
 * Nodes → plain JS values as PyYAML's SafeLoader builds them: YAML 1.1 scalars, merge keys `<<`,
 * the last of duplicate keys wins, timestamps stay strings. Tags SafeLoader does not know keep the
 * node's plain shape (Kubernetes tools read custom tags that way). Aliases share one JS value.
 */

/** A document whose value, with aliases expanded, would hold more nodes than this is refused. */
export const MAX_EXPANDED_NODES = 1_000_000;

/** The flattened pairs of mappings that use merge keys; kept with a document so locate() sees merged keys. */
export type MergeCache = Map<MappingNode, Pair[]>;

/** What building a tree-shaped value learned of it, so that later checks need not walk it again. */
export interface ValueShape {
  /** Levels of nesting: 0 for a scalar, 1 for a collection of scalars. */
  depth: number;
  /** Whether a mapping was given a null value (which the API server reads as unset). */
  nullInMapping: boolean;
}

/**
 * The value of a document's root node, with its shape when the document has no aliases or merge keys;
 * explicit stacks, so any nesting depth is fine.
 */
export function constructDocument(document: ComposedDocument, merged: MergeCache = new Map()): { value: unknown; shape?: ValueShape } {
  const root = document.root;
  if (root.kind === 'scalar') return { value: constructNode(root), shape: { depth: 0, nullInMapping: false } };
  return document.shared ? { value: constructShared(root, merged) } : constructTree(root);
}

/**
 * The common case, a document without aliases or merge keys: every node is reached once, so no
 * memo and no size count; containers are filled top-down from an explicit stack.
 */
function constructTree(root: SequenceNode | MappingNode): { value: unknown; shape: ValueShape } {
  const rootValue = emptyContainer(root);
  const shape: ValueShape = { depth: 1, nullInMapping: false };
  const nodes: (SequenceNode | MappingNode)[] = [root];
  const containers: unknown[] = [rootValue];
  const positions: number[] = [0];
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const node = nodes[top]!;
    let child: SequenceNode | MappingNode | null = null;
    let childValue: unknown = null;
    if (node.kind === 'sequence') {
      const array = containers[top] as unknown[];
      const items = node.items;
      for (let i = positions[top]!; i < items.length; i++) {
        const item = items[i]!;
        if (item.kind === 'scalar') {
          array[i] = constructNode(item);
        } else {
          array[i] = childValue = emptyContainer(item);
          child = item;
          positions[top] = i + 1;
          break;
        }
      }
    } else {
      const object = containers[top] as Record<string, unknown>;
      const pairs = node.pairs;
      for (let i = positions[top]!; i < pairs.length; i++) {
        const { key, value } = pairs[i]!;
        const name = keyString(constructNode(key as ScalarNode));
        if (value.kind === 'scalar') {
          const scalar = constructNode(value);
          if (scalar === null) shape.nullInMapping = true;
          setProperty(object, name, scalar);
        } else {
          setProperty(object, name, (childValue = emptyContainer(value)));
          child = value;
          positions[top] = i + 1;
          break;
        }
      }
    }
    if (child === null) {
      nodes.pop();
      containers.pop();
      positions.pop();
    } else {
      nodes.push(child);
      containers.push(childValue);
      positions.push(0);
      if (nodes.length > shape.depth) shape.depth = nodes.length;
    }
  }
  return { value: rootValue, shape };
}

/** A list has its exact size from the start (filled by push, it would keep spare slots for the run). */
function emptyContainer(node: SequenceNode | MappingNode): unknown[] | Record<string, unknown> {
  if (node.tag !== (node.kind === 'sequence' ? TAG_SEQ : TAG_MAP)) checkShape(node);
  if (node.kind === 'sequence') return new Array<unknown>(node.items.length);
  checkKeys(node);
  return {};
}

/** Tags that make even a scalar a dict, list or set in PyYAML, which cannot be a key. */
const UNHASHABLE_TAGS = new Set([TAG_MAP, TAG_SEQ, 'tag:yaml.org,2002:set', 'tag:yaml.org,2002:omap', 'tag:yaml.org,2002:pairs']);

/** Whether PyYAML can use a scalar node with this tag as a mapping key (string keys, nearly all, skip the set). */
export function isHashableTag(tag: string): boolean {
  return tag === TAG_STR || !UNHASHABLE_TAGS.has(tag);
}

/** Keys must be scalars; checked before the mapping's values are built, as PyYAML finds it first. */
function checkKeys(node: MappingNode): void {
  for (const { key } of node.pairs) {
    if (key.kind !== 'scalar' || !isHashableTag(key.tag)) {
      throw new YamlSyntaxError('found unhashable key', key.start, 'while constructing a mapping', node.start);
    }
  }
}

/**
 * Aliases or merge keys: bottom-up with a memo per node, so an alias shares its anchor's value, and
 * the expanded size is counted on the way up to refuse alias bombs before they are built.
 */
function constructShared(root: SequenceNode | MappingNode, merged: MergeCache): unknown {
  const values = new Map<YamlNode, unknown>();
  const sizes = new Map<YamlNode, number>();
  const stack: YamlNode[] = [root];
  const entered = new Set<YamlNode>();
  while (stack.length > 0) {
    const node = stack[stack.length - 1]!;
    if (values.has(node)) {
      stack.pop();
      continue;
    }
    if (node.kind === 'scalar') {
      stack.pop();
      values.set(node, constructNode(node));
      sizes.set(node, 1);
      continue;
    }
    if (!entered.has(node)) {
      entered.add(node);
      checkShape(node);
      if (node.kind === 'mapping') checkKeys(node);
      if (node.kind === 'sequence') {
        for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]!);
      } else {
        for (let i = node.pairs.length - 1; i >= 0; i--) stack.push(node.pairs[i]!.value, node.pairs[i]!.key);
      }
      continue;
    }
    stack.pop();
    if (node.kind === 'sequence') {
      let size = 1;
      const array = new Array<unknown>(node.items.length);
      for (let i = 0; i < node.items.length; i++) {
        const item = node.items[i]!;
        size += sizes.get(item)!;
        array[i] = values.get(item);
      }
      checkSize(size, node);
      sizes.set(node, size);
      values.set(node, array);
    } else {
      sizes.set(node, checkSize(mappingSize(node, sizes), node));
      const pairs = mergedPairs(node, merged);
      const object: Record<string, unknown> = {};
      for (const pair of pairs) setProperty(object, keyString(values.get(pair.key)), values.get(pair.value));
      values.set(node, object);
    }
  }
  return values.get(root);
}

const SCALAR_TAGS = new Set([TAG_STR, TAG_NULL, TAG_BOOL, TAG_INT, TAG_FLOAT, TAG_TIMESTAMP, 'tag:yaml.org,2002:binary']);

/** The node kind a tag requires: SafeLoader's own tags fix it, other tags take any kind. */
export function tagKind(tag: string, kind: YamlNode['kind']): YamlNode['kind'] {
  return tag === TAG_MAP ? 'mapping' : tag === TAG_SEQ ? 'sequence' : SCALAR_TAGS.has(tag) ? 'scalar' : kind;
}

/** `!!map` on a scalar, `!!str` on a list and the like fail. */
function checkShape(node: { kind: YamlNode['kind']; tag: string; start: Mark }): void {
  const expected = tagKind(node.tag, node.kind);
  if (expected !== node.kind) {
    throw new YamlSyntaxError(`expected a ${expected} node, but found ${node.kind}`, node.start, 'while constructing a value');
  }
}

function checkSize(size: number, node: YamlNode): number {
  if (size > MAX_EXPANDED_NODES) {
    throw new YamlSyntaxError(`document expands to more than ${MAX_EXPANDED_NODES} nodes through aliases`, node.start);
  }
  return size;
}

function isMergeKey(node: YamlNode): boolean {
  return node.kind === 'scalar' && node.tag === TAG_MERGE;
}

/** Size with merges counted before they are flattened, so a merge bomb is refused before it is built. */
function mappingSize(node: MappingNode, sizes: Map<YamlNode, number>): number {
  let size = 1;
  for (const pair of node.pairs) {
    if (isMergeKey(pair.key)) size += sizes.get(pair.value)! - 1;
    else size += sizes.get(pair.key)! + sizes.get(pair.value)!;
  }
  return size;
}

/**
 * PyYAML's flatten_mapping without changing the nodes: pairs merged in by `<<` first (from a list,
 * the earlier mapping wins), then the mapping's own pairs; a later pair overrides an earlier one.
 * Merge sources are below the mapping, so the bottom-up walk has already flattened them.
 */
export function mergedPairs(node: MappingNode, cache: MergeCache): Pair[] {
  const known = cache.get(node);
  if (known !== undefined) return known;
  let merged: Pair[] | null = null;
  let own: Pair[] | null = null;
  for (let i = 0; i < node.pairs.length; i++) {
    const pair = node.pairs[i]!;
    if (!isMergeKey(pair.key)) {
      own?.push(pair);
      continue;
    }
    own ??= node.pairs.slice(0, i).filter((p) => !isMergeKey(p.key));
    merged ??= [];
    const source = pair.value;
    if (source.kind === 'mapping') {
      for (const p of mergedPairs(source, cache)) merged.push(p);
    } else if (source.kind === 'sequence') {
      for (let k = source.items.length - 1; k >= 0; k--) {
        const item = source.items[k]!;
        if (item.kind !== 'mapping') {
          throw new YamlSyntaxError(`expected a mapping for merging, but found ${item.kind}`, item.start, 'while constructing a mapping', node.start);
        }
        for (const p of mergedPairs(item, cache)) merged.push(p);
      }
    } else {
      throw new YamlSyntaxError(
        `expected a mapping or list of mappings for merging, but found ${source.kind}`,
        source.start,
        'while constructing a mapping',
        node.start,
      );
    }
  }
  if (merged === null) return node.pairs;
  const result = merged.concat(own!);
  cache.set(node, result);
  return result;
}

/** How a constructed key names a JSON property: strings as they are, other scalars as JSON writes them. */
export function keyString(key: unknown): string {
  return typeof key === 'string' ? key : String(key);
}

/** Assignment would make `__proto__` the object's prototype; define it as an ordinary property instead. */
export function setProperty(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

export function constructNode(node: ScalarNode): unknown {
  return constructScalar(node.tag, node.value, node.start);
}

/** A scalar's value from its resolved tag and text; `start` marks the node in errors. */
export function constructScalar(tag: string, text: string, start: Mark): unknown {
  if (tag === TAG_MAP || tag === TAG_SEQ) checkShape({ kind: 'scalar', tag, start });
  switch (tag) {
    case TAG_NULL:
      return null;
    case TAG_BOOL: {
      const lower = text.toLowerCase();
      if (lower === 'yes' || lower === 'true' || lower === 'on') return true;
      if (lower === 'no' || lower === 'false' || lower === 'off') return false;
      throw cannotConstruct(text, start, 'bool');
    }
    case TAG_INT:
      return numberOrThrow(text, start, 'int', constructInt(text));
    case TAG_FLOAT:
      return numberOrThrow(text, start, 'float', constructFloat(text));
    default:
      return text;
  }
}

/** An explicit `!!int` (etc.) on text that is not one fails the document, as PyYAML's conversion fails. */
function numberOrThrow(text: string, start: Mark, type: string, value: number): number {
  if (Number.isNaN(value) && !/^[-+]?\.nan$/i.test(text.replaceAll('_', ''))) throw cannotConstruct(text, start, type);
  return value;
}

function cannotConstruct(text: string, start: Mark, type: string): YamlSyntaxError {
  return new YamlSyntaxError(`cannot construct ${type === 'int' ? 'an' : 'a'} ${type} from ${pyStringRepr(text)}`, start, 'while constructing a scalar');
}

function constructInt(text: string): number {
  let value = text.replaceAll('_', '');
  if (value === '' || value === '-' || value === '+') return Number.NaN;
  const sign = value[0] === '-' ? -1 : 1;
  if (value[0] === '-' || value[0] === '+') value = value.slice(1);
  if (value === '0') return 0;
  if (value.startsWith('0b')) return sign * Number.parseInt(value.slice(2), 2);
  if (value.startsWith('0x')) return sign * Number.parseInt(value.slice(2), 16);
  if (value[0] === '0') return sign * Number.parseInt(value, 8);
  if (value.includes(':')) return sign * sexagesimal(value);
  return sign * Number(value);
}

function constructFloat(text: string): number {
  let value = text.replaceAll('_', '').toLowerCase();
  const sign = value[0] === '-' ? -1 : 1;
  if (value[0] === '-' || value[0] === '+') value = value.slice(1);
  if (value === '.inf') return sign * Infinity;
  if (value === '.nan') return Number.NaN;
  if (value.includes(':')) return sign * sexagesimal(value);
  return sign * Number(value);
}

/** `1:30:05` → 5405: base-60 digits, most significant first. */
function sexagesimal(value: string): number {
  let total = 0;
  for (const part of value.split(':')) total = total * 60 + Number(part);
  return total;
}
