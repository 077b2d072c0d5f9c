import type { RuleDoc } from './model.js';

function gitops(check: string, severity: 'error' | 'warning', summary: string, explanation: string, bad: string, good: string): RuleDoc {
  return { id: `gitops/${check}`, severity, onByDefault: true, origin: 'GitOps check', summary, explanation, bad, good };
}

/** The repo-wide checks over what each cluster receives (src/gitops/checks). */
export const GITOPS_RULES: RuleDoc[] = [
  gitops(
    'namespace-mismatch',
    'error',
    'A namespaced object under `clusters/<cluster>/<namespace>/` names another namespace.',
    'The directory says which namespace an object lands in; metadata.namespace saying otherwise is a copy-paste slip that deploys into the wrong namespace. Move the file or fix the namespace.',
    '# clusters/prod/web/deployment.yaml\nmetadata:\n  name: web\n  namespace: api\n',
    '# clusters/prod/web/deployment.yaml\nmetadata:\n  name: web\n  namespace: web\n',
  ),
  gitops(
    'missing-namespace',
    'warning',
    "An object's namespace is defined nowhere in its cluster.",
    'The API server rejects an object whose Namespace does not exist; Flux and Argo CD then fail the whole sync. Add the Namespace to the cluster (or base/), or fix the name.',
    'metadata:\n  name: web\n  namespace: wbe\n',
    'metadata:\n  name: web\n  namespace: web\n---\napiVersion: v1\nkind: Namespace\nmetadata: { name: web }\n',
  ),
  gitops(
    'duplicate',
    'error',
    'The same group, kind, namespace and name twice in one cluster.',
    'Two files defining one object fight on every sync: whichever applies last wins. The later file is reported, naming the first. Remove one, or rename.',
    '# base/cm.yaml and clusters/prod/web/cm.yaml\nkind: ConfigMap\nmetadata: { name: settings, namespace: web }\n',
    '# one of them, or a kustomize patch of the other\nkind: ConfigMap\nmetadata: { name: settings, namespace: web }\n',
  ),
  gitops(
    'missing-reference',
    'warning',
    'A ConfigMap, Secret, ServiceAccount, PVC, role or Service is referenced but defined nowhere in the cluster, or a Service selects no pod.',
    'A pod referencing a missing ConfigMap or Secret never starts; a Service selecting no pod template has no endpoints. SealedSecrets, ExternalSecrets, cert-manager Certificates and kustomize generators count as definitions; objects created outside git go in the config\'s references.allow.',
    'envFrom:\n  - configMapRef: { name: web-config }   # no ConfigMap web-config in the cluster\n',
    'envFrom:\n  - configMapRef: { name: web-config }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: web-config, namespace: web }\n',
  ),
  gitops(
    'kustomize-missing-file',
    'error',
    'A kustomization names a file or directory that does not exist.',
    'kustomize build fails on a resources, components, patches or generator entry that is not there, and nothing in the kustomization deploys. Fix the path or add the file.',
    'resources:\n  - deployment.yaml\n  - servcie.yaml\n',
    'resources:\n  - deployment.yaml\n  - service.yaml\n',
  ),
  gitops(
    'flux-path',
    'error',
    "A Flux Kustomization's spec.path (or a HelmRelease's local chart) does not exist in the repository.",
    'Flux reports the Kustomization not ready and applies nothing from it. Fix the path, relative to the repository root.',
    'kind: Kustomization\nspec:\n  path: ./clusters/prdo\n',
    'kind: Kustomization\nspec:\n  path: ./clusters/prod\n',
  ),
  gitops(
    'flux-source',
    'warning',
    "A Flux Kustomization's sourceRef or a HelmRelease's chart source is defined nowhere in the repository.",
    'Flux waits forever for a GitRepository, OCIRepository or HelmRepository that does not exist. Define the source, or fix its name and namespace.',
    'spec:\n  sourceRef: { kind: GitRepository, name: flux-sytem }\n',
    'spec:\n  sourceRef: { kind: GitRepository, name: flux-system }\n',
  ),
];
