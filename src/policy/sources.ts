import { readFileSync } from 'node:fs';
import { basename, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../model/errors.js';
import { walk } from '../discovery/walk.js';
import { statIfPresent } from '../discovery/discover.js';

/** A Rego module as read from disk: `path` is what error messages and test names show. */
export interface PolicySource {
  path: string;
  source: string;
}

/** The built-in library shipped in the package's top-level `policy/` folder. */
export const BUILTIN_POLICY_DIR = fileURLToPath(new URL('../../policy/', import.meta.url));

/**
 * Reads the `.rego` files of each location (a directory, searched recursively, or one file), sorted.
 * A location that does not exist is a ConfigError: a mistyped --policy must not pass silently.
 */
export async function readPolicySources(cwd: string, locations: string[], options: { includeTests: boolean }): Promise<PolicySource[]> {
  const sources: PolicySource[] = [];
  for (const location of locations) {
    const abs = resolve(cwd, location);
    const info = statIfPresent(abs);
    if (!info) throw new ConfigError(`policy path does not exist: ${location}`);
    const files = info.isDirectory() ? filesBelow(abs, '.rego') : [abs];
    for (const file of files.sort()) {
      if (!options.includeTests && file.endsWith('_test.rego')) continue;
      sources.push({ path: displayPath(cwd, file), source: readFileSync(file, 'utf8') });
    }
  }
  return sources;
}

/** Files below `dir` with the extension, dot entries left out, sorted. */
export function filesBelow(dir: string, ...extensions: string[]): string[] {
  const { files } = walk(dir, {
    include: (abs, isDirectory) => !basename(abs).startsWith('.') && (isDirectory || extensions.some((ext) => abs.endsWith(ext))),
  });
  return files.sort();
}

function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return (rel.startsWith('..') ? abs : rel).split(sep).join('/');
}
