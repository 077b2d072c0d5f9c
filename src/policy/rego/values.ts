/**
 * Rego values. Integers are bigint (exact at any size); non-integral numbers are JS numbers.
 * Arrays are plain JS arrays; sets and objects are classes whose members structurally equal values
 * (including nested sets/objects) find alike: object keys and scalar set elements by their mapKey,
 * composite set elements by equal, through a structural hash (see hashOf) once a set holds many.
 */
export type Value = null | boolean | bigint | number | string | Value[] | RSet | RObject;

export class RSet {
  private readonly scalars = new Map<string, Value>();
  /** Composites in a list while few, then by a shallow structural hash; equal tells apart those that collide. */
  private composites: Value[] | Map<number, Value[]> = [];
  private count = 0;
  private sortedCache: Value[] | undefined;
  private keyCache: string | undefined;

  constructor(values: Iterable<Value> = []) {
    for (const v of values) this.add(v);
  }
  /** Only while building: sets are immutable once shared. */
  add(v: Value): void {
    if (typeof v !== 'object' || v === null) {
      const k = mapKey(v);
      if (!this.scalars.has(k)) this.count++;
      this.scalars.set(k, v);
    } else {
      const c = this.composites;
      if (!Array.isArray(c)) {
        if (!addHashed(c, v)) return;
      } else {
        if (c.some((x) => equal(x, v))) return;
        c.push(v);
        // Hashing pays once there are more composites than a scan of them costs.
        if (c.length > FEW) {
          this.composites = new Map();
          for (const x of c) addHashed(this.composites, x);
        }
      }
      this.count++;
    }
    this.sortedCache = undefined;
    this.keyCache = undefined;
  }
  has(v: Value): boolean {
    if (typeof v !== 'object' || v === null) return this.scalars.has(mapKey(v));
    const c = this.composites;
    return (Array.isArray(c) ? c : c.get(hashOf(v, HASH_DEPTH)))?.some((x) => equal(x, v)) ?? false;
  }
  get size(): number {
    return this.count;
  }
  /** Elements in no particular order. */
  *values(): IterableIterator<Value> {
    yield* this.scalars.values();
    const c = this.composites;
    if (Array.isArray(c)) yield* c;
    else for (const bucket of c.values()) yield* bucket;
  }
  /** Elements in OPA's order. */
  sorted(): Value[] {
    this.sortedCache ??= sortedInPlace([...this.values()], compare);
    return this.sortedCache;
  }
  key(): string {
    this.keyCache ??= '<' + [...this.values()].map(keyOf).sort().join(',') + '>';
    return this.keyCache;
  }
}

/** A lazy object's map until it is converted: empty, never written (entries replaces it first). */
const UNCONVERTED = new Map<string, [Value, Value]>();

export class RObject {
  // Most objects of a document are read by lookups and never converted: they need no Map of their own.
  private map = UNCONVERTED;
  /** A plain JS object not yet converted: a document's unread branches are never converted at all. */
  private source: Record<string, unknown> | undefined;
  /** Composite children of `source` already converted by a lookup, kept when the whole level is converted. */
  private children: Map<string, Value> | undefined;
  private sortedCache: [Value, Value][] | undefined;
  private keyCache: string | undefined;

