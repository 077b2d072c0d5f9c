import { type Value } from '../values.js';
import { BuiltinError, fn, str, type Builtin } from './util.js';

/** An exact rational n/d, so `1.1KiB` is 1126 and not 1126.4000000000001. */
interface Rational {
  n: bigint;
  d: bigint;
}

const DECIMAL: Record<string, bigint> = { k: 10n ** 3n, m: 10n ** 6n, g: 10n ** 9n, t: 10n ** 12n, p: 10n ** 15n, e: 10n ** 18n };
const BINARY: Record<string, bigint> = { ki: 2n ** 10n, mi: 2n ** 20n, gi: 2n ** 30n, ti: 2n ** 40n, pi: 2n ** 50n, ei: 2n ** 60n };

function parseAmount(name: string, what: string, text: string): { amount: Rational; unit: string } {
  if (/\s/.test(text)) throw new BuiltinError('eval_builtin_error', `${name}: spaces not allowed in resource strings`);
  const s = text.replace(/"/g, '');
  const negative = s.startsWith('-');
  const body = negative ? s.slice(1) : s;
  const m = /^([0-9.]*)(?:[eE]([+-]?[0-9]+)(?![a-zA-Z]))?(.*)$/.exec(body)!;
  const [, digits = '', exp, unit = ''] = m;
  let expDigits = exp;
  let rest = unit;
  // `10e10000000EiB`: an exponent followed by a unit.
  const withUnit = /^([0-9.]*)[eE]([+-]?[0-9]+)([a-zA-Z].*)$/.exec(body);
  if (exp === undefined && withUnit && withUnit[1] !== '') {
    expDigits = withUnit[2];
    rest = withUnit[3]!;
  }
  if (digits === '') throw new BuiltinError('eval_builtin_error', `${name}: no ${what} provided`);
  if (!/^(\d+\.?\d*|\.\d+)$/.test(digits)) throw new BuiltinError('eval_builtin_error', `${name}: could not parse ${what} to a number`);
  const [int = '', frac = ''] = digits.split('.');
  let amount: Rational = { n: (negative ? -1n : 1n) * BigInt((int || '0') + frac), d: 10n ** BigInt(frac.length) };
  if (expDigits !== undefined) {
    const e = Number(expDigits);
    if (Math.abs(e) > 1000) throw new BuiltinError('eval_builtin_error', `${name}: exponent too large`);
    amount = e >= 0 ? { n: amount.n * 10n ** BigInt(e), d: amount.d } : { n: amount.n, d: amount.d * 10n ** BigInt(-e) };
  }
  return { amount, unit: rest };
}

function toNumber(r: Rational): Value {
  if (r.n % r.d === 0n) return r.n / r.d;
  return Number(r.n) / Number(r.d);
}

export const UNITS: Record<string, Builtin> = {
  'units.parse_bytes': fn(1, (a) => {
    const { amount, unit } = parseAmount('units.parse_bytes', 'byte amount', str(a, 0));
    const u = unit.toLowerCase().replace(/b$/, '');
    const mult = u === '' ? 1n : (DECIMAL[u] ?? BINARY[u]);
    if (mult === undefined) throw new BuiltinError('eval_builtin_error', `units.parse_bytes: byte unit ${unit} not recognized`);
    return (amount.n * mult) / amount.d;
  }),
  'units.parse': fn(1, (a) => {
    const { amount, unit } = parseAmount('units.parse', 'amount', str(a, 0));
    let r: Rational;
    if (unit === '') r = amount;
    else if (unit === 'm') r = { n: amount.n, d: amount.d * 1000n };
    else if (unit.length === 2 && BINARY[unit.toLowerCase()]) r = { n: amount.n * BINARY[unit.toLowerCase()]!, d: amount.d };
    else if (unit.length === 1 && DECIMAL[unit.toLowerCase()] && unit !== 'm') r = { n: amount.n * DECIMAL[unit.toLowerCase()]!, d: amount.d };
    else throw new BuiltinError('eval_builtin_error', `units.parse: unit ${unit} not recognized`);
    return toNumber(r);
  }),
};
