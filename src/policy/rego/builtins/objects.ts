import { RObject, RSet, type Value } from '../values.js';
import { elems, fn, obj, oneOf, type Builtin } from './util.js';

function union(a: RObject, b: RObject): RObject {
  const out = new RObject(a.entries.values());
  for (const [k, v] of b.entries.values()) {
    const prev = out.get(k);
    out.set(k, prev instanceof RObject && v instanceof RObject ? union(prev, v) : v);
  }
  return out;
}

function keysOf(v: Value): Value[] {
  if (v instanceof RObject) return [...v.entries.values()].map(([k]) => k);
  return elems(v);
}

export const OBJECTS: Record<string, Builtin> = {
  'object.get': fn(3, (a) => {
    let cur: Value | undefined = obj(a, 0);
    const path = Array.isArray(a[1]) ? (a[1] as Value[]) : [a[1]!];
    for (const k of path) {
      if (cur instanceof RObject) cur = cur.get(k);
      else if (Array.isArray(cur)) cur = typeof k === 'bigint' && k >= 0n && k < BigInt(cur.length) ? cur[Number(k)] : undefined;
      else if (cur instanceof RSet) cur = cur.has(k) ? k : undefined;
      else cur = undefined;
      if (cur === undefined) return a[2]!;
    }
    return cur;
  }),
  'object.keys': fn(1, (a) => new RSet(keysOf(obj(a, 0)))),
  'object.remove': fn(2, (a) => {
    const o = obj(a, 0);
    const drop = new RSet(keysOf(oneOf(a, 1, ['array', 'set', 'object'])));
    return new RObject([...o.entries.values()].filter(([k]) => !drop.has(k)));
  }),
  'object.filter': fn(2, (a) => {
    const o = obj(a, 0);
    const keep = new RSet(keysOf(oneOf(a, 1, ['array', 'set', 'object'])));
    return new RObject([...o.entries.values()].filter(([k]) => keep.has(k)));
  }),
  'object.union': fn(2, (a) => union(obj(a, 0), obj(a, 1))),
  'object.union_n': fn(1, (a) => {
    const xs = oneOf(a, 0, ['array']) as Value[];
    let out = new RObject();
    for (const [i, x] of xs.entries()) {
      if (!(x instanceof RObject)) return obj([x], i);
      out = union(out, x);
    }
    return out;
  }),
  union: fn(1, (a) => {
    const out = new RSet();
    for (const s of elems(oneOf(a, 0, ['set']))) for (const x of elems(oneOf([s], 0, ['set']))) out.add(x);
    return out;
  }),
  intersection: fn(1, (a) => {
    const sets = elems(oneOf(a, 0, ['set'])).map((s) => oneOf([s], 0, ['set']) as RSet);
    if (sets.length === 0) return new RSet();
    return new RSet(sets[0]!.sorted().filter((x) => sets.every((s) => s.has(x))));
  }),
};