  constructor(pairs: Iterable<[Value, Value]> = []) {
    for (const [k, v] of pairs) this.set(k, v);
  }
  /** Converted one level at a time, when iterated; a lookup converts only the child it reads. */
  static lazy(source: Record<string, unknown>): RObject {
    const o = new RObject();
    o.source = source;
    return o;
  }
  get entries(): Map<string, [Value, Value]> {
    if (this.map === UNCONVERTED) this.map = new Map();
    const source = this.source;
    if (source !== undefined) {
      this.source = undefined;
      for (const k of Object.keys(source)) this.map.set(mapKey(k), [k, this.children?.get(k) ?? fromJS(source[k])]);
      this.children = undefined;
    }
    return this.map;
  }
  /** Only while building. */
  set(k: Value, v: Value): void {
    this.entries.set(mapKey(k), [k, v]);
    this.sortedCache = undefined;
    this.keyCache = undefined;
  }
  get(k: Value): Value | undefined {
    if (this.source !== undefined) return typeof k === 'string' ? this.child(this.source, k) : undefined;
    return this.map.get(mapKey(k))?.[1];
  }
  has(k: Value): boolean {
    return this.get(k) !== undefined;
  }
  private child(source: Record<string, unknown>, k: string): Value | undefined {
    if (!Object.hasOwn(source, k)) return undefined;
    const x = source[k];
    // A scalar converts for next to nothing (a number to an exact integer at most): only composites are remembered.
    if (typeof x !== 'object' || x === null) return fromJS(x);
    let v = this.children?.get(k);
    if (v === undefined) (this.children ??= new Map()).set(k, (v = fromJS(x)));
    return v;
  }
  get size(): number {
    return this.source !== undefined ? Object.keys(this.source).length : this.map.size;
  }
  /** See hashOf; an unconverted object is hashed from its source, converting nothing. */
  hash(depth: number): number {
    if (this.source !== undefined) return hashSource(this.source, depth);
    let h = OBJECT_SEED ^ this.map.size;
    if (depth > 0) for (const [k, v] of this.map.values()) h = (h + mix(hashOf(k, depth - 1) ^ mix(hashOf(v, depth - 1)))) | 0;
    return h;
  }
  /** Structural equality (as equal keys), stopping at the first difference. */
  equals(other: RObject): boolean {
    if (this.source !== undefined && this.source === other.source) return true;
    if (this.keyCache !== undefined && other.keyCache !== undefined) return this.keyCache === other.keyCache;
    if (this.size !== other.size) return false;
    if (this.source !== undefined) {
      for (const k of Object.keys(this.source)) {
        const b = other.get(k);
        if (b === undefined || !sameValue(this.get(k)!, b)) return false;
      }
      return true;
    }
    for (const [k, v] of this.map.values()) {
      const b = other.get(k);
      if (b === undefined || !sameValue(v, b)) return false;
    }
    return true;
  }
  /** Entries sorted by key in OPA's order. */
  sorted(): [Value, Value][] {
    this.sortedCache ??= sortedInPlace([...this.entries.values()], compareKeys);
    return this.sortedCache;
  }
  key(): string {
    if (this.keyCache === undefined) {
      const parts = [...this.entries.values()].map(([k, v]): [string, Value] => [keyOf(k), v]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      this.keyCache = '{' + parts.map(([k, v]) => k + ':' + keyOf(v)).join(',') + '}';
    }
    return this.keyCache;
  }
}

function compareKeys(a: [Value, Value], b: [Value, Value]): number {
  return compare(a[0], b[0]);
}

/** Up to this many items are sorted by insertion: Array.prototype.sort copies even three items into a work array first. */
const INSERTION_SORTED = 16;

function sortedInPlace<T>(items: T[], cmp: (a: T, b: T) => number): T[] {
  if (items.length > INSERTION_SORTED) return items.sort(cmp);
  for (let i = 1; i < items.length; i++) {
    const x = items[i]!;
    let j = i - 1;
    for (; j >= 0 && cmp(items[j]!, x) > 0; j--) items[j + 1] = items[j]!;
    items[j + 1] = x;
  }
  return items;
}

/** Canonical identity string: equal values have equal keys. */
export function keyOf(v: Value): string {
  if (v === null) return 'n';
  switch (typeof v) {
    case 'boolean':
      return v ? 't' : 'f';
    case 'bigint':
      return 'i' + v.toString();
    case 'number':
      return 'd' + v.toString();
    case 'string':
      return JSON.stringify(v);
  }
  if (Array.isArray(v)) return '[' + v.map(keyOf).join(',') + ']';
  return v.key();
}

/**
 * Key of a set element or object key in its Map: a string is its own key (no escaping on the hot
 * lookups), other values their keyOf behind a prefix no string key starts with.
 */
export function mapKey(v: Value): string {
  if (typeof v === 'string') return v.charCodeAt(0) === 0 ? '\0' + v : v;
  return '\0\u0001' + keyOf(v);
}

export function equal(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return sameComposite(a, b);
}

/** Equality of keyOf inside a composite value, where NaN is NaN. */
function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return typeof a === 'number' && typeof b === 'number' && a !== a && b !== b;
  return sameComposite(a, b);
}

