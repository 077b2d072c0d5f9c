/**
 * API removals before the oldest version in the schema store, from the Kubernetes deprecated API
 * migration guide (kubernetes.io/docs/reference/using-api/deprecation-guide/). Later removals are read
 * from the store itself. Key: `apiVersion/Kind`.
 */
export interface RemovedApi {
  /** Minor version that stopped serving it. */
  removedIn: string;
  /** apiVersion to migrate to; undefined when the API has no successor. */
  replacement?: string;
}

const table: Array<[removedIn: string, apiVersions: string[], kinds: string[], replacement: string | undefined]> = [
  ['1.16', ['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'], ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet', 'ControllerRevision'], 'apps/v1'],
  ['1.16', ['extensions/v1beta1'], ['NetworkPolicy'], 'networking.k8s.io/v1'],
  ['1.16', ['extensions/v1beta1'], ['PodSecurityPolicy'], undefined], // its successor, policy/v1beta1, went too
  ['1.22', ['admissionregistration.k8s.io/v1beta1'], ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], 'admissionregistration.k8s.io/v1'],
  ['1.22', ['apiextensions.k8s.io/v1beta1'], ['CustomResourceDefinition'], 'apiextensions.k8s.io/v1'],
  ['1.22', ['apiregistration.k8s.io/v1beta1'], ['APIService'], 'apiregistration.k8s.io/v1'],
  ['1.22', ['authentication.k8s.io/v1beta1'], ['TokenReview'], 'authentication.k8s.io/v1'],
  ['1.22', ['authorization.k8s.io/v1beta1'], ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview'], 'authorization.k8s.io/v1'],
  ['1.22', ['certificates.k8s.io/v1beta1'], ['CertificateSigningRequest'], 'certificates.k8s.io/v1'],
  ['1.22', ['coordination.k8s.io/v1beta1'], ['Lease'], 'coordination.k8s.io/v1'],
  ['1.22', ['extensions/v1beta1', 'networking.k8s.io/v1beta1'], ['Ingress'], 'networking.k8s.io/v1'],
  ['1.22', ['networking.k8s.io/v1beta1'], ['IngressClass'], 'networking.k8s.io/v1'],
  ['1.22', ['rbac.authorization.k8s.io/v1beta1', 'rbac.authorization.k8s.io/v1alpha1'], ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], 'rbac.authorization.k8s.io/v1'],
  ['1.22', ['scheduling.k8s.io/v1beta1', 'scheduling.k8s.io/v1alpha1'], ['PriorityClass'], 'scheduling.k8s.io/v1'],
  ['1.22', ['storage.k8s.io/v1beta1'], ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], 'storage.k8s.io/v1'],
  ['1.25', ['batch/v1beta1'], ['CronJob'], 'batch/v1'],
  ['1.25', ['discovery.k8s.io/v1beta1'], ['EndpointSlice'], 'discovery.k8s.io/v1'],
  ['1.25', ['events.k8s.io/v1beta1'], ['Event'], 'events.k8s.io/v1'],
  ['1.25', ['autoscaling/v2beta1'], ['HorizontalPodAutoscaler'], 'autoscaling/v2'],
  ['1.25', ['policy/v1beta1'], ['PodDisruptionBudget'], 'policy/v1'],
  ['1.25', ['policy/v1beta1'], ['PodSecurityPolicy'], undefined],
  ['1.25', ['node.k8s.io/v1beta1'], ['RuntimeClass'], 'node.k8s.io/v1'],
];

export const REMOVED_APIS: ReadonlyMap<string, RemovedApi> = new Map(
  table.flatMap(([removedIn, apiVersions, kinds, replacement]) =>
    apiVersions.flatMap((apiVersion) => kinds.map((kind): [string, RemovedApi] => [`${apiVersion}/${kind}`, { removedIn, replacement }])),
  ),
);
