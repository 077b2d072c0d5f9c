import type { Position } from '../model/finding.js';
import type { PathSegment } from './types.js';
import type { MappingNode, SequenceNode, YamlNode } from './yaml/composer.js';
import { constructNode, keyString, mergedPairs, type MergeCache } from './yaml/construct.js';
import type { Mark } from './yaml/tokens.js';

export interface LocatorData {
  numbers: Int32Array;
  keys: ReadonlyArray<string | null>;
  /** Offset of the root's record. */
  root: number;
}

const SEQUENCE = 0;
const MAPPING = 1;
/**
 * A record: kind, entry count, offset of its keys; then per mapping entry key line, key column, value
 * line, value column, child record; per sequence item (its own key) line, column, child record.
 */
const HEADER = 3;
const ENTRY = 5;
const ITEM = 3;

/** Mappings up to this many keys are searched key by key; larger ones through an index made on first use. */
const SCANNED_KEYS = 64;

/**
 * Positions of a document's nodes by path, kept instead of its node tree: a whole run holds every
 * document until the repo-wide checks end (a streamed one, what it keeps of each), and the tree (a node, a
 * pair and two marks per entry) weighed several times the document's value. A run of numbers in a shared slab
 * (record offsets count from `base`) and an array of keys per document; a node an alias reaches twice has one
 * record.
 */
export class Locator {
  /** Key to entry index of each large mapping searched so far, by record offset. */
  private keyIndexes: Map<number, Map<string, number>> | undefined;

  /** `numbers[base]` to `numbers[base + length - 1]` are the document's: an offset, not a view of its own (96 bytes a document). */
  private constructor(
    private readonly numbers: Int32Array,
    private readonly base: number,
    private readonly length: number,
    private readonly keys: ReadonlyArray<string | null>,
    private readonly root: number,
  ) {}

  /** As plain data, which a worker can post to another: `Locator.from` makes it a locator again. */
  get data(): LocatorData {
    // The document's numbers alone: posting the slab would carry every other document's.
    return { numbers: this.numbers.slice(this.base, this.base + this.length), keys: this.keys, root: this.root };
  }

  static from(data: LocatorData): Locator {
    return new Locator(data.numbers, 0, data.numbers.length, data.keys, data.root);
  }

  /**
   * The same locator in slabs of locators kept to the end of a run: one kept longer than the documents around it
   * would hold their whole slab (256 KB).
   */
  outliving(): Locator {
    return Locator.placed(longSlabs, this.numbers.subarray(this.base), this.length, this.keys, this.root);
  }

  /** The locator of `length` numbers written from 0 in `numbers`, copied into `slabs`. */
  static placed(slabs: Slabs, numbers: Int32Array, length: number, keys: ReadonlyArray<string | null>, root: number): Locator {
    const base = slabs.copy(numbers, length);
    return new Locator(slabs.current, base, length, keys, root);
  }

  /**
   * The locator of a composed tree. `merges` is the document's merge cache, so merged keys are found as
   * the value holds them; `shared`: the document has aliases or merge keys, so a node may be reached twice.
   */
  static of(root: YamlNode, merges: MergeCache, shared: boolean): Locator | undefined {
    if (root.kind === 'scalar') return undefined;
    const writer = new LocatorWriter();
    // A node reached again (through an alias) was finished on its first visit: the composer refuses cycles.
    const records = shared ? new Map<YamlNode, number>() : null;
    const nodes: (SequenceNode | MappingNode)[] = [root];
    const next: number[] = [0];
    writer.begin(root.kind === 'mapping');
    let record = -1;
    while (nodes.length > 0) {
      const top = nodes.length - 1;
      const node = nodes[top]!;
      const pairs = node.kind === 'mapping' ? mergedPairs(node, merges) : null;
      const count = pairs ? pairs.length : (node as SequenceNode).items.length;
      let child: SequenceNode | MappingNode | null = null;
      for (let i = next[top]!; i < count && child === null; i++) {
        const key = pairs ? pairs[i]!.key : (node as SequenceNode).items[i]!;
        const value = pairs ? pairs[i]!.value : key;
        const known = value.kind === 'scalar' ? -1 : records?.get(value);
        if (pairs) writer.entry(key.kind === 'scalar' ? keyString(constructNode(key)) : null, key.start, value.start, known ?? -1);
        else writer.item(value.start, known ?? -1);
        if (known === undefined) {
          child = value as SequenceNode | MappingNode;
          next[top] = i + 1;
        }
      }
      if (child !== null) {
        nodes.push(child);
        next.push(0);
        writer.begin(child.kind === 'mapping');
      } else {
        nodes.pop();
        next.pop();
        record = writer.end();
        records?.set(node, record);
      }
    }
    return writer.finish(record);
  }

