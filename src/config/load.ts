import { resolve } from 'node:path';
import type { Ajv as AjvClass, ErrorObject } from 'ajv';
import { ConfigError } from '../model/errors.js';
import { parseConfigurationFile } from '../documents/read-configuration.js';
import type { PathSegment } from '../documents/types.js';
import { statIfPresent, toDisplay } from '../discovery/discover.js';
import { configSchema, type CheckSeverity, type ConfigFile } from './schema.js';
import { sha256, type DiskCache } from '../cache/disk-cache.js';
import { cachedValidator, requireHere } from '../cache/validators.js';

export const CONFIG_FILE_NAMES = ['.gitops-check.yaml', '.gitops-check.yml'];

export interface LoadedConfig {
  config: ConfigFile;
  /** Display path of the file read, if any. */
  path?: string;
}

/**
 * Reads `.gitops-check.yaml` from the working directory, or `explicit` (`--config`). Absent default file:
 * an empty config. Anything wrong in it is a ConfigError naming the key's line:column.
 */
export function loadConfig(cwd: string, explicit?: string, cache?: DiskCache): LoadedConfig {
  const abs = explicit ? resolve(cwd, explicit) : firstExisting(cwd);
  if (!abs) return { config: {} };
  const path = toDisplay(cwd, abs);
  const parsed = parseConfigurationFile(abs, path, 'config file does not exist');
  const documents = parsed.documents.filter((d) => d.value !== null);
  if (documents.length === 0) return { config: {}, path };
  if (documents.length > 1) throw new ConfigError('expected one YAML document, found several', path, documents[1]!.start.line, documents[1]!.start.column);
  const document = documents[0]!;
  const validate = configValidator(cache);
  if (!validate(document.value)) {
    const first = validate.errors![0]!;
    const where = document.locate(...errorLocation(first));
    throw new ConfigError(describe(first), path, where.line, where.column);
  }
  return { config: normalize(document.value as ConfigFile), path };
}

/** YAML 1.1 reads an unquoted `off` as false: in a severity map it means what the user wrote. */
function normalize(config: ConfigFile): ConfigFile {
  const severity = (map: Record<string, CheckSeverity>) => Object.fromEntries(Object.entries(map).map(([check, level]) => [check, (level as unknown) === false ? 'off' : level]));
  return {
    ...config,
    ...(config.severity ? { severity: severity(config.severity) } : {}),
    ...(config.overrides ? { overrides: config.overrides.map((o) => ({ ...o, severity: severity(o.severity) })) } : {}),
  };
}

/** Compiled when a config file exists, from the disk cache when it can be: ajv costs a small run ~0.2 s to load. */
function configValidator(cache: DiskCache | undefined) {
  return cachedValidator(cache, ['config', sha256(JSON.stringify(configSchema))], () => {
    const { Ajv } = requireHere('ajv') as { Ajv: typeof AjvClass };
    const ajv = new Ajv({ allErrors: false, strict: true, code: { source: cache !== undefined } });
    return { ajv, validate: ajv.compile(configSchema) };
  });
}

function firstExisting(cwd: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const abs = resolve(cwd, name);
    if (statIfPresent(abs)?.isFile()) return abs;
  }
  return undefined;
}

function pathOf(error: ErrorObject): PathSegment[] {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function errorLocation(error: ErrorObject): [PathSegment[], 'key' | 'value'] {
  const path = pathOf(error);
  if (error.keyword === 'additionalProperties') return [[...path, String(error.params.additionalProperty)], 'key'];
  return [path, path.length > 0 ? 'value' : 'key'];
}

function describe(error: ErrorObject): string {
  const path = pathOf(error);
  const name = path.length > 0 ? path.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.').replace(/\.\[/g, '[') : 'the configuration';
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown key "${String(error.params.additionalProperty)}"${path.length > 0 ? ` in ${name}` : ''}`;
    case 'type':
      return `${name} must be ${TYPE_NAMES[String(error.params.type)] ?? String(error.params.type)}`;
    case 'enum':
      // Non-string alternatives (`false` for `off`) are spellings, not choices to advertise.
      return `${name} must be one of ${(error.params.allowedValues as unknown[]).filter((v) => typeof v === 'string').map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern':
      return `${name} must look like "1.29" or "1.29.0"`;
    default:
      return `${name} ${error.message ?? 'is invalid'}`;
  }
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
};
