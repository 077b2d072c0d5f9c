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
const inProcess = new Map<string, ValidateFunction<unknown>>();

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
  key = validatorKey(key);
  const id = key.join('\0');
  const known = inProcess.get(id) as ValidateFunction<T> | undefined;
  if (known) return known;
  const loaded = fromCache<T>(cache, key);
  if (!loaded) return compileAndStore(cache, key, compile);
  inProcess.set(id, loaded as ValidateFunction<unknown>);
  return loaded;
}

function fromCache<T>(cache: DiskCache, key: readonly string[]): ValidateFunction<T> | undefined {
  const entry = cache.read('validators', key);
  return entry && instantiate<T>(cache, entry.body.toString('utf8'), entry.sha256);
}

function compileAndStore<T>(cache: DiskCache, key: readonly string[], compile: () => { ajv: Ajv; validate: ValidateFunction<T> }): ValidateFunction<T> {
  const { ajv, validate } = compile();
  const standaloneCode = (requireHere('ajv/dist/standalone') as typeof import('ajv/dist/standalone/index.js')).default;
  // Standalone code is generated afresh: given the processing the compiled code had.
  const code = standaloneCode(ajv, validate);
  cache.set('validators', key, `${WRAPPER}${ajv.opts.code.process?.(code) ?? code}\n})`);
  return validate;
}

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
 * Standalone code is CommonJS (`module.exports = validate`) with free names: require (ajv's runtime helpers,
 * ajv-formats) and goRegExp (schema patterns). It is stored inside this function, so that a run compiles
 * the entry's text as it is read (wrapping megabytes of code on each load was a copy of all of it); the
 * wrapper is part of the key, as it is of the entry's format.
 */
const WRAPPER = '(function (require, goRegExp, module) {';

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
 * Runs a stored validator (standalone code in WRAPPER); undefined when it does not load. Parsing
 * and compiling a validator of a workload kind (megabyte-sized) costs more than the checks it then makes,
 * so V8's compiled code is kept in the cache too, taken once the run has used the validator.
 */
function instantiate<T>(cache: DiskCache, code: string, checksum: string): ValidateFunction<T> | undefined {
  const module = { exports: undefined as unknown };
  let keep: () => void;
  try {
    const compiled = compileCached(code, { cache, kind: 'v8', checksum });
    (compiled.script.runInThisContext() as (...args: unknown[]) => void)(runtimeRequire, goRegExp, module);
    keep = compiled.keep;
  } catch {
    return undefined;
  }
  if (typeof module.exports !== 'function') return undefined;
  // After this run's checks (they run without yielding), when the functions they called are compiled.
  setImmediate(keep);
  return module.exports as ValidateFunction<T>;
}
