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
export function compileCached(source: string, options: CompileOptions): { script: Script; keep: () => void } {
  const { script, keep } = compileTiered(source, options, [[]]);
  return { script, keep: () => keep(0) };
}

interface CompileOptions {
  cache: DiskCache | undefined;
  kind: string;
  checksum: string;
  filename?: string;
}

/**
 * compileCached with code kept under tiers of its key, the best first: the best tier's code stored is taken, and
 * `keep(t)` stores the code compiled so far under tier t when no code of that tier or a better one was taken.
 */
function compileTiered(source: string, options: CompileOptions, tiers: ReadonlyArray<readonly string[]>): { script: Script; keep: (tier: number) => void } {
  const { cache, kind, filename } = options;
  const flags = v8FlagsSet().join(' ');
  const key = [process.version, process.arch, process.execArgv.join(' '), process.env.NODE_OPTIONS ?? '', flags, options.checksum];
  let taken = tiers.length;
  let cachedData: Buffer | undefined;
  for (let t = 0; cache && t < tiers.length && !cachedData; t++) {
    cachedData = cache.read(kind, [...key, ...tiers[t]!])?.body;
    if (cachedData) taken = t;
  }
  const script = new Script(source, { filename, cachedData });
  if (script.cachedDataRejected) taken = tiers.length;
  const keep = (tier: number) => {
    if (!cache || tier >= taken || v8FlagsSet().join(' ') !== flags) return;
    cache.set(kind, [...key, ...tiers[tier]!], script.createCachedData());
    taken = tier;
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
 * The tiers of the CLI's kept code: a run's code is what it called, and a run that printed its version or help,
 * or wrote a config, called a tenth of what a check calls; a check taking that code compiled the rest from source on
 * every run (~10% of a 1k-document run's CPU). So only a run that checked documents keeps code under the first tier;
 * another keeps its code under the second when there was none, until a check replaces it.
 */
const CLI_TIERS = [['check'], ['other']];

/**
 * A CommonJS module stored inside COMMONJS_WRAPPER, run as `require` runs it, compiled with the code an earlier
 * run kept: Node 20 keeps none of its own between runs, and compiling the CLI's bundle was about a sixth of a
 * pre-commit run's CPU. `keep(checked)` stores the code compiled so far, in its tier (CLI_TIERS).
 */
export function requireCached(file: string, cache: DiskCache | undefined): { exports: unknown; keep: (checked: boolean) => void } {
  const { bytes } = readTransient(file);
  const checksum = sha256(bytes);
  checksums.set(file, checksum);
  const { script, keep } = compileTiered(bytes.toString('utf8'), { cache, kind: 'code', checksum, filename: file }, CLI_TIERS);
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, keep: (checked) => keep(checked ? 0 : 1) };
}
