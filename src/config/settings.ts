import { relative, resolve, sep } from 'node:path';
import { contextTrees } from '../gitops/repository.js';
import { layoutFromConfig } from '../gitops/pass.js';
import type { CheckSeverity, ConfigFile } from './schema.js';
import { DEFAULT_MAX_FILE_SIZE } from '../documents/read.js';
import { DEFAULT_BASELINE } from '../adoption/baseline.js';
import { DEFAULT_MAX_FINDINGS_PER_FILE } from '../report/cap.js';
import type { PolicyLocations } from '../policy/load.js';
import type { PolicyRunOptions } from '../policy/pass.js';

/** The command-line flags that override the config file. */
export interface SettingFlags {
  exclude: string[];
  /** `--no-context`: with files named, do not read the rest of the repository for context. */
  context: boolean;
  /** `--only-in-paths`: with files named, leave out those outside the configured trees (pre-commit). */
  onlyInPaths?: boolean;
  failOnWarn?: boolean;
  maxFileSize?: number;
  maxFindingsPerFile?: number;
  kubernetesVersion?: string;
  strict?: boolean;
  ignoreMissingSchemas?: boolean;
  schemaLocation: string[];
  skip: string[];
  policy: string[];
  data: string[];
  builtinPolicies?: boolean;
  namespace: string[];
  allNamespaces?: boolean;
  combine?: boolean;
  suppressExceptions?: boolean;
  /** `--baseline FILE`, or false for `--no-baseline`. */
  baseline?: string | false;
}

/** What the run uses once flags (first), the config file, then defaults have spoken. */
export interface Settings {
  paths: string[];
  /** When files are named on the command line: the trees read for context, unreported. */
  contextPaths?: string[];
  /** With `--only-in-paths` and files named: the trees they must be in (empty: the default trees). */
  within?: string[];
  exclude: string[];
  maxFileSize: number;
  /** Text and step-summary lines per file before a count of the rest; 0, no cap. */
  maxFindingsPerFile: number;
  failOnWarn: boolean;
  severity: Record<string, CheckSeverity>;
  severityOverrides: NonNullable<ConfigFile['overrides']>;
  /** The baseline file; `required` when named (flag or config), else used only if it exists. None with --no-baseline. */
  baseline?: { file: string; required: boolean };
  schema: {
    /** `--kubernetes-version`: one version for everything, over the config's per-cluster versions. */
    kubernetesVersion?: string;
    configuredVersion?: string;
    clusters: Record<string, { kubernetesVersion?: string }>;
    strict: boolean;
    ignoreMissingSchemas: boolean;
    schemaLocations: string[];
    skipKinds: string[];
  };
  policy: PolicySettings;
}

/** The policy pass (src/policy/load.ts, src/policy/pass.ts). */
export type PolicySettings = PolicyLocations & PolicyRunOptions;

/** `paths` as given; `cwd` makes them repository paths, to find the clusters they belong to. */
export function resolveSettings(paths: string[], flags: SettingFlags, config: ConfigFile, cwd = process.cwd()): Settings {
  const named = paths.filter((p) => p !== '-').map((p) => relative(cwd, resolve(cwd, p)).split(sep).join('/'));
  return {
    paths: paths.length > 0 ? paths : (config.paths ?? []),
    contextPaths: paths.length > 0 && flags.context ? contextTrees(named, layoutFromConfig(config)) : undefined,
    within: paths.length > 0 && flags.onlyInPaths ? (config.paths ?? []) : undefined,
    exclude: [...(config.exclude ?? []), ...flags.exclude],
    maxFileSize: flags.maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    maxFindingsPerFile: flags.maxFindingsPerFile ?? config.maxFindingsPerFile ?? DEFAULT_MAX_FINDINGS_PER_FILE,
    failOnWarn: flags.failOnWarn ?? config.failOnWarn ?? false,
    severity: config.severity ?? {},
    severityOverrides: config.overrides ?? [],
    ...(flags.baseline === false ? {} : { baseline: { file: flags.baseline ?? config.baseline ?? DEFAULT_BASELINE, required: (flags.baseline ?? config.baseline) !== undefined } }),
    schema: {
      kubernetesVersion: flags.kubernetesVersion,
      configuredVersion: config.kubernetesVersion,
      clusters: config.clusters ?? {},
      strict: flags.strict ?? config.strict ?? true,
      ignoreMissingSchemas: flags.ignoreMissingSchemas ?? config.ignoreMissingSchemas ?? false,
      schemaLocations: [...(config.schemaLocations ?? []), ...flags.schemaLocation],
      skipKinds: [...(config.skipKinds ?? []), ...flags.skip],
    },
    policy: {
      locations: [...(config.policies ?? []), ...flags.policy],
      data: [...(config.data ?? []), ...flags.data],
      builtin: flags.builtinPolicies ?? config.builtinPolicies ?? true,
      disabledRules: config.disabledRules ?? [],
      namespaces: flags.namespace.length > 0 ? flags.namespace : config.namespaces,
      allNamespaces: flags.allNamespaces ?? false,
      combine: flags.combine ?? false,
      suppressExceptions: flags.suppressExceptions ?? false,
    },
  };
}
