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

  /** `merges` is the document's merge cache, so merged keys are found as the value holds them. */
  static of(root: YamlNode, merges: MergeCache): Locator | undefined {
    if (root.kind === 'scalar') return undefined;
    const numbers: number[] = [];
    const keys: Array<string | null> = [];
    const records = new Map<YamlNode, number>();
    const pending: Array<SequenceNode | MappingNode> = [];
    // A record's space is reserved when a parent first meets its node, so a parent can name it before it is filled.
    const reserve = (node: YamlNode): number => {
      if (node.kind === 'scalar') return -1;
      let record = records.get(node);
      if (record !== undefined) return record;
      record = numbers.length;
      records.set(node, record);
      const count = node.kind === 'mapping' ? mergedPairs(node, merges).length : node.items.length;
      numbers.push(node.kind === 'mapping' ? MAPPING : SEQUENCE, count, keys.length);
      for (let i = count * ENTRY; i > 0; i--) numbers.push(0);
      if (node.kind === 'mapping') for (let i = 0; i < count; i++) keys.push(null);
      pending.push(node);
      return record;
    };
    reserve(root);
    while (pending.length > 0) {
      const node = pending.pop()!;
      const record = records.get(node)!;
      const keyOffset = numbers[record + 2]!;
      if (node.kind === 'mapping') {
        mergedPairs(node, merges).forEach((pair, i) => {
          if (pair.key.kind === 'scalar') keys[keyOffset + i] = keyString(constructScalar(pair.key));
          write(numbers, record + HEADER + i * ENTRY, pair.key, pair.value, reserve(pair.value));
        });
      } else {
        node.items.forEach((item, i) => write(numbers, record + HEADER + i * ENTRY, item, item, reserve(item)));
      }
    }
    return new Locator(Int32Array.from(numbers), keys);
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

function write(numbers: number[], entry: number, key: YamlNode, value: YamlNode, child: number): void {
  numbers[entry] = key.start.line + 1;
  numbers[entry + 1] = key.start.column + 1;
  numbers[entry + 2] = value.start.line + 1;
  numbers[entry + 3] = value.start.column + 1;
  numbers[entry + 4] = child;
}