function sameComposite(a: Value[] | RSet | RObject, b: Value[] | RSet | RObject): boolean {
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i]!, b[i]!)) return false;
    return true;
  }
  if (a instanceof RObject) return b instanceof RObject && a.equals(b);
  if (!(b instanceof RSet) || a.size !== b.size) return false;
  for (const x of a.values()) if (!b.has(x)) return false;
  return true;
}

/** Composite elements a set keeps in a list, compared with each one added, before it hashes them. */
const FEW = 16;

/** Into a set's hashed composites; false when an equal one is there. */
function addHashed(composites: Map<number, Value[]>, v: Value): boolean {
  const h = hashOf(v, HASH_DEPTH);
  const bucket = composites.get(h);
  if (bucket === undefined) composites.set(h, [v]);
  else if (bucket.some((x) => equal(x, v))) return false;
  else bucket.push(v);
  return true;
}

/** Levels of a set element hashed: deeper composites count by their size only (equal ones then compared in full). */
const HASH_DEPTH = 3;
/** Characters hashed at each end of a long string. */
const HASH_ENDS = 12;
/** Array elements hashed: equal arrays agree on their first ones. */
const HASH_ITEMS = 16;
const OBJECT_SEED = 0x2f6b1c3d;
const ARRAY_SEED = 0x6a09e667;
const SET_SEED = 0x3c6ef372;

/**
 * A structural hash consistent with equal (integers and integral JS numbers alike), looking `depth`
 * levels down: cheap for the sets a rule builds, whose elements usually differ near the top.
 */
function hashOf(v: Value, depth: number): number {
  if (v === null) return 0x1b873593;
  switch (typeof v) {
    case 'boolean':
      return v ? 0x27d4eb2f : 0x165667b1;
    case 'bigint':
      return hashNumber(Number(v));
    case 'number':
      return hashNumber(v);
    case 'string':
      return hashString(v);
  }
  if (Array.isArray(v)) return hashList(v, depth, hashOf);
  if (v instanceof RObject) return v.hash(depth);
  let h = SET_SEED ^ v.size;
  if (depth > 0) for (const x of v.values()) h = (h + mix(hashOf(x, depth - 1))) | 0;
  return h;
}

/** hashOf(fromJS(x)) without converting x. */
function hashJS(x: unknown, depth: number): number {
  if (x === null || x === undefined) return hashOf(null, depth);
  switch (typeof x) {
    case 'boolean':
    case 'string':
    case 'bigint':
      return hashOf(x, depth);
    case 'number':
      return hashNumber(x);
  }
  if (Array.isArray(x)) return hashList(x, depth, hashJS);
  if (x instanceof RSet || x instanceof RObject || x instanceof Map || x instanceof Set) return hashOf(fromJS(x), depth);
  return hashSource(x as Record<string, unknown>, depth);
}

function hashSource(source: Record<string, unknown>, depth: number): number {
  const keys = Object.keys(source);
  let h = OBJECT_SEED ^ keys.length;
  if (depth > 0) for (const k of keys) h = (h + mix(hashString(k) ^ mix(hashJS(source[k], depth - 1)))) | 0;
  return h;
}

function hashList<T>(items: T[], depth: number, hash: (x: T, depth: number) => number): number {
  let h = ARRAY_SEED ^ items.length;
  if (depth > 0) for (let i = 0; i < Math.min(items.length, HASH_ITEMS); i++) h = (Math.imul(h, 31) + hash(items[i]!, depth - 1)) | 0;
  return mix(h);
}

