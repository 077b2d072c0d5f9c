import { celMethod, CelScalar, type CelObjectType } from '@bufbuild/cel';

/** `compareTo`, `isGreaterThan` and `isLessThan` of an opaque type, as the quantity and semver libraries define them. */
export function comparisonMethods(type: CelObjectType, compare: (a: unknown, b: unknown) => number) {
  return [
    celMethod('compareTo', type, [type], CelScalar.INT, function (other) {
      return BigInt(compare(this, other));
    }),
    celMethod('isGreaterThan', type, [type], CelScalar.BOOL, function (other) {
      return compare(this, other) > 0;
    }),
    celMethod('isLessThan', type, [type], CelScalar.BOOL, function (other) {
      return compare(this, other) < 0;
    }),
  ];
}