  /**
   * Position of the node at `path`: `key` gives a mapping entry's key (a sequence item itself), `value`
   * its value. Past the existing nodes, the deepest entry found answers; with none, `start`.
   */
  locate(path: readonly PathSegment[], at: 'key' | 'value', start: Position): Position {
    const { numbers, base } = this;
    let record = this.root;
    let entry = -1;
    let valueOffset = 0;
    for (const segment of path) {
      if (record < 0) break;
      const count = numbers[base + record + 1]!;
      let index = -1;
      if (numbers[base + record] === MAPPING) {
        const key = String(segment);
        const keyOffset = numbers[base + record + 2]!;
        // The last of duplicate keys, as the value holds it.
        if (count <= SCANNED_KEYS) {
          for (let i = count - 1; i >= 0 && index < 0; i--) if (this.keys[keyOffset + i] === key) index = i;
        } else {
          index = this.keyIndex(record, keyOffset, count).get(key) ?? -1;
        }
        if (index < 0) break;
        entry = record + HEADER + index * ENTRY;
        valueOffset = 2;
      } else if (typeof segment === 'number' && segment >= 0 && segment < count) {
        entry = record + HEADER + segment * ITEM;
        valueOffset = 0;
      } else {
        break;
      }
      record = numbers[base + entry + valueOffset + 2]!;
    }
    if (entry < 0) return start;
    const at0 = base + entry + (at === 'value' ? valueOffset : 0);
    return { line: numbers[at0]!, column: numbers[at0 + 1]! };
  }

  /**
   * The locator of `kept`, a pruned copy of the document's value (mappings with fewer keys, sequences of the
   * same length): the records of the nodes it still holds, in a slab of their own, so that the document's
   * full locator and its slab can die with its value.
   */
  project(kept: unknown): Locator {
    projectedKeys.length = 0;
    projectedLength = 0;
    const root = typeof kept === 'object' && kept !== null ? this.projectRecord(this.root, kept) : -1;
    // A copy of its own length: an array grown by push keeps room for more (a kept document's keys took ~40% more).
    return Locator.placed(keptSlabs, projected, projectedLength, projectedKeys.slice(), root);
  }

  /**
   * Writes `record` whole, with the entries `value` still holds (its kept keys first, so they run on), at the end
   * of `projected`, then its children's records after it; returns where it starts. A method, not closures made
   * per document and per record.
   */
  private projectRecord(record: number, value: object): number {
    const { numbers: source, base } = this;
    const mapping = source[base + record] === MAPPING;
    const count = source[base + record + 1]!;
    const keyOffset = source[base + record + 2]!;
    const size = mapping ? ENTRY : ITEM;
    const keyStart = projectedKeys.length;
    let entries = count;
    if (mapping) {
      entries = 0;
      for (let i = 0; i < count; i++) {
        if (this.keptValue(value, keyOffset + i) === undefined) continue;
        projectedKeys.push(this.keys[keyOffset + i]!);
        entries++;
      }
    }
    const at = projectedLength;
    projectedLength += HEADER + entries * size;
    if (projectedLength > projected.length) projected = grown(projected, at, projectedLength);
    projected[at] = mapping ? MAPPING : SEQUENCE;
    projected[at + 1] = entries;
    projected[at + 2] = keyStart;
    let to = at + HEADER;
    for (let i = 0; i < count; i++) {
      const item = mapping ? this.keptValue(value, keyOffset + i) : (value as unknown[])[i];
      if (mapping && item === undefined) continue;
      const entry = base + record + HEADER + i * size;
      for (let j = 0; j < size - 1; j++) projected[to + j] = source[entry + j]!;
      const from = source[entry + size - 1]!;
      // Assigned once the child is written: `projected` may be a larger array by then.
      const child = from >= 0 && typeof item === 'object' && item !== null ? this.projectRecord(from, item) : -1;
      projected[to + size - 1] = child;
      to += size;
    }
    return at;
  }