/** 0 and -0 alike; an integer as its value, so that 2 and 2n agree. */
function hashNumber(n: number): number {
  if (Number.isSafeInteger(n) || n === 0) return mix((n | 0) ^ Math.floor(n / 4294967296));
  return hashString(String(n));
}

/** FNV-1a over a short string, or the ends of a long one and its length: equal strings are then compared in full. */
function hashString(s: string): number {
  const n = s.length;
  let h = 0x811c9dc5 ^ n;
  if (n <= 2 * HASH_ENDS) {
    for (let i = 0; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  } else {
    for (let i = 0; i < HASH_ENDS; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    for (let i = n - HASH_ENDS; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return h;
}

/** murmur3's finaliser: spreads the bits a sum or xor of hashes would leave clustered. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A number from a JS float: integral values become exact integers. */
export function num(n: number): bigint | number {
  return Number.isInteger(n) ? BigInt(n) : n;
}

export function isNumber(v: Value): v is bigint | number {
  return typeof v === 'bigint' || typeof v === 'number';
}

export function toFloat(v: bigint | number): number {
  return typeof v === 'bigint' ? Number(v) : v;
}

function rank(v: Value): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'boolean':
      return 1;
    case 'bigint':
    case 'number':
      return 2;
    case 'string':
      return 3;
  }
  if (Array.isArray(v)) return 6;
  return v instanceof RObject ? 7 : 8;
}

export function compareNumbers(a: bigint | number, b: bigint | number): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const x = toFloat(a);
  const y = toFloat(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** OPA's total order: null < boolean < number < string < array < object < set. */
export function compare(a: Value, b: Value): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return a === b ? 0 : a ? 1 : -1;
    case 2:
      return compareNumbers(a as bigint | number, b as bigint | number);
    case 3:
      return compareStrings(a as string, b as string);
    case 6:
      return compareLists(a as Value[], b as Value[], compare);
    case 7: {
      const x = (a as RObject).sorted();
      const y = (b as RObject).sorted();
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compare(x[i]![0], y[i]![0]) || compare(x[i]![1], y[i]![1]);
        if (c !== 0) return c;
      }
      return x.length - y.length < 0 ? -1 : x.length > y.length ? 1 : 0;
    }
    default:
      return compareLists((a as RSet).sorted(), (b as RSet).sorted(), compare);
  }
}

/** By Unicode code point, as Go compares UTF-8 bytes (JS `<` compares UTF-16 units). */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  let same = 0;
  while (same < n && a.charCodeAt(same) === b.charCodeAt(same)) same++;
  if (same === n) return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
  // Units outside the surrogates order as their code points do, and everything before them is equal.
  const ua = a.charCodeAt(same);
  const ub = b.charCodeAt(same);
  if (!isSurrogate(ua) && !isSurrogate(ub)) return ua < ub ? -1 : 1;
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdfff;
}

function compareLists(x: Value[], y: Value[], cmp: (a: Value, b: Value) => number): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = cmp(x[i]!, y[i]!);
    if (c !== 0) return c;
  }
  return x.length < y.length ? -1 : x.length > y.length ? 1 : 0;
}

export function typeName(v: Value): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'bigint':
    case 'number':
      return 'number';
    case 'string':
      return 'string';
  }
  if (Array.isArray(v)) return 'array';
  return v instanceof RObject ? 'object' : 'set';
}

/** The member of a collection at a key (a set's is the key itself), undefined when absent. */
export function index(v: Value, key: Value): Value | undefined {
  if (v instanceof RObject) return v.get(key);
  if (Array.isArray(v)) {
    if (typeof key !== 'bigint' || key < 0n || key >= BigInt(v.length)) return undefined;
    return v[Number(key)];
  }
  if (v instanceof RSet) return v.has(key) ? key : undefined;
  return undefined;
}

