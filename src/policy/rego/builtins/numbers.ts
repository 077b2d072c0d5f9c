import { num, type Value } from '../values.js';
import { BuiltinError, fn, numArg, oneOf, type Builtin } from './util.js';

const rounding = (f: (x: number) => number): Builtin =>
  fn(1, (a) => {
    const n = numArg(a, 0);
    return typeof n === 'bigint' ? n : num(f(n));
  });

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
  'numbers.range': fn(2, (a, ctx) => {
    const lo = numArg(a, 0);
    const hi = numArg(a, 1);
    if (typeof lo !== 'bigint') throw new BuiltinError('eval_type_error', 'operand 1 must be integer number but got floating-point number');
    if (typeof hi !== 'bigint') throw new BuiltinError('eval_type_error', 'operand 2 must be integer number but got floating-point number');
    ctx.charge(Number(lo <= hi ? hi - lo : lo - hi));
    const out: Value[] = [];
    const step = lo <= hi ? 1n : -1n;
    for (let i = lo; step > 0n ? i <= hi : i >= hi; i += step) out.push(i);
    return out;
  }),
};

