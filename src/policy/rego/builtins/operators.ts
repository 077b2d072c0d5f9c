import { RObject, RSet, compare, equal, isNumber, num, toFloat, type Value } from '../values.js';
import { BuiltinError, elems, fn, oneOf, type Builtin } from './util.js';

function arith(name: string, big: (a: bigint, b: bigint) => Value, float: (a: number, b: number) => number): Builtin {
  return fn(2, (args) => {
    const [a, b] = args as [Value, Value];
    if (!isNumber(a)) throw new BuiltinError('eval_type_error', `operand 1 must be number but got ${typeOf(a)}`);
    if (!isNumber(b)) throw new BuiltinError('eval_type_error', `operand 2 must be number but got ${typeOf(b)}`);
    if (typeof a === 'bigint' && typeof b === 'bigint') return big(a, b);
    const r = float(toFloat(a), toFloat(b));
    if (!Number.isFinite(r)) throw new BuiltinError('eval_builtin_error', `${name}: result out of range`);
    return num(r);
  });
}

function typeOf(v: Value): string {
  return oneOfName(v);
}

function oneOfName(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof RSet) return 'set';
  if (v instanceof RObject) return 'object';
  return typeof v === 'bigint' ? 'number' : typeof v;
}

const cmp = (f: (c: number) => boolean): Builtin => fn(2, (args) => f(compare(args[0]!, args[1]!)));

function setOp(f: (a: RSet, b: RSet) => RSet): Builtin {
  return fn(2, (args) => {
    const a = oneOf(args, 0, ['set']) as RSet;
    const b = oneOf(args, 1, ['set']) as RSet;
    return f(a, b);
  });
}

function member(x: Value, coll: Value): boolean {
  if (coll instanceof RSet) return coll.has(x);
  if (coll instanceof RObject) return [...coll.entries.values()].some(([, v]) => equal(v, x));
  return elems(coll).some((v) => equal(v, x));
}

export const OPERATORS: Record<string, Builtin> = {
  // eq/assign are unification, done by the evaluator; as values they compare.
  eq: fn(2, (a) => equal(a[0]!, a[1]!)),
  assign: fn(2, (a) => equal(a[0]!, a[1]!)),
  // print is variadic and captured by the evaluator; it never fails.
  print: fn(-1, () => true),
  equal: fn(2, (a) => equal(a[0]!, a[1]!)),
  neq: fn(2, (a) => !equal(a[0]!, a[1]!)),
  lt: cmp((c) => c < 0),
  lte: cmp((c) => c <= 0),
  gt: cmp((c) => c > 0),
  gte: cmp((c) => c >= 0),
  plus: arith('plus', (a, b) => a + b, (a, b) => a + b),
  mul: arith('mul', (a, b) => a * b, (a, b) => a * b),
  minus: fn(2, (args, ctx) => {
    const [a, b] = args as [Value, Value];
    if (a instanceof RSet && b instanceof RSet) return new RSet(a.sorted().filter((x) => !b.has(x)));
    if (a instanceof RSet || b instanceof RSet) {
      throw new BuiltinError('eval_type_error', `operand ${a instanceof RSet ? 2 : 1} must be set but got ${oneOfName(a instanceof RSet ? b : a)}`);
    }
    return arith('minus', (x, y) => x - y, (x, y) => x - y).fn(args, ctx);
  }),
  div: arith(
    'div',
    (a, b) => {
      if (b === 0n) throw new BuiltinError('eval_builtin_error', 'divide by zero');
      return a % b === 0n ? a / b : Number(a) / Number(b);
    },
    (a, b) => {
      if (b === 0) throw new BuiltinError('eval_builtin_error', 'divide by zero');
      return a / b;
    },
  ),
  rem: arith(
    'rem',
    (a, b) => {
      if (b === 0n) throw new BuiltinError('eval_builtin_error', 'modulo by zero');
      return a % b;
    },
    () => {
      throw new BuiltinError('eval_builtin_error', 'modulo on floating-point number');
    },
  ),
  or: setOp((a, b) => new RSet([...a.values(), ...b.values()])),
  and: setOp((a, b) => new RSet(a.sorted().filter((x) => b.has(x)))),
  'internal.member_2': fn(2, (a) => member(a[0]!, a[1]!)),
  'internal.member_3': fn(3, (args) => {
    const [k, v, coll] = args as [Value, Value, Value];
    if (coll instanceof RObject) {
      const x = coll.get(k);
      return x !== undefined && equal(x, v);
    }
    if (Array.isArray(coll)) return typeof k === 'bigint' && k >= 0n && k < BigInt(coll.length) && equal(coll[Number(k)]!, v);
    if (coll instanceof RSet) return equal(k, v) && coll.has(k);
    return false;
  }),
};
