import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import * as formats from 'ajv-formats/dist/formats.js';
import { goRegExp } from '../schema/go-regexp.js';
import type { DiskCache } from './disk-cache.js';
import { compileCached } from './code-cache.js';

/** ajv is CommonJS: required on first compile, so a run whose validators all come from the cache never loads it. */
export const requireHere = createRequire(import.meta.url);

/**
 * The validators this process has taken from the disk cache, by key: the resident process's later runs use them
 * again instead of reading, checking and compiling a workload kind's megabyte of code each time. The key names
 * everything the code depends on, so a changed schema is another entry. (One just compiled is not kept: it holds
 * its ajv instance; the next run takes its stored code.)
 */
const inProcess = new Map<string, unknown>();

/**
 * A JSON-schema validator, from the disk cache when an intact entry exists under `key`, else compiled and
 * stored as ajv standalone code. `key` must name everything the code depends on (schema content, options);
 * the cache adds the tool version. The ajv instance must have `code.source` set. Without a cache (`--no-cache`)
 * each run compiles its own.
 */
export function cachedValidator<T = unknown>(
  cache: DiskCache | undefined,
  key: readonly string[],
  compile: () => { ajv: Ajv; validate: ValidateFunction<T> },
): ValidateFunction<T> {
  if (!cache) return compile().validate;
  return cached(cache, key, isFunction, () => {
    const { ajv, validate } = compile();
    return { ajv, exports: validate, code: (standaloneCode) => standaloneCode(ajv, validate) };
  });
}

/**
 * Validators of several schemas of one ajv instance (`ids`: each one's schema id, by name), stored as one
 * module: the functions of the definitions they share are loaded and compiled by V8 once, not once per
 * validator (the workload kinds each reach PodSpec's 120 definitions). `ajv` adds the schemas to an instance
 * that has `code.source` set.
 */
export function cachedValidators(cache: DiskCache, key: readonly string[], ids: Record<string, string>, ajv: () => Ajv): Record<string, ValidateFunction<unknown>> {
  const names = Object.keys(ids);
  const valid = (value: unknown): value is Record<string, ValidateFunction<unknown>> =>
    typeof value === 'object' && value !== null && names.every((name) => isFunction((value as Record<string, unknown>)[name]));
  return cached(cache, key, valid, () => {
    const instance = ajv();
    const exports = Object.fromEntries(names.map((name) => [name, instance.getSchema(ids[name]!)!]));
    return { ajv: instance, exports, code: (standaloneCode) => standaloneCode(instance, ids) };
  });
}

type StandaloneCode = typeof import('ajv/dist/standalone/index.js').default;

/** What an entry's code exports (`module.exports`), from the process, the disk cache or compiled and stored. */
function cached<T>(cache: DiskCache, key: readonly string[], valid: (exports: unknown) => exports is T, compile: () => { ajv: Ajv; exports: T; code: (standaloneCode: StandaloneCode) => string }): T {
  key = validatorKey(key);
  const id = key.join('\0');
  const known = inProcess.get(id);
  if (valid(known)) return known;
  const entry = cache.read('validators', key);
  const loaded = entry && instantiate(cache, entry.body.toString('utf8'), entry.sha256);
  if (valid(loaded)) {
    inProcess.set(id, loaded);
    return loaded;
  }
  const { ajv, exports, code } = compile();
  // Standalone code is generated afresh: given the processing the compiled code had.
  const source = code((requireHere('ajv/dist/standalone') as { default: StandaloneCode }).default);
  cache.set('validators', key, `${WRAPPER}${ajv.opts.code.process?.(source) ?? source}\n})`);
  return exports;
}

const isFunction = (value: unknown): value is ValidateFunction<never> => typeof value === 'function';

/**
 * Whether an earlier run stored the validator under `key`: an entry is written only once its schema has
 * compiled, so its presence proves that the schema compiles, without reading or loading it.
 */
export function hasCachedValidator(cache: DiskCache, key: readonly string[]): boolean {
  return cache.has('validators', validatorKey(key));
}

function validatorKey(key: readonly string[]): string[] {
  return [...generatorVersions(), WRAPPER, ...key];
}

/**
 * Standalone code is CommonJS (`module.exports = validate`, or `exports.name = …` for several) with free
 * names: require (ajv's runtime helpers, ajv-formats) and goRegExp (schema patterns). It is stored inside this
 * function, so that a run compiles the entry's text as it is read (wrapping megabytes of code on each load was
 * a copy of all of it); the wrapper is part of the key, as it is of the entry's format.
 */
const WRAPPER = '(function (require, goRegExp, module, exports) {';

let versions: string[] | undefined;
/** The code generated depends on ajv's and ajv-formats' versions too: part of every key, read once per process. */
function generatorVersions(): string[] {
  return (versions ??= ['ajv', 'ajv-formats'].map((name) => `${name}@${(requireHere(`${name}/package.json`) as { version: string }).version}`));
}

/**
 * The stored code's `require`. The formats it asks for are the ones bundled with the CLI (scripts/bundle.ts),
 * compiled from V8's cache with it: resolving and loading them from node_modules was ~3 ms of a run.
 */
function runtimeRequire(id: string): unknown {
  return id === 'ajv-formats/dist/formats' ? formats : requireHere(id);
}

/**
 * Runs a stored module of validators (standalone code in WRAPPER): what it exports, undefined when it does
 * not load. Parsing and compiling a validator of a workload kind (megabyte-sized) costs more than the checks
 * it then makes, so V8's compiled code is kept in the cache too, taken once the run has used the validator.
 */
function instantiate(cache: DiskCache, code: string, checksum: string): unknown {
  const module = { exports: {} as unknown };
  let keep: () => void;
  try {
    const compiled = compileCached(code, { cache, kind: 'v8', checksum });
    (compiled.script.runInThisContext() as (...args: unknown[]) => void)(runtimeRequire, goRegExp, module, module.exports);
    keep = compiled.keep;
  } catch {
    return undefined;
  }
  // After this run's checks (they run without yielding), when the functions they called are compiled.
  setImmediate(keep);
  return module.exports;
}
