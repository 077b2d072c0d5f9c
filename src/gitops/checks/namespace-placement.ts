import type { Finding } from '../../model/finding.js';
import type { GitopsContext } from '../context.js';
import { describe, findingAt, type RepoObject } from '../objects.js';

/**
 * `gitops/namespace-mismatch`: a namespaced object under `clusters/<cluster>/<namespace>/` that names
 * another namespace. Cluster-scoped kinds are exempt.
 */
export function checkNamespaceMismatch(ctx: GitopsContext, objects: readonly RepoObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const object of objects) {
    // A context file's findings are not reported (here and below): its objects are not checked.
    if (object.doc.contextOnly) continue;
    const directory = ctx.repository.namespaceDirectory(object.doc.file.path);
    if (directory === undefined || object.namespace === undefined || object.namespace === directory.namespace) continue;
    if (ctx.scopeOf(object.apiVersion, object.kind) === 'Cluster') continue;
    findings.push(
      findingAt(object, ['metadata', 'namespace'], 'gitops/namespace-mismatch', 'error', `${describe(object)}: namespace ${object.namespace} does not match its directory ${directory.path}`),
    );
  }
  return findings;
}

/** `gitops/missing-namespace`: an object whose Namespace its cluster's set does not define. Cluster-scoped kinds are exempt. */
export function checkMissingNamespaces(ctx: GitopsContext): Finding[] {
  const findings: Finding[] = [];
  for (const { cluster, definitions } of ctx.clusters) {
    for (const object of cluster.objects) {
      if (object.doc.contextOnly) continue;
      // Only a namespace that is written or configured to come from the directory; `default` always exists.
      const fromDirectory = ctx.settings.namespaceFromDirectory && object.namespace === undefined;
      if (object.namespace === undefined && !fromDirectory) continue;
      const namespace = ctx.namespaceOf(object);
      if (namespace === '' || definitions.has('Namespace', '', namespace) || ctx.settings.allow('Namespace', '', namespace)) continue;
      const message = `${describe(object)}: Namespace ${namespace} is defined nowhere in cluster ${cluster.name}`;
      findings.push(
        fromDirectory
          ? findingAt(object, ['metadata'], 'gitops/missing-namespace', 'warning', message, 'key')
          : findingAt(object, ['metadata', 'namespace'], 'gitops/missing-namespace', 'warning', message),
      );
    }
  }
  return findings;
}
