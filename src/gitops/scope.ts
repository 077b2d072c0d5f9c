import { asObject, asString, type RepoObject } from './objects.js';

export type Scope = 'Namespaced' | 'Cluster';

/** Whether a kind lives in namespaces; undefined when nothing known says. */
export type ScopeOf = (apiVersion: string, kind: string) => Scope | undefined;

/** The built-in API groups: their kinds are namespaced unless listed in CLUSTER_SCOPED. */
const BUILT_IN_GROUPS = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'extensions',
  'flowcontrol.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
]);

const CLUSTER_SCOPED = new Set([
  '/ComponentStatus',
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'certificates.k8s.io/CertificateSigningRequest',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'networking.k8s.io/IngressClass',
  'node.k8s.io/RuntimeClass',
  'extensions/PodSecurityPolicy',
  'policy/PodSecurityPolicy',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'resource.k8s.io/DeviceClass',
  'scheduling.k8s.io/PriorityClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/VolumeAttachment',
]);

/** Whether an API group is Kubernetes' own (else its kinds are custom resources). */
export function isBuiltInGroup(group: string): boolean {
  return BUILT_IN_GROUPS.has(group);
}

function groupKind(apiVersion: string, kind: string): { group: string; key: string } {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return { group, key: `${group}/${kind}` };
}

/**
 * The scope the CustomResourceDefinitions among the objects give each `group/Kind`, with the object that gives it
 * (the last to name the key).
 */
export function crdScopes(objects: readonly RepoObject[]): Map<string, { scope: Scope; object: RepoObject }> {
  const crds = new Map<string, { scope: Scope; object: RepoObject }>();
  for (const object of objects) {
    if (object.kind !== 'CustomResourceDefinition' || !object.apiVersion.startsWith('apiextensions.k8s.io/')) continue;
    const spec = asObject(object.value.spec);
    const group = asString(spec?.group);
    const kind = asString(asObject(spec?.names)?.kind);
    // The API server's default scope is Namespaced.
    if (group !== undefined && kind !== undefined) crds.set(`${group}/${kind}`, { scope: spec?.scope === 'Cluster' ? 'Cluster' : 'Namespaced', object });
  }
  return crds;
}

/**
 * Scope from, in order: `known` (the schema store, when wired), the CustomResourceDefinitions among
 * the checked objects, and the built-in table of the core API groups.
 */
export function createScopeOf(objects: readonly RepoObject[], known?: ScopeOf): ScopeOf {
  const crds = crdScopes(objects);
  const answer = (apiVersion: string, kind: string): Scope | undefined => {
    const fromStore = known?.(apiVersion, kind);
    if (fromStore) return fromStore;
    const { group, key } = groupKind(apiVersion, kind);
    const fromCrd = crds.get(key);
    if (fromCrd) return fromCrd.scope;
    if (CLUSTER_SCOPED.has(key)) return 'Cluster';
    return BUILT_IN_GROUPS.has(group) ? 'Namespaced' : undefined;
  };
  // By apiVersion then kind: asked for every object, and a key joined from both was most of the cost.
  const answers = new Map<string, Map<string, Scope | undefined>>();
  return (apiVersion, kind) => {
    let ofVersion = answers.get(apiVersion);
    if (!ofVersion) answers.set(apiVersion, (ofVersion = new Map()));
    let scope = ofVersion.get(kind);
    if (scope === undefined && !ofVersion.has(kind)) ofVersion.set(kind, (scope = answer(apiVersion, kind)));
    return scope;
  };
}
