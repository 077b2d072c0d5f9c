import { RObject, RSet, isNumber, typeName, type Value } from '../values.js';
import { fn, type Builtin } from './util.js';

const is = (p: (v: Value) => boolean): Builtin => fn(1, (a) => p(a[0]!));

export const TYPES: Record<string, Builtin> = {
  is_string: is((v) => typeof v === 'string'),
  is_number: is(isNumber),
  is_boolean: is((v) => typeof v === 'boolean'),
  is_array: is(Array.isArray),
  is_set: is((v) => v instanceof RSet),
  is_object: is((v) => v instanceof RObject),
  is_null: is((v) => v === null),
  type_name: fn(1, (a) => typeName(a[0]!)),
};
