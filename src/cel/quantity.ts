import { celFunc, celMethod, CelScalar } from '@bufbuild/cel';
import { comparisonMethods } from './comparable.js';
import { QUANTITY } from './opaque-types.js';

/** A quantity as an exact fraction, as resource.Quantity compares it. */
interface Fraction {
  num: bigint;
  den: bigint;
}

const FORMAT = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE]))?$/;
const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** The value of a Kubernetes quantity (`500m`, `1.5Gi`, `2e3`), or undefined when it is not one. */
function parseQuantity(text: string): Fraction | undefined {
  const match = FORMAT.exec(text);
  if (!match) return undefined;
  const [, number, exponent, binary, decimal] = match;
  const [whole, fraction = ''] = number!.replace(/^[+-]/, '').split('.');
  let num = BigInt(`${whole || '0'}${fraction}`) * (number!.startsWith('-') ? -1n : 1n);
  let den = 10n ** BigInt(fraction.length);
  const scale = exponent ? Number(exponent.slice(1)) : decimal ? DECIMAL[decimal]! : 0;
  if (scale >= 0) num *= 10n ** BigInt(scale);
  else den *= 10n ** BigInt(-scale);
  if (binary) num *= BINARY[binary]!;
  return reduce({ num, den });
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function reduce(f: Fraction): Fraction {
  const g = gcd(f.num, f.den) || 1n;
  return { num: f.num / g, den: f.den / g };
}

function compare(a: Fraction, b: Fraction): number {
  const diff = a.num * b.den - b.num * a.den;
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

/** The canonical text of a value: an integer, else milli/micro/nano units, else its decimal expansion. */
function format(f: Fraction): string {
  if (f.den === 1n) return f.num.toString();
  for (const [suffix, digits] of [['m', 3n], ['u', 6n], ['n', 9n]] as const) {
    const scaled = f.num * 10n ** digits;
    if (scaled % f.den === 0n) return `${scaled / f.den}${suffix}`;
  }
  // Kubernetes rounds what nano units cannot hold up to the next nano unit.
  const nanos = f.num * 10n ** 9n;
  return `${nanos / f.den + (nanos % f.den === 0n ? 0n : 1n)}n`;
}

const valueOf = (q: unknown): Fraction => parseQuantity(QUANTITY.text(q))!;
const fromInt = (n: bigint): Fraction => ({ num: n, den: 1n });

function make(text: string) {
  if (!parseQuantity(text)) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  return QUANTITY.make(text);
}

const sum = (a: Fraction, b: Fraction, sign: 1n | -1n) => QUANTITY.make(format(reduce({ num: a.num * b.den + sign * b.num * a.den, den: a.den * b.den })));

function asInteger(f: Fraction): bigint {
  if (f.den !== 1n || f.num > INT64_MAX || f.num < INT64_MIN) throw new Error('cannot convert value to integer');
  return f.num;
}

const Q = QUANTITY.type;
const { STRING, BOOL, INT, DOUBLE } = CelScalar;

/** Kubernetes' quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go). */
export const quantityFunctions = [
  celFunc('quantity', [STRING], Q, make),
  celFunc('isQuantity', [STRING], BOOL, (text) => parseQuantity(text) !== undefined),
  celMethod('sign', Q, [], INT, function () {
    return BigInt(Math.sign(Number(valueOf(this).num)));
  }),
  ...comparisonMethods(Q, (a, b) => compare(valueOf(a), valueOf(b))),
  celMethod('add', Q, [Q], Q, function (other) {
    return sum(valueOf(this), valueOf(other), 1n);
  }),
  celMethod('add', Q, [INT], Q, function (other) {
    return sum(valueOf(this), fromInt(other), 1n);
  }),
  celMethod('sub', Q, [Q], Q, function (other) {
    return sum(valueOf(this), valueOf(other), -1n);
  }),
  celMethod('sub', Q, [INT], Q, function (other) {
    return sum(valueOf(this), fromInt(other), -1n);
  }),
  celMethod('isInteger', Q, [], BOOL, function () {
    const f = valueOf(this);
    return f.den === 1n && f.num <= INT64_MAX && f.num >= INT64_MIN;
  }),
  celMethod('asInteger', Q, [], INT, function () {
    return asInteger(valueOf(this));
  }),
  celMethod('asApproximateFloat', Q, [], DOUBLE, function () {
    const f = valueOf(this);
    return Number(f.num) / Number(f.den);
  }),
  celFunc('string', [Q], STRING, (q) => QUANTITY.text(q)),
];