/** The member at each key in turn (`c.container.image`), undefined from the first absent one. */
export function indexPath(v: Value | undefined, keys: readonly Value[]): Value | undefined {
  for (let i = 0; i < keys.length && v !== undefined; i++) v = index(v, keys[i]!);
  return v;
}

/** An array, set or object: what `some … in` and `every` iterate. */
export function isCollection(v: Value): boolean {
  return Array.isArray(v) || v instanceof RSet || v instanceof RObject;
}

/**
 * What iterating a collection visits, in Rego's order: an array's items, a set's elements or an object's entries,
 * sorted; undefined for a scalar.
 */
export function elementsOf(coll: Value): readonly Value[] | readonly [Value, Value][] | undefined {
  if (Array.isArray(coll)) return coll;
  if (coll instanceof RSet || coll instanceof RObject) return coll.sorted();
  return undefined;
}

/** An object from its keys and values alternating, as a literal's terms give them. */
export function objectOf(pairs: readonly Value[]): RObject {
  const o = new RObject();
  for (let i = 0; i < pairs.length; i += 2) o.set(pairs[i]!, pairs[i + 1]!);
  return o;
}

/** Plain JS / JSON (as parsed by JSON.parse or the yaml package) to a Rego value. */
export function fromJS(x: unknown): Value {
  if (x === null || x === undefined) return null;
  switch (typeof x) {
    case 'boolean':
    case 'string':
    case 'bigint':
      return x;
    case 'number':
      return num(x);
  }
  if (Array.isArray(x)) return x.map(fromJS);
  if (x instanceof RSet || x instanceof RObject) return x;
  if (x instanceof Map) return new RObject([...x.entries()].map(([k, v]) => [fromJS(k), fromJS(v)]));
  if (x instanceof Set) return new RSet([...x].map(fromJS));
  return RObject.lazy(x as Record<string, unknown>);
}

export type JSValue = null | boolean | number | bigint | string | JSValue[] | { [k: string]: JSValue };

/** Integers a JS number holds exactly. */
const EXACT_FLOAT = 2n ** 53n;

/**
 * Rego value to plain JS as OPA renders JSON: sets become sorted arrays, non-string object keys
 * become their JSON text, integers beyond 2^53 stay bigint rather than losing digits.
 */
export function toJS(v: Value): JSValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return v >= -EXACT_FLOAT && v <= EXACT_FLOAT ? Number(v) : v;
  if (Array.isArray(v)) return v.map(toJS);
  if (v instanceof RSet) return v.sorted().map(toJS);
  const out: { [k: string]: JSValue } = {};
  for (const [k, val] of v.sorted()) out[typeof k === 'string' ? k : toJSONText(k)] = toJS(val);
  return out;
}

/** Compact JSON text as OPA's json.marshal produces (sorted object keys, sets as arrays). */
export function toJSONText(v: Value): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return String(v);
    case 'bigint':
      return v.toString();
    case 'number':
      return String(v);
    case 'string':
      return JSON.stringify(v);
  }
  if (Array.isArray(v)) return '[' + v.map(toJSONText).join(',') + ']';
  if (v instanceof RSet) return '[' + v.sorted().map(toJSONText).join(',') + ']';
  return (
    '{' +
    v
      .sorted()
      .map(([k, val]) => JSON.stringify(typeof k === 'string' ? k : toJSONText(k)) + ':' + toJSONText(val))
      .join(',') +
    '}'
  );
}

/** Rego source form of a value (used by sprintf %v and print). */
export function toRegoText(v: Value): string {
  if (v instanceof RSet) return v.size === 0 ? 'set()' : '{' + v.sorted().map(toRegoText).join(', ') + '}';
  if (v instanceof RObject) return '{' + v.sorted().map(([k, x]) => toRegoText(k) + ': ' + toRegoText(x)).join(', ') + '}';
  if (Array.isArray(v)) return '[' + v.map(toRegoText).join(', ') + ']';
  return toJSONText(v);
}
