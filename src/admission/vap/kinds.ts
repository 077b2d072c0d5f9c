import type { RepoObject } from '../../gitops/objects.js';

export const POLICY_KIND = 'ValidatingAdmissionPolicy';
export const BINDING_KIND = 'ValidatingAdmissionPolicyBinding';

/** A policy or binding of any served version (`v1`, `v1beta1`). */
export function isAdmissionPolicy(object: RepoObject, kind: typeof POLICY_KIND | typeof BINDING_KIND): boolean {
  return object.group === 'admissionregistration.k8s.io' && object.kind === kind;
}
