import type { Value } from '../values.js';
import { AGGREGATES } from './aggregates.js';
import { CRYPTO } from './crypto.js';
import { DOCUMENTS } from './documents.js';
import { ENCODING } from './encoding.js';
import { GLOB } from './glob.js';
import { JWT } from './jwt.js';
import { NET } from './net.js';
import { NUMBERS } from './numbers.js';
import { OBJECTS } from './objects.js';
import { OPERATORS } from './operators.js';
import { REGEX } from './regex.js';
import { SEMVER } from './semver.js';
import { STRINGS } from './strings.js';
import { TIME } from './time.js';
import { TYPES } from './types.js';
import { UNITS } from './units.js';
import type { Builtin } from './util.js';

export { BuiltinError, type Builtin, type BuiltinContext } from './util.js';

/** Every builtin by its Rego name. `eq`, `assign` and `print` are evaluated by the evaluator itself. */
export const BUILTINS: Map<string, Builtin> = new Map(
  Object.entries({
    ...OPERATORS,
    ...AGGREGATES,
    ...STRINGS,
    ...REGEX,
    ...OBJECTS,
    ...DOCUMENTS,
    ...TYPES,
    ...NUMBERS,
    ...ENCODING,
    ...UNITS,
    ...SEMVER,
    ...GLOB,
    ...TIME,
    ...NET,
    ...CRYPTO,
    ...JWT,
  }),
);

/** Builtins that would reach the network or host: refused unless a `with` replaces them. */
export const REFUSED: Set<string> = new Set(['http.send', 'opa.runtime', 'net.lookup_ip_addr']);

export type { Value };
