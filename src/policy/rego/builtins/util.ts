import { RObject, RSet, typeName, type Value } from '../values.js';

export interface BuiltinContext {
  /** time.now_ns is fixed for one evaluation, as in OPA. */
  nowNs: bigint;
  /** Spend evaluation budget before building a result out of proportion to the arguments. */
  charge(units: number): void;
  /** The value computed once per evaluation for a key (random values OPA keeps stable within a query). */
  memo(key: string, compute: () => Value): Value;
}

export interface Builtin {
  arity: number;
  /** undefined result = the call is undefined. */
  fn: (args: Value[], ctx: BuiltinContext) => Value | undefined;
  /** A relation (`walk`) yields each of its results in turn instead; `fn` is then unused. */
  relation?: (args: Value[], ctx: BuiltinContext) => Iterable<Value>;
}

/**
 * A builtin failing on its input. Without strict mode OPA makes the call undefined;
 * `always` marks errors OPA raises even then.
 */
export class BuiltinError extends Error {
  constructor(
    readonly code: 'eval_type_error' | 'eval_builtin_error',
    message: string,
    readonly always = false,
  ) {
    super(message);
  }
}

type TypeTag = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'set' | 'null';

export function typeError(i: number, want: string, got: Value): BuiltinError {
  return new BuiltinError('eval_type_error', `operand ${i + 1} must be ${want} but got ${typeName(got)}`);
}

export function str(args: Value[], i: number): string {
  const v = args[i]!;
  if (typeof v !== 'string') throw typeError(i, 'string', v);
  return v;
}

export function numArg(args: Value[], i: number): bigint | number {
  const v = args[i]!;
  if (typeof v !== 'bigint' && typeof v !== 'number') throw typeError(i, 'number', v);
  return v;
}

export function intArg(args: Value[], i: number): bigint {
  const v = numArg(args, i);
  if (typeof v !== 'bigint') throw new BuiltinError('eval_type_error', `operand ${i + 1} must be integer number but got floating-point number`);
  return v;
}

export function arr(args: Value[], i: number): Value[] {
  const v = args[i]!;
  if (!Array.isArray(v)) throw typeError(i, 'array', v);
  return v;
}

export function obj(args: Value[], i: number): RObject {
  const v = args[i]!;
  if (!(v instanceof RObject)) throw typeError(i, 'object', v);
  return v;
}

export function set(args: Value[], i: number): RSet {
  const v = args[i]!;
  if (!(v instanceof RSet)) throw typeError(i, 'set', v);
  return v;
}

/** Operand of one of several types, in OPA's "one of {a, b}" wording. */
export function oneOf(args: Value[], i: number, tags: TypeTag[]): Value {
  const v = args[i]!;
  if (!tags.includes(typeName(v) as TypeTag)) throw typeError(i, tags.length === 1 ? tags[0]! : `one of {${tags.join(', ')}}`, v);
  return v;
}

/** Elements of an array or set. */
export function elems(v: Value): Value[] {
  return Array.isArray(v) ? v : v instanceof RSet ? v.sorted() : [];
}

export function fn(arity: number, f: Builtin['fn']): Builtin {
  return { arity, fn: f };
}

export function relation(arity: number, r: NonNullable<Builtin['relation']>): Builtin {
  return { arity, fn: () => undefined, relation: r };
}
