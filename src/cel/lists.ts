import { celMethod, CelScalar, isCelList, listType, type CelList, type CelValue } from '@bufbuild/cel';

const LIST = listType(CelScalar.DYN);
const { INT, BOOL, DYN } = CelScalar;

type Scalar = bigint | number | string | boolean;

function scalar(value: CelValue): Scalar {
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (isCelList(value)) throw new Error('no such overload: lists of lists are not comparable');
  throw new Error(`no such overload: ${typeof value} is not comparable`);
}

/** The order CEL gives comparable scalars; ints and doubles compare by value. */
function compare(a: CelValue, b: CelValue): number {
  const x = scalar(a);
  const y = scalar(b);
  if (typeof x === 'string' || typeof y === 'string' || typeof x === 'boolean' || typeof y === 'boolean') {
    if (typeof x !== typeof y) throw new Error('no such overload: mixed types in list');
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const diff = Number(x) - Number(y);
  return typeof x === 'bigint' && typeof y === 'bigint' ? (x < y ? -1 : x > y ? 1 : 0) : Math.sign(diff);
}

function items(list: CelList): CelValue[] {
  return [...list];
}

function extreme(list: CelList, name: string, wanted: 1 | -1): CelValue {
  const all = items(list);
  if (all.length === 0) throw new Error(`${name} called on empty list`);
  return all.reduce((best, item) => (compare(item, best) * wanted > 0 ? item : best));
}

function position(list: CelList, value: CelValue): number[] {
  return items(list).flatMap((item, i) => (typeof item === typeof value && compare(item, value) === 0 ? [i] : []));
}

/** Kubernetes' lists library (k8s.io/apiserver/pkg/cel/library/lists.go). */
export const listFunctions = [
  celMethod('isSorted', LIST, [], BOOL, function () {
    const all = items(this);
    return all.every((item, i) => i === 0 || compare(all[i - 1]!, item) <= 0);
  }),
  celMethod('sum', LIST, [], DYN, function () {
    const all = items(this).map(scalar);
    if (all.every((x) => typeof x === 'bigint')) return (all as bigint[]).reduce((a, b) => a + b, 0n);
    if (all.every((x) => typeof x === 'number')) return (all as number[]).reduce((a, b) => a + b, 0);
    throw new Error('no such overload: sum needs a list of ints or of doubles');
  }),
  celMethod('min', LIST, [], DYN, function () {
    return extreme(this, 'min', -1);
  }),
  celMethod('max', LIST, [], DYN, function () {
    return extreme(this, 'max', 1);
  }),
  celMethod('indexOf', LIST, [DYN], INT, function (value) {
    return BigInt(position(this, value)[0] ?? -1);
  }),
  celMethod('lastIndexOf', LIST, [DYN], INT, function (value) {
    return BigInt(position(this, value).at(-1) ?? -1);
  }),
];
