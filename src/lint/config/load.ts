import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../../model/errors.js';
import { decodeSource } from '../../documents/read.js';
import { parseYamlFile } from '../../documents/parse-file.js';
import type { PathSegment } from '../../documents/types.js';
import { toDisplay } from '../../discovery/discover.js';
import type { LintConfig } from './model.js';
import { builtinOrigin, resolveConfig, type ConfigOrigin } from './resolve.js';
import { GITOPS_CHECK_DEFAULT } from './profiles.js';

/** yamllint's own file names, looked for in the working directory, then its parents. */
export const YAMLLINT_FILE_NAMES = ['.yamllint', '.yamllint.yaml', '.yamllint.yml'];

export interface LintConfigSources {
  cwd: string;
  /** `--yamllint-config FILE`. */
  explicit?: string;
  /** Display path of our own config file when it has a `yamllint:` key. */
  embeddedIn?: string;
  /** Environment (YAMLLINT_CONFIG_FILE, XDG_CONFIG_HOME) and home directory; the process's by default. */
  env?: Readonly<Record<string, string | undefined>>;
  home?: string;
}

/**
 * The yamllint configuration of a run, from the first of: `--yamllint-config`, the `yamllint:` key of
 * `.gitops-check.yaml`, `.yamllint`/`.yamllint.yaml`/`.yamllint.yml` in the working directory or a
 * parent, `YAMLLINT_CONFIG_FILE` (else the user-global `~/.config/yamllint/config`), our default.
 */
export function loadLintConfig(sources: LintConfigSources): LintConfig {
  const { cwd } = sources;
  if (sources.explicit !== undefined) {
    const abs = resolve(cwd, sources.explicit);
    if (!isFile(abs)) throw new ConfigError('yamllint config file does not exist', toDisplay(cwd, abs));
    return fromFile(abs, cwd);
  }
  if (sources.embeddedIn !== undefined) {
    const { value, origin } = readConfigFile(resolve(cwd, sources.embeddedIn), cwd);
    const section = (value as Record<string, unknown>).yamllint;
    return resolveConfig(section, { ...origin, locate: (path, at) => origin.locate(['yamllint', ...path], at) });
  }
  for (let dir = cwd; ; dir = dirname(dir)) {
    const found = YAMLLINT_FILE_NAMES.map((name) => join(dir, name)).find(isFile);
    if (found) return fromFile(found, cwd);
    if (dirname(dir) === dir) break;
  }
  const env = sources.env ?? process.env;
  const home = sources.home ?? homedir();
  const userGlobal = env.YAMLLINT_CONFIG_FILE
    ? env.YAMLLINT_CONFIG_FILE.replace(/^~(?=$|\/)/, home)
    : join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'yamllint', 'config');
  if (isFile(userGlobal)) return fromFile(userGlobal, cwd);
  return resolveConfig(GITOPS_CHECK_DEFAULT, builtinOrigin('gitops-check default', { dir: cwd, load: (abs) => readConfigFile(abs, cwd) }));
}

function fromFile(abs: string, cwd: string): LintConfig {
  const { value, origin } = readConfigFile(abs, cwd);
  return resolveConfig(value, origin);
}

/** Reads and parses one yamllint configuration file; an empty file is an empty mapping's absence (yamllint: not a dict). */
function readConfigFile(abs: string, cwd: string): { value: unknown; origin: ConfigOrigin } {
  const display = toDisplay(cwd, abs);
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (error) {
    throw new ConfigError(`cannot read yamllint config: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, display);
  }
  const read = decodeSource(bytes, display, abs);
  if (read.finding) throw new ConfigError(read.finding.message, display, read.finding.line, read.finding.column);
  const parsed = parseYamlFile(read.file);
  const error = parsed.errors[0];
  if (error) throw new ConfigError(`syntax error: ${error.message}`, display, error.line, error.column);
  const document = parsed.documents.find((d) => d.value !== null);
  const origin: ConfigOrigin = {
    file: display,
    dir: dirname(abs),
    locate: (path: readonly PathSegment[], at?: 'key' | 'value') => document?.locate(path, at) ?? { line: 1, column: 1 },
    load: (next) => readConfigFile(next, cwd),
  };
  return { value: document?.value ?? null, origin };
}

function isFile(abs: string): boolean {
  return existsSync(abs) && statSync(abs).isFile();
}
