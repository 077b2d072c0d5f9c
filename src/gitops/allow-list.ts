import picomatch from 'picomatch';

/**
 * Objects that exist in every cluster without being in git: created by Kubernetes itself or by the
 * bootstrap of the GitOps tool.
 */
export const DEFAULT_ALLOWED = [
  'Namespace/default',
  'Namespace/kube-system',
  'Namespace/kube-public',
  'Namespace/kube-node-lease',
  'ServiceAccount/default',
  'ConfigMap/kube-root-ca.crt',
  'ClusterRole/cluster-admin',
  'ClusterRole/admin',
  'ClusterRole/edit',
  'ClusterRole/view',
  'ClusterRole/system:*',
  // Bootstrap roles of the API server.
  'Role/kube-system/extension-apiserver-authentication-reader',
  'Role/kube-system/system:*',
  // `flux bootstrap` writes these to gotk-components.yaml and gotk-sync.yaml, which some repositories keep as placeholders.
  'Namespace/flux-system',
  'GitRepository/flux-system/flux-system',
];

/** Whether a referenced `Kind namespace/name` is allowed to be defined nowhere (`Kind/name` or `Kind/namespace/name`, globs). */
export type AllowList = (kind: string, namespace: string, name: string) => boolean;

export function createAllowList(extra: readonly string[] = []): AllowList {
  const patterns = [...DEFAULT_ALLOWED, ...extra].flatMap((entry) => {
    const parts = entry.split('/');
    // `Kind/name` holds in every namespace, and for cluster-scoped kinds.
    return parts.length === 2 ? [entry, `${parts[0]}/*/${parts[1]}`] : [entry];
  });
  // Compiled when first asked: only a reference defined nowhere is, and each repo-wide pass makes its own list.
  let matches: ((reference: string) => boolean) | undefined;
  // Every object that names a missing ConfigMap or Namespace asks again: the globs run once per reference.
  const answers = new Map<string, boolean>();
  return (kind, namespace, name) => {
    const reference = namespace === '' ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
    let allowed = answers.get(reference);
    if (allowed === undefined) answers.set(reference, (allowed = (matches ??= picomatch(patterns, { dot: true }))(reference)));
    return allowed;
  };
}