  /** The kept mapping's value under the key at `keyIndex`, undefined where the key was pruned. */
  private keptValue(value: object, keyIndex: number): unknown {
    const key = this.keys[keyIndex]!;
    return key === null || !Object.hasOwn(value, key) ? undefined : (value as Record<string, unknown>)[key];
  }

  /**
   * A large mapping's keys indexed once, when first searched: each finding of a 50,000-key ConfigMap scanned
   * every key (minutes for the document). A later duplicate key replaces the earlier, as in the value.
   */
  private keyIndex(record: number, keyOffset: number, count: number): Map<string, number> {
    this.keyIndexes ??= new Map();
    let index = this.keyIndexes.get(record);
    if (!index) {
      index = new Map();
      for (let i = 0; i < count; i++) {
        const key = this.keys[keyOffset + i];
        if (key !== null && key !== undefined) index.set(key, i);
      }
      this.keyIndexes.set(record, index);
    }
    return index;
  }
}

/** Where records are built and where open collections' entries wait, kept from one document to the next. */
let scratch = new Int32Array(4096);
let waiting = new Int32Array(1024);

const SLAB = 65536;
/** A kind's first slab: each next one twice as large, up to SLAB, so that a small run does not allocate three of 256 KB. */
const FIRST_SLAB = 4096;

/**
 * Finished locators' numbers are runs in shared slabs: an array buffer of its own per document
 * costs an allocation outside the heap and its tracking by the collector. A slab lives as long as one
 * of its locators: what outlives its file is copied to slabs of its own (`project`).
 */
class Slabs {
  private slab = new Int32Array(0);
  private used = 0;

  /** Copies the first `length` numbers into the slab `current` is after the call, at the offset returned. */
  copy(numbers: Int32Array, length: number): number {
    if (this.used + length > this.slab.length) {
      const next = Math.min(SLAB, Math.max(FIRST_SLAB, this.slab.length * 2));
      this.slab = new Int32Array(Math.max(next, length));
      this.used = 0;
    }
    const at = this.used;
    this.slab.set(numbers.subarray(0, length), at);
    this.used += length;
    return at;
  }

  get current(): Int32Array {
    return this.slab;
  }
}

const parsedSlabs = new Slabs();
/** Kept locators (a run's pruned documents) fill slabs of their own: one in a slab of parsed documents' would hold it all. */
const keptSlabs = new Slabs();
/** Kept locators that outlive the others (`outliving`): the documents a run in parts keeps to its end. */
const longSlabs = new Slabs();
/** Where `project` writes a kept locator's records and keys before they are copied. */
let projected = new Int32Array(4096);
/** How much of `projected` the locator being projected has written. */
let projectedLength = 0;
const projectedKeys: Array<string | null> = [];

function grown(array: Int32Array, used: number, needed: number) {
  const bigger = new Int32Array(Math.max(array.length * 2, needed));
  bigger.set(array.subarray(0, used));
  return bigger;
}

/**
 * Writes a locator's records as a document's collections close: entries wait on a stack while their
 * collection is open, and its record (a child's before its parent's) takes them when it closes.
 */
