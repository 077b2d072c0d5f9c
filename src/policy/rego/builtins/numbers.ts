import { num, type Value } from '../values.js';
import { BuiltinError, fn, intArg, numArg, oneOf, type Builtin, type BuiltinContext } from './util.js';

const rounding = (f: (x: number) => number): Builtin =>
  fn(1, (a) => {
    const n = numArg(a, 0);
    return typeof n === 'bigint' ? n : num(f(n));
  });

/** lo to hi, `step` apart, counting down when hi < lo; the budget is charged before the array is built. */
function range(lo: bigint, hi: bigint, step: bigint, ctx: BuiltinContext): Value[] {
  ctx.charge(Number((lo <= hi ? hi - lo : lo - hi) / step));
  const out: Value[] = [];
  for (let i = lo; lo <= hi ? i <= hi : i >= hi; i += lo <= hi ? step : -step) out.push(i);
  return out;
}

export const NUMBERS: Record<string, Builtin> = {
  abs: fn(1, (a) => {
    const n = numArg(a, 0);
    return typeof n === 'bigint' ? (n < 0n ? -n : n) : Math.abs(n);
  }),
  round: rounding((x) => (x < 0 ? -Math.round(-x) : Math.round(x))),
  ceil: rounding(Math.ceil),
  floor: rounding(Math.floor),
  to_number: fn(1, (a) => {
    const v = oneOf(a, 0, ['null', 'boolean', 'number', 'string']);
    if (v === null) return 0n;
    if (typeof v === 'boolean') return v ? 1n : 0n;
    if (typeof v !== 'string') return v;
    if (/^[+-]?\d+$/.test(v.trim())) return BigInt(v.trim());
    const n = Number(v);
    if (v.trim() === '' || Number.isNaN(n) || !Number.isFinite(n)) throw new BuiltinError('eval_builtin_error', `invalid syntax`);
    return num(n);
  }),
  'numbers.range_step': fn(3, (a, ctx) => {
    const [lo, hi, step] = [intArg(a, 0), intArg(a, 1), intArg(a, 2)];
    if (step <= 0n) throw new BuiltinError('eval_builtin_error', 'step must be a positive number above zero');
    return range(lo, hi, step, ctx);
  }),
  // One random number per (key, n) within an evaluation, as OPA caches it.
  'rand.intn': fn(2, (a, ctx) => {
    const [key, n] = [a[0]!, intArg(a, 1)];
    if (typeof key !== 'string') throw new BuiltinError('eval_type_error', 'operand 1 must be string');
    if (n === 0n) return 0n;
    const bound = n < 0n ? -n : n;
    return ctx.memo(`rand.intn:${key}:${bound}`, () => BigInt(Math.floor(Math.random() * Number(bound))));
  }),
  'bits.and': fn(2, (a) => intArg(a, 0) & intArg(a, 1)),
  'bits.or': fn(2, (a) => intArg(a, 0) | intArg(a, 1)),
  'bits.xor': fn(2, (a) => intArg(a, 0) ^ intArg(a, 1)),
  'bits.negate': fn(1, (a) => ~intArg(a, 0)),
  'bits.lsh': fn(2, (a, ctx) => {
    const shift = intArg(a, 1);
    if (shift < 0n) throw new BuiltinError('eval_builtin_error', 'bits.lsh: negative shift');
    // A big shift builds a big integer: a 64-character block of digits per step.
    ctx.charge(Number(shift / 256n));
    return intArg(a, 0) << shift;
  }),
  'bits.rsh': fn(2, (a) => {
    const shift = intArg(a, 1);
    if (shift < 0n) throw new BuiltinError('eval_builtin_error', 'bits.rsh: negative shift');
    return intArg(a, 0) >> shift;
  }),
  'numbers.range': fn(2, (a, ctx) => {
    const lo = numArg(a, 0);
    const hi = numArg(a, 1);
    if (typeof lo !== 'bigint') throw new BuiltinError('eval_type_error', 'operand 1 must be integer number but got floating-point number');
    if (typeof hi !== 'bigint') throw new BuiltinError('eval_type_error', 'operand 2 must be integer number but got floating-point number');
    return range(lo, hi, 1n, ctx);
  }),
};

