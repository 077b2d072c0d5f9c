import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { sha256, type DiskCache } from './disk-cache.js';
import { readTransient } from './transient-read.js';

/**
 * The V8 flags this process set with setV8Flag, by name: V8 takes cached code only under the flags it was made
 * with, so they are part of the code cache's keys. Kept on the isolate's global: start.js's bundle and the CLI's
 * each hold a copy of this module.
 */
const v8Flags = ((globalThis as { [key: symbol]: unknown })[Symbol.for('gitops-check.v8-flags')] ??= new Map()) as Map<string, string>;

/** Sets a V8 flag (`--name`, `--no-name`, `--name=value`); named in the keys unless it is back at V8's default. */
export function setV8Flag(flag: string, isDefault = false): void {
  setFlagsFromString(flag);
  const name = flag.replace(/=.*$/, '').replace(/^--no-/, '--');
  if (isDefault) v8Flags.delete(name);
  else v8Flags.set(name, flag);
}

/** The flags setV8Flag set and did not put back, in the order they were first set. */
export function v8FlagsSet(): string[] {
  return [...v8Flags.values()];
}

/**
 * A script compiled with the V8 code kept in the disk cache under `kind` for a source with this checksum,
 * and `keep`, which stores the code compiled so far when there was none to take: called after the script
 * has run, it holds the functions the run called, not only the top level. V8 checks cached data only by the
 * source's length, its own version and its flags, so the key names the source's checksum, the flags Node was
 * started with and those set since (code V8 rejects would otherwise be replaced by each run with other flags in
 * turn); nothing is kept when the flags changed between compiling and keeping (the code would carry others than
 * its key names). The disk cache's checksum turns a torn or corrupted entry into a miss; data V8 rejects is
 * compiled from source.
 */
export function compileCached(source: string, options: { cache: DiskCache | undefined; kind: string; checksum: string; filename?: string }): { script: Script; keep: () => void } {
  const { cache, kind, filename } = options;
  const flags = v8FlagsSet().join(' ');
  const key = [process.version, process.arch, process.execArgv.join(' '), process.env.NODE_OPTIONS ?? '', flags, options.checksum];
  const cachedData = cache?.read(kind, key)?.body;
  const script = new Script(source, { filename, cachedData });
  const keep = () => {
    if (cache && (!cachedData || script.cachedDataRejected) && v8FlagsSet().join(' ') === flags) cache.set(kind, key, script.createCachedData());
  };
  return { script, keep };
}

/**
 * The checksums of the files run by requireCached, by path. Kept on the process, not in this module: the
 * bundles of start.js and of the CLI each hold a copy of it, and the CLI asks for its own bundle's.
 */
const checksums = ((globalThis as { [key: symbol]: unknown })[Symbol.for('gitops-check.file-checksums')] ??= new Map()) as Map<string, string>;

/** The sha256 of a file's bytes; a file this process has run (the CLI's bundle) is not read and hashed again. */
export function fileChecksum(file: string): string {
  return checksums.get(file) ?? sha256(readFileSync(file));
}

/**
 * One checksum of the code in these module files (URLs; in the bundle all are the one file start.js has
 * already read and hashed); null when one cannot be read. Keys what that code generated (validators, compiled policies).
 */
export function modulesChecksum(urls: readonly string[]): string | null {
  try {
    return sha256([...new Set(urls)].map((url) => fileChecksum(fileURLToPath(url))).join(' '));
  } catch {
    return null;
  }
}

/**
 * Node's own CommonJS wrapper, around a module whose first line it opens (so that line numbers stay the
 * module's). scripts/bundle.ts writes the CLI's bundle inside it, so that start.js compiles the file's text as
 * it is read: wrapping it on each run was a copy of the whole bundle.
 */
export const COMMONJS_WRAPPER = { head: '(function (exports, require, module, __filename, __dirname) {', tail: '\n})' };

/**
 * A CommonJS module stored inside COMMONJS_WRAPPER, run as `require` runs it, compiled with the code an earlier
 * run kept: Node 20 keeps none of its own between runs, and compiling the CLI's bundle was about a sixth of a
 * pre-commit run's CPU.
 */
export function requireCached(file: string, cache: DiskCache | undefined): { exports: unknown; keep: () => void } {
  const { bytes } = readTransient(file);
  const checksum = sha256(bytes);
  checksums.set(file, checksum);
  const { script, keep } = compileCached(bytes.toString('utf8'), { cache, kind: 'code', checksum, filename: file });
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, keep };
}
