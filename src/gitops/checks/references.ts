import type { Finding } from '../../model/finding.js';
import type { PathSegment } from '../../documents/types.js';
import type { ClusterSet, GitopsContext } from '../context.js';
import { asArray, asObject, asString, describe, findingAt, valueAt, type RepoObject } from '../objects.js';
import { podReferences, podTemplatePath } from '../pod-templates.js';

interface Reference {
  kind: string;
  /** `''` for a cluster-scoped kind. */
  namespace: string;
  name: string;
  /** The field naming it, inside the referencing object. */
  path: PathSegment[];
}

/**
 * `gitops/missing-reference`: what a workload needs (ConfigMaps, Secrets, ServiceAccount, PVCs), a
 * binding's Role or ClusterRole and an Ingress's Services, defined nowhere in the cluster's set and
 * not on the allow-list of objects created outside git.
 */
export function checkReferences(ctx: GitopsContext): Finding[] {
  const findings: Finding[] = [];
  for (const set of ctx.clusters) {
    for (const object of set.cluster.objects) {
      // A context file's findings are not reported: its references are not looked up.
      if (object.doc.contextOnly) continue;
      for (const ref of referencesOf(object, ctx.namespaceOf(object))) {
        const missing = describeMissing(ctx, set, ref);
        if (missing) findings.push(findingAt(object, ref.path, 'gitops/missing-reference', 'warning', `${describe(object)}: ${missing}`));
      }
    }
  }
  return findings;
}

/** Why a reference does not resolve (`ConfigMap x is defined nowhere in cluster kind`), or undefined if it does. */
function describeMissing(ctx: GitopsContext, set: ClusterSet, ref: Reference): string | undefined {
  if (set.definitions.has(ref.kind, ref.namespace, ref.name) || ctx.settings.allow(ref.kind, ref.namespace, ref.name)) return undefined;
  const elsewhere = set.definitions.namespacesOf(ref.kind, ref.name);
  const cluster = set.cluster.name;
  if (ref.namespace === '' || elsewhere.length === 0) return `${ref.kind} ${ref.name} is defined nowhere in cluster ${cluster}`;
  return `${ref.kind} ${ref.name} is not defined in namespace ${ref.namespace} in cluster ${cluster} (only in ${elsewhere.map((n) => n || 'the cluster scope').join(', ')})`;
}

function referencesOf(object: RepoObject, namespace: string): Reference[] {
  const template = podTemplatePath(object);
  if (template) {
    const spec = [...template, 'spec'];
    return podReferences(valueAt(object.value, spec)).map((r) => ({ kind: r.kind, namespace, name: r.name, path: [...spec, ...r.path] }));
  }
  if (object.group === 'rbac.authorization.k8s.io' && (object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding')) {
    const kind = asString(valueAt(object.value, ['roleRef', 'kind']));
    const name = asString(valueAt(object.value, ['roleRef', 'name']));
    if (name === undefined || (kind !== 'Role' && kind !== 'ClusterRole')) return [];
    return [{ kind, namespace: kind === 'Role' ? namespace : '', name, path: ['roleRef', 'name'] }];
  }
  if (object.kind === 'Ingress' && (object.group === 'networking.k8s.io' || object.group === 'extensions')) return ingressBackends(object, namespace);
  return [];
}

/** Service backends of an Ingress, in both the v1 (`service.name`) and v1beta1 (`serviceName`) shapes. */
function ingressBackends(object: RepoObject, namespace: string): Reference[] {
  const refs: Reference[] = [];
  const add = (backend: unknown, path: PathSegment[]) => {
    const v1 = asString(valueAt(backend, ['service', 'name']));
    if (v1 !== undefined) refs.push({ kind: 'Service', namespace, name: v1, path: [...path, 'service', 'name'] });
    const beta = asString(asObject(backend)?.serviceName);
    if (beta !== undefined) refs.push({ kind: 'Service', namespace, name: beta, path: [...path, 'serviceName'] });
  };
  const spec = asObject(object.value.spec);
  add(spec?.defaultBackend, ['spec', 'defaultBackend']);
  add(spec?.backend, ['spec', 'backend']);
  asArray(spec?.rules).forEach((rule, i) => {
    asArray(valueAt(rule, ['http', 'paths'])).forEach((path, j) => add(asObject(path)?.backend, ['spec', 'rules', i, 'http', 'paths', j, 'backend']));
  });
  return refs;
}
