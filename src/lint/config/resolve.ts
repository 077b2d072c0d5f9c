import { existsSync, readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { Position } from '../../model/finding.js';
import type { PathSegment } from '../../documents/types.js';
import { ConfigError } from '../../model/errors.js';
import type { AnyRule, OptionType } from '../rule.js';
import { RULES } from '../rules/index.js';
import { bcp47 } from '../rules/key-ordering.js';
import type { LintConfig, RuleSetting } from './model.js';
import { pathMatcher } from './patterns.js';
import { PROFILES } from './profiles.js';

/** Where a configuration value came from, to name the place of a mistake in it. */
export interface ConfigOrigin {
  /** Display path of the file (or a description of a built-in profile). */
  file: string;
  /** Directory that relative paths in it (`extends`, `ignore-from-file`) start from. */
  dir: string;
  locate(path: readonly PathSegment[], at?: 'key' | 'value'): Position;
  /** Reads another configuration file named by `extends`. */
  load(absPath: string): { value: unknown; origin: ConfigOrigin };
}

type RuleConf = false | Record<string, unknown>;

/** A configuration after `extends` and before its rules are turned into settings. */
interface Parsed {
  rules: Map<string, RuleConf>;
  ignore?: (path: string) => boolean;
  yamlFiles: (path: string) => boolean;
  locale?: string;
}

const DEFAULT_YAML_FILES = ['*.yaml', '*.yml', '.yamllint'];

/** yamllint's configuration semantics over an already parsed value; a mistake is a ConfigError at its place. */
export function resolveConfig(value: unknown, origin: ConfigOrigin): LintConfig {
  const parsed = parse(value, origin, new Set());
  const rules: RuleSetting[] = [];
  for (const [id, conf] of parsed.rules) {
    if (conf === false) continue;
    const setting: RuleSetting = { rule: RULES.get(id)!, level: conf.level as RuleSetting['level'], options: conf };
    const ignored = conf.ignore as string[] | undefined;
    if (ignored) setting.ignores = pathMatcher(ignored);
    rules.push(setting);
  }
  return {
    rules,
    ignores: parsed.ignore ?? (() => false),
    // Display paths are `/`-separated: their base name without node:path's per-call cost.
    isYamlFile: (path) => parsed.yamlFiles(path.slice(path.lastIndexOf('/') + 1)),
    ...(parsed.locale !== undefined ? { locale: parsed.locale } : {}),
    source: origin.file,
  };
}

function parse(value: unknown, origin: ConfigOrigin, seen: Set<string>): Parsed {
  const fail = (message: string, path: PathSegment[] = [], at: 'key' | 'value' = 'key'): never => {
    const where = origin.locate(path, at);
    throw new ConfigError(`invalid yamllint config: ${message}`, origin.file, where.line, where.column);
  };
  if (!isMapping(value)) return fail('not a mapping');
  const rawRules = value.rules ?? {};
  if (!isMapping(rawRules)) return fail('rules should be a mapping of rule names', ['rules'], 'value');

  let rules = new Map<string, RuleConf>();
  for (const [id, conf] of Object.entries(rawRules)) {
    if (conf === 'enable') rules.set(id, {});
    else if (conf === 'disable' || conf === false) rules.set(id, false);
    else if (isMapping(conf)) rules.set(id, { ...conf });
    else fail(`rule "${id}": should be either "enable", "disable" or a mapping`, ['rules', id], 'value');
  }

  let ignore: Parsed['ignore'];
  if (value.extends !== undefined) {
    if (typeof value.extends !== 'string') return fail('extends should be "default", "relaxed" or a file', ['extends'], 'value');
    const base = parseExtended(value.extends, origin, seen, () => fail(`cannot read the configuration "${String(value.extends)}" it extends`, ['extends'], 'value'));
    for (const [id, conf] of rules) {
      const inherited = base.rules.get(id);
      if (conf !== false && inherited) base.rules.set(id, { ...inherited, ...conf });
      else base.rules.set(id, conf);
    }
    rules = base.rules;
    ignore = base.ignore;
  }

  if (value.ignore !== undefined && value['ignore-from-file'] !== undefined) {
    fail('ignore and ignore-from-file keys cannot be used together', ['ignore-from-file']);
  } else if (value['ignore-from-file'] !== undefined) {
    ignore = pathMatcher(readPatternFiles(value['ignore-from-file'], origin, ['ignore-from-file']));
  } else if (value.ignore !== undefined) {
    ignore = pathMatcher(patternList(value.ignore, origin, ['ignore']));
  }

  let yamlFiles = pathMatcher(DEFAULT_YAML_FILES);
  if (value['yaml-files'] !== undefined) {
    const files = value['yaml-files'];
    if (!Array.isArray(files) || !files.every((f) => typeof f === 'string')) return fail('yaml-files should be a list of file patterns', ['yaml-files'], 'value');
    yamlFiles = pathMatcher(files);
  }

  let locale: string | undefined;
  if (value.locale !== undefined) {
    if (typeof value.locale !== 'string') return fail('locale should be a string', ['locale'], 'value');
    locale = value.locale;
    const tag = bcp47(locale);
    if (tag !== undefined && !isKnownLocale(tag)) fail(`unsupported locale "${locale}"`, ['locale'], 'value');
  }

  for (const [id, conf] of rules) {
    const rule = RULES.get(id);
    if (!rule) return fail(`no such rule: "${id}"`, ['rules', id]);
    if (conf !== false) rules.set(id, validateRule(rule, conf, origin, fail));
  }
  return { rules, yamlFiles, ...(ignore ? { ignore } : {}), ...(locale !== undefined ? { locale } : {}) };
}

function parseExtended(name: string, origin: ConfigOrigin, seen: Set<string>, unreadable: () => never): Parsed {
  const profile = name.includes('/') ? undefined : PROFILES[name];
  if (profile) return parse(profile, builtinOrigin(name, origin), seen);
  const abs = resolvePath(origin.dir, name);
  if (seen.has(abs) || !existsSync(abs)) unreadable();
  const loaded = origin.load(abs);
  return parse(loaded.value, loaded.origin, new Set([...seen, abs]));
}

/** The origin of a built-in profile: it has no mistakes to place, and extends only other profiles. */
export function builtinOrigin(name: string, from: Pick<ConfigOrigin, 'dir' | 'load'>): ConfigOrigin {
  return { file: `(yamllint's "${name}" configuration)`, dir: from.dir, load: from.load, locate: () => ({ line: 1, column: 1 }) };
}

type Fail = (message: string, path?: PathSegment[], at?: 'key' | 'value') => never;

function validateRule(rule: AnyRule, conf: Record<string, unknown>, origin: ConfigOrigin, fail: Fail): Record<string, unknown> {
  const at = (key: string): PathSegment[] => ['rules', rule.id, key];
  const out: Record<string, unknown> = { ...conf };
  if (conf.ignore !== undefined && conf['ignore-from-file'] !== undefined) fail('ignore and ignore-from-file keys cannot be used together', at('ignore-from-file'));
  if (conf.ignore !== undefined) out.ignore = patternList(conf.ignore, origin, at('ignore'));
  if (conf['ignore-from-file'] !== undefined) {
    out.ignore = readPatternFiles(conf['ignore-from-file'], origin, at('ignore-from-file'));
    delete out['ignore-from-file'];
  }
  if (conf.level === undefined) out.level = 'error';
  else if (conf.level !== 'error' && conf.level !== 'warning') fail('level should be "error" or "warning"', at('level'), 'value');
  const specs = rule.options as Record<string, OptionType>;
  for (const [key, v] of Object.entries(conf)) {
    if (key === 'ignore' || key === 'ignore-from-file' || key === 'level') continue;
    const spec = specs[key];
    if (!spec) fail(`unknown option "${key}" for rule "${rule.id}"`, at(key));
    else if (!matches(spec, v)) fail(`option "${key}" of "${rule.id}" should be ${describe(spec)}`, at(key), 'value');
  }
  for (const [key, v] of Object.entries(rule.defaults as Record<string, unknown>)) if (!(key in out)) out[key] = v;
  const problem = rule.validate?.(out);
  if (problem) fail(`${rule.id}: ${problem}`, ['rules', rule.id]);
  return out;
}

function matches(spec: OptionType, v: unknown): boolean {
  if (spec === 'int') return Number.isInteger(v);
  if (spec === 'bool') return typeof v === 'boolean';
  if ('oneOf' in spec) return spec.oneOf.includes(v as string | boolean) || (spec.or !== undefined && matches(spec.or, v));
  const allowed = spec.listOf;
  return Array.isArray(v) && v.every((item) => typeof item === 'string' && (allowed === 'string' || allowed.includes(item)));
}

function describe(spec: OptionType): string {
  if (spec === 'int') return 'an integer';
  if (spec === 'bool') return 'true or false';
  if ('oneOf' in spec) return [...(spec.or ? [describe(spec.or)] : []), ...spec.oneOf.map((v) => JSON.stringify(v))].join(' or ');
  return spec.listOf === 'string' ? 'a list of strings' : `a list of values among ${spec.listOf.join(', ')}`;
}

/** `ignore:` as a block of lines or a list of patterns. */
function patternList(v: unknown, origin: ConfigOrigin, path: PathSegment[]): string[] {
  if (typeof v === 'string') return v.split(/\r?\n/);
  if (Array.isArray(v) && v.every((line) => typeof line === 'string')) return v;
  const where = origin.locate(path, 'value');
  throw new ConfigError('invalid yamllint config: ignore should contain file patterns', origin.file, where.line, where.column);
}

/** `ignore-from-file:` a file name or a list of them, read as .gitignore files. */
function readPatternFiles(v: unknown, origin: ConfigOrigin, path: PathSegment[]): string[] {
  const names = typeof v === 'string' ? [v] : v;
  const fail = (message: string): never => {
    const where = origin.locate(path, 'value');
    throw new ConfigError(`invalid yamllint config: ${message}`, origin.file, where.line, where.column);
  };
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) return fail('ignore-from-file should contain filename(s), either as a list or string');
  return names.flatMap((name) => {
    try {
      return readFileSync(resolvePath(origin.dir, name), 'utf8').split(/\r?\n/);
    } catch {
      return fail(`cannot read ignore-from-file "${name}"`);
    }
  });
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isKnownLocale(tag: string): boolean {
  try {
    return Intl.Collator.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false;
  }
}
