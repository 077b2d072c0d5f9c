import type { ConfigFile } from '../config/schema.js';
import type { RepoPass } from '../pipeline/run.js';
import { createAllowList } from './allow-list.js';
import { checkFlux } from './checks/flux.js';
import { checkKustomizeFiles } from './checks/kustomize-files.js';
import { checkNamespaceMismatch } from './checks/namespace-placement.js';
import { CLUSTER_CHECKS } from './checks/cluster-sets.js';
import { buildContext, type GitopsSettings } from './context.js';
import { uniqueFindings } from './objects.js';
import { DEFAULT_LAYOUT, type Layout } from './repository.js';
import type { ScopeOf } from './scope.js';
import { gitopsInParts } from './parts.js';
import type { DiskCache } from '../cache/disk-cache.js';

export interface GitopsOptions {
  /** The repository root, which display paths are relative to. */
  cwd: string;
  config: ConfigFile;
  /** Scope of the kinds the schema store knows; the tree's CRDs and a built-in table answer otherwise. */
  scopeOf?: ScopeOf;
  /** Where compiled Gatekeeper templates are kept between runs. */
  cache?: DiskCache;
}

/** The repository layout the config describes (default: `clusters/<name>/` plus the shared `base/`). */
export function layoutFromConfig(config: ConfigFile): Layout {
  const include = Object.fromEntries(Object.entries(config.clusters ?? {}).flatMap(([name, c]) => (c.include ? [[name, c.include]] : [])));
  return { clustersDir: config.layout?.clusters ?? DEFAULT_LAYOUT.clustersDir, shared: config.layout?.shared ?? DEFAULT_LAYOUT.shared, include };
}

/** The GitOps context's settings from the configuration file (shared with the admission policies' pass). */
export function settingsFromConfig(cwd: string, config: ConfigFile): GitopsSettings {
  return {
    cwd,
    layout: layoutFromConfig(config),
    namespaceFromDirectory: config.namespaceFromDirectory ?? false,
    allow: createAllowList(config.references?.allow),
  };
}

/**
 * The repo-wide GitOps checks (`gitops/*`), run once over every checkable document, or in a streamed run cluster
 * by cluster (src/gitops/parts.ts).
 */
export function createGitopsPass(options: GitopsOptions): RepoPass {
  const settings = settingsFromConfig(options.cwd, options.config);
  const pass: RepoPass = (documents) => {
    const ctx = buildContext(documents, settings, options.scopeOf);
    return uniqueFindings([
      ...checkNamespaceMismatch(ctx, ctx.objects),
      ...CLUSTER_CHECKS.flatMap((check) => check(ctx)),
      ...checkKustomizeFiles(ctx, ctx.kustomizations),
      ...checkFlux(ctx),
    ]);
  };
  pass.inParts = (setup, paths) => gitopsInParts(setup, paths, settings, options.scopeOf);
  return pass;
}