export class LocatorWriter {
  private numbers = scratch;
  private length = 0;
  private readonly keys: Array<string | null> = [];
  private entries = waiting;
  private entriesLength = 0;
  /** The keys of waiting mapping entries: the first `entryKeyCount` (a count, not the array's length, is cheap to cut). */
  private readonly entryKeys: Array<string | null> = [];
  private entryKeyCount = 0;
  /** Per open collection: where its entries and its keys start, and whether it is a mapping. */
  private readonly bases: number[] = [];
  private readonly keyBases: number[] = [];
  private readonly mappings: boolean[] = [];

  /** Opens a collection: the value of the entry written last, or the root. */
  begin(mapping: boolean): void {
    this.bases.push(this.entriesLength);
    this.keyBases.push(this.entryKeyCount);
    this.mappings.push(mapping);
  }

  /** An entry of the open mapping: `key` names it; `child` is the value's record when already written. */
  entry(key: string | null, keyMark: Mark, valueMark: Mark, child = -1): void {
    this.entryAt(key, keyMark.line, keyMark.column, valueMark.line, valueMark.column, child);
  }

  /**
   * `entry` with the marks' lines and columns (0-based, as PyYAML marks them): the one-pass reader makes no mark
   * object for positions it only writes here (56 MB less allocated in a 10k-document run).
   */
  entryAt(key: string | null, keyLine: number, keyColumn: number, valueLine: number, valueColumn: number, child = -1): void {
    let at = this.entriesLength;
    if (at + ENTRY > this.entries.length) this.entries = waiting = grown(this.entries, at, at + ENTRY);
    const entries = this.entries;
    entries[at++] = keyLine + 1;
    entries[at++] = keyColumn + 1;
    entries[at++] = valueLine + 1;
    entries[at++] = valueColumn + 1;
    entries[at++] = child;
    this.entriesLength = at;
    this.entryKeys[this.entryKeyCount++] = key;
  }

  /** An item of the open sequence, its own key; `child` is its record when already written. */
  item(mark: Mark, child = -1): void {
    this.itemAt(mark.line, mark.column, child);
  }

  /** `item` with the mark's line and column (0-based). */
  itemAt(line: number, column: number, child = -1): void {
    let at = this.entriesLength;
    if (at + ITEM > this.entries.length) this.entries = waiting = grown(this.entries, at, at + ITEM);
    const entries = this.entries;
    entries[at++] = line + 1;
    entries[at++] = column + 1;
    entries[at++] = child;
    this.entriesLength = at;
  }

  /** Closes the open collection and returns its record, which becomes its parent's last entry's child. */
  end(): number {
    const base = this.bases.pop()!;
    const keyBase = this.keyBases.pop()!;
    const mapping = this.mappings.pop()!;
    const size = this.entriesLength - base;
    const record = this.length;
    if (record + HEADER + size > this.numbers.length) this.numbers = scratch = grown(this.numbers, record, record + HEADER + size);
    const numbers = this.numbers;
    numbers[record] = mapping ? MAPPING : SEQUENCE;
    numbers[record + 1] = size / (mapping ? ENTRY : ITEM);
    numbers[record + 2] = this.keys.length;
    // A loop, not set(subarray()): most records are a few entries, and a subarray is an object.
    const entries = this.entries;
    for (let i = 0, to = record + HEADER; i < size; i++) numbers[to + i] = entries[base + i]!;
    this.length = record + HEADER + size;
    for (let i = keyBase; i < this.entryKeyCount; i++) this.keys.push(this.entryKeys[i]!);
    this.entryKeyCount = keyBase;
    this.entriesLength = base;
    if (this.bases.length > 0) this.entries[base - 1] = record;
    return record;
  }

  finish(root: number): Locator {
    // Copied, as the numbers are: filled by push, the array keeps spare room as long as the document lives.
    return Locator.placed(parsedSlabs, this.numbers, this.length, this.keys.slice(), root);
  }
}
