import { RObject, RSet, compare, isNumber, num, toFloat, type Value } from '../values.js';
import { BuiltinError, elems, fn, oneOf, type Builtin } from './util.js';

function numbers(args: Value[]): (bigint | number)[] {
  const c = oneOf(args, 0, ['set', 'array']);
  const xs = elems(c);
  for (const x of xs) if (!isNumber(x)) throw new BuiltinError('eval_type_error', `operand 1 must be one of {set, array} containing numbers`);
  return xs as (bigint | number)[];
}

function fold(xs: (bigint | number)[], init: bigint, op: (a: bigint, b: bigint) => bigint, fop: (a: number, b: number) => number): Value {
  let acc: bigint | number = init;
  for (const x of xs) {
    acc = typeof acc === 'bigint' && typeof x === 'bigint' ? op(acc, x) : num(fop(toFloat(acc), toFloat(x)));
  }
  return acc;
}

export const AGGREGATES: Record<string, Builtin> = {
  count: fn(1, (args) => {
    const v = oneOf(args, 0, ['array', 'object', 'set', 'string']);
    if (typeof v === 'string') return BigInt([...v].length);
    if (v instanceof RObject || v instanceof RSet) return BigInt(v.size);
    return BigInt((v as Value[]).length);
  }),
  sum: fn(1, (args) => fold(numbers(args), 0n, (a, b) => a + b, (a, b) => a + b)),
  product: fn(1, (args) => fold(numbers(args), 1n, (a, b) => a * b, (a, b) => a * b)),
  max: fn(1, (args) => {
    const xs = elems(oneOf(args, 0, ['set', 'array']));
    return xs.length === 0 ? undefined : xs.reduce((a, b) => (compare(a, b) >= 0 ? a : b));
  }),
  min: fn(1, (args) => {
    const xs = elems(oneOf(args, 0, ['set', 'array']));
    return xs.length === 0 ? undefined : xs.reduce((a, b) => (compare(a, b) <= 0 ? a : b));
  }),
  sort: fn(1, (args) => [...elems(oneOf(args, 0, ['array', 'set']))].sort(compare)),
  // One array made at its length (spread grows one as it goes): the built-in rules build every finding's path with it.
  'array.concat': fn(2, (args) => (oneOf(args, 0, ['array']) as Value[]).concat(oneOf(args, 1, ['array']) as Value[])),
  'array.reverse': fn(1, (args) => [...(oneOf(args, 0, ['array']) as Value[])].reverse()),
  'array.slice': fn(3, (args) => {
    const a = oneOf(args, 0, ['array']) as Value[];
    const lo = Math.max(0, Number(oneOf(args, 1, ['number'])));
    const hi = Math.min(a.length, Number(oneOf(args, 2, ['number'])));
    return lo >= hi ? [] : a.slice(lo, hi);
  }),
  'array.flatten': fn(1, (args) => {
    // One level only, as OPA does.
    return (oneOf(args, 0, ['array']) as Value[]).flatMap((x) => (Array.isArray(x) ? x : [x]));
  }),
};
