import type { Position } from '../model/finding.js';
import type { PathSegment } from './types.js';
import type { MappingNode, SequenceNode, YamlNode } from './yaml/composer.js';
import { constructScalar, keyString, mergedPairs, type MergeCache } from './yaml/construct.js';

export interface LocatorData {
  numbers: Int32Array;
  keys: ReadonlyArray<string | null>;
}

const SEQUENCE = 0;
const MAPPING = 1;
/** A record: kind, entry count, offset of its keys; then per entry key line, key column, value line, value column, child record. */
const HEADER = 3;
const ENTRY = 5;

/**
 * Positions of a document's nodes by path, kept instead of its node tree: a run holds every document
 * until the repo-wide checks end, and the tree (a node, a pair and two marks per entry) weighed several
 * times the document's value. One flat array of numbers and one of keys per document; a node an alias
 * reaches twice has one record.
 */
export class Locator {
  private constructor(
    private readonly numbers: Int32Array,
    private readonly keys: ReadonlyArray<string | null>,
  ) {}

  /** As plain data, which a worker can post to another: `Locator.from` makes it a locator again. */
  get data(): LocatorData {
    return { numbers: this.numbers, keys: this.keys };
  }

  static from(data: LocatorData): Locator {
    return new Locator(data.numbers, data.keys);
  }

  /**
   * `merges` is the document's merge cache, so merged keys are found as the value holds them; `shared`:
   * the document has aliases or merge keys, so a node may be reached twice.
   */
  static of(root: YamlNode, merges: MergeCache, shared: boolean): Locator | undefined {
    if (root.kind === 'scalar') return undefined;
    const builder = new Builder(merges, shared);
    builder.reserve(root);
    while (builder.pending.length > 0) builder.fill(builder.pending.pop()!, builder.pendingRecords.pop()!);
    return new Locator(builder.numbers.slice(0, builder.length), builder.keys);
  }

  /**
   * Position of the node at `path`: `key` gives a mapping entry's key (a sequence item itself), `value`
   * its value. Past the existing nodes, the deepest entry found answers; with none, `start`.
   */
  locate(path: readonly PathSegment[], at: 'key' | 'value', start: Position): Position {
    const numbers = this.numbers;
    let record = 0;
    let entry = -1;
    for (const segment of path) {
      if (record < 0) break;
      const count = numbers[record + 1]!;
      let index = -1;
      if (numbers[record] === MAPPING) {
        const key = String(segment);
        const keyOffset = numbers[record + 2]!;
        // The last of duplicate keys, as the value holds it.
        for (let i = count - 1; i >= 0 && index < 0; i--) if (this.keys[keyOffset + i] === key) index = i;
      } else if (typeof segment === 'number' && segment >= 0 && segment < count) {
        index = segment;
      }
      if (index < 0) break;
      entry = record + HEADER + index * ENTRY;
      record = numbers[entry + 4]!;
    }
    if (entry < 0) return start;
    const offset = at === 'value' ? 2 : 0;
    return { line: numbers[entry + offset]!, column: numbers[entry + offset + 1]! };
  }
}

/** Where records are built, kept from one document to the next: the locator takes a copy of its part. */
let scratch = new Int32Array(4096);

/**
 * Fills the records: a record's space is reserved when a parent first meets its node (so the parent
 * can name it before it is filled), in the scratch array grown by doubling.
 */
class Builder {
  numbers = scratch;
  length = 0;
  readonly keys: Array<string | null> = [];
  /** Nodes reserved but not filled yet, and their records. */
  readonly pending: Array<SequenceNode | MappingNode> = [];
  readonly pendingRecords: number[] = [];
  /** Record of each collection node when one may be reached twice (aliases); null otherwise. */
  private readonly records: Map<YamlNode, number> | null;

  constructor(
    private readonly merges: MergeCache,
    shared: boolean,
  ) {
    this.records = shared ? new Map() : null;
  }

  reserve(node: YamlNode): number {
    if (node.kind === 'scalar') return -1;
    const known = this.records?.get(node);
    if (known !== undefined) return known;
    const record = this.length;
    this.records?.set(node, record);
    const mapping = node.kind === 'mapping';
    const count = mapping ? mergedPairs(node, this.merges).length : node.items.length;
    const size = HEADER + count * ENTRY;
    if (record + size > this.numbers.length) {
      const bigger = new Int32Array(Math.max(this.numbers.length * 2, record + size));
      bigger.set(this.numbers.subarray(0, record));
      this.numbers = scratch = bigger;
    }
    this.numbers[record] = mapping ? MAPPING : SEQUENCE;
    this.numbers[record + 1] = count;
    this.numbers[record + 2] = this.keys.length;
    if (mapping) for (let i = 0; i < count; i++) this.keys.push(null);
    this.length = record + size;
    this.pending.push(node);
    this.pendingRecords.push(record);
    return record;
  }

  fill(node: SequenceNode | MappingNode, record: number): void {
    let entry = record + HEADER;
    if (node.kind === 'mapping') {
      const keyOffset = this.numbers[record + 2]!;
      const pairs = mergedPairs(node, this.merges);
      for (let i = 0; i < pairs.length; i++, entry += ENTRY) {
        const { key, value } = pairs[i]!;
        if (key.kind === 'scalar') this.keys[keyOffset + i] = keyString(constructScalar(key));
        this.write(entry, key, value);
      }
    } else {
      const items = node.items;
      for (let i = 0; i < items.length; i++, entry += ENTRY) this.write(entry, items[i]!, items[i]!);
    }
  }

  /** `reserve` may replace the array: it runs first. */
  private write(entry: number, key: YamlNode, value: YamlNode): void {
    const child = this.reserve(value);
    const numbers = this.numbers;
    numbers[entry] = key.start.line + 1;
    numbers[entry + 1] = key.start.column + 1;
    numbers[entry + 2] = value.start.line + 1;
    numbers[entry + 3] = value.start.column + 1;
    numbers[entry + 4] = child;
  }
}
