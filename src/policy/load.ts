import { dirname, resolve } from 'node:path';
import { ConfigError } from '../model/errors.js';
import { PolicySet, RegoError } from './rego/index.js';
import { BUILTIN_POLICY_DIR, readPolicySources, type PolicySource } from './sources.js';
import { loadPolicyData } from './data.js';
import { compiledPolicyStore } from '../cache/policies.js';
import type { DiskCache } from '../cache/disk-cache.js';
import { statIfPresent } from '../discovery/discover.js';

/** Where the policy pass gets its Rego and data from (flags over config, see src/config/settings.ts). */
export interface PolicyLocations {
  /** `--policy` paths and the config's `policies`; empty means `policy/` in the working directory, if it exists. */
  locations: string[];
  data: string[];
  builtin: boolean;
}

/**
 * The compiled policies of a run. The built-in library is its own set so that a user's package
 * names and rules can never clash with ours.
 */
export interface LoadedPolicies {
  user?: PolicySet;
  builtin?: PolicySet;
  data: Record<string, unknown>;
}

/** conftest's default policy directory, looked for in the working directory. */
const DEFAULT_POLICY_DIR = 'policy';

/** `cache`: where compiled policies are kept between runs (none: each run compiles them). */
export async function loadPolicies(cwd: string, options: PolicyLocations, { includeTests, cache }: { includeTests: boolean; cache?: DiskCache }): Promise<LoadedPolicies> {
  const locations = options.locations.length > 0 ? options.locations : defaultLocations(cwd);
  const userSources = await readPolicySources(cwd, locations, { includeTests });
  const loaded: LoadedPolicies = { data: await loadPolicyData(cwd, options.data) };
  if (userSources.length > 0) loaded.user = compileUserPolicies(userSources, cache);
  if (options.builtin) {
    // Named from the package root (`policy/k8s/pod.rego`), the same on every machine.
    const sources = await readPolicySources(dirname(BUILTIN_POLICY_DIR), [BUILTIN_POLICY_DIR], { includeTests });
    loaded.builtin = PolicySet.compile(sources, compiledPolicyStore(cache, sources));
  }
  return loaded;
}

function defaultLocations(cwd: string): string[] {
  const info = statIfPresent(resolve(cwd, DEFAULT_POLICY_DIR));
  return info?.isDirectory() ? [DEFAULT_POLICY_DIR] : [];
}

/** A parse or compile error in the user's Rego configures the run wrongly: ConfigError at its position. */
function compileUserPolicies(sources: PolicySource[], cache: DiskCache | undefined): PolicySet {
  try {
    return PolicySet.compile(sources, compiledPolicyStore(cache, sources));
  } catch (error) {
    if (!(error instanceof RegoError)) throw error;
    throw new ConfigError(`${error.code}: ${error.detail}`, error.pos?.file, error.pos?.line, error.pos?.col);
  }
}
