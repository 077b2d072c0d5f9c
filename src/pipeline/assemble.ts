import { join } from 'node:path';
import type { Settings } from '../config/settings.js';
import type { ConfigFile } from '../config/schema.js';
import { createGitopsPass, layoutFromConfig } from '../gitops/pass.js';
import { buildRepository, type Repository } from '../gitops/repository.js';
import { collectObjects } from '../gitops/objects.js';
import type { ScopeOf } from '../gitops/scope.js';
import type { SchemaPass } from '../schema/pass.js';
import { createSchemaPass } from '../schema/pass.js';
import { checkAcrossVersions, versionsFor } from '../schema/cluster-versions.js';
import { SchemaStore } from '../schema/store.js';
import type { CheckOptions, RepoPass } from './run.js';
import { recorder } from '../model/timings.js';
import { loadPolicies } from '../policy/load.js';
import { createPolicyPass } from '../policy/pass.js';
import type { DiskCache } from '../cache/disk-cache.js';
import { createGatekeeperPass } from '../admission/gatekeeper/pass.js';
import { createVapPass } from '../admission/vap/pass.js';

/** The passes a run's settings ask for, in pipeline order. */
export function assemblePasses(settings: Settings, context: { cwd: string; config: ConfigFile; cache?: DiskCache; cacheDir: string }): Pick<CheckOptions, 'passes' | 'repoPasses' | 'wholeTree'> {
  // The GitOps checks ask the schema store which kinds are namespaced; it exists once documents do.
  let schemaPass: SchemaPass | undefined;
  const scopeOf: ScopeOf = (apiVersion, kind) => {
    const namespaced = schemaPass?.isNamespaced(apiVersion, kind);
    return namespaced === undefined ? undefined : namespaced ? 'Namespaced' : 'Cluster';
  };
  const schema = settings.schema;
  const clusterVersions = schema.kubernetesVersion === undefined && Object.values(schema.clusters).some((c) => c.kubernetesVersion !== undefined);
  return {
    // Combined policies see every document at once; schema URLs are fetched for the kinds present; who receives a file decides its versions.
    wholeTree: settings.policy.combine || schema.schemaLocations.length > 0 || clusterVersions,
    passes: [
      async (documents) => {
        const options = settings.schema;
        const pass = createSchemaPass(
          {
            kubernetesVersion: options.kubernetesVersion ?? options.configuredVersion,
            strict: options.strict,
            ignoreMissingSchemas: options.ignoreMissingSchemas,
            skipKinds: options.skipKinds,
            schemaLocations: options.schemaLocations,
            cacheDir: join(context.cacheDir, 'schemas'),
            cache: context.cache,
          },
          documents,
        );
        const store = new SchemaStore();
        // Who receives what is only asked when a cluster has its own Kubernetes version.
        let repository: Repository | undefined;
        const versions = versionsFor(
          { flag: options.kubernetesVersion, configured: store.resolveVersion(options.configuredVersion), clusters: options.clusters },
          (path) => (repository ??= buildRepository(collectObjects(documents), layoutFromConfig(context.config))).clustersReceiving(path),
        );
        schemaPass = pass;
        await pass.prefetch([...new Set(documents.flatMap((d) => versions(d)))]);
        return {
          name: 'schema',
          check(doc) {
            const timings = recorder;
            if (!timings) return checkAcrossVersions(pass, doc, versions(doc));
            const start = timings.now();
            const out = checkAcrossVersions(pass, doc, versions(doc));
            timings.item(`schema ${doc.ref.apiVersion}/${doc.ref.kind}`, start);
            return out;
          },
        };
      },
      async (documents) => createPolicyPass(await loadPolicies(context.cwd, settings.policy, { includeTests: false, cache: context.cache }), settings.policy)(documents),
    ],
    repoPasses: [
      timed('GitOps checks', createGitopsPass({ ...context, scopeOf })),
      timed('Gatekeeper', createGatekeeperPass({ ...context, scopeOf })),
      timed('ValidatingAdmissionPolicy', createVapPass({ ...context, scopeOf })),
    ],
  };
}

/** A repo-wide pass that, when timings are recorded, records its run (in parts too) as the stage `name`. */
function timed(name: string, pass: RepoPass): RepoPass {
  const time = <T>(run: () => T): T => {
    const timings = recorder;
    const start = timings ? timings.now() : 0;
    const out = run();
    if (timings) timings.stage(name, start);
    return out;
  };
  // Not `time`: the span ends when the pass's promise does (the admission passes load their code asynchronously).
  const wrapped: RepoPass = async (documents) => {
    const timings = recorder;
    const start = timings ? timings.now() : 0;
    const findings = await pass(documents);
    if (timings) timings.stage(name, start);
    return findings;
  };
  const inParts = pass.inParts;
  if (inParts) {
    wrapped.inParts = (setup, paths) => {
      const parted = inParts(setup, paths);
      return parted && { ...parted, check: (...args) => time(() => parted.check(...args)), end: (kept) => time(() => parted.end(kept)) };
    };
  }
  return wrapped;
}
