import type { RepoObject } from '../../gitops/objects.js';

export const TEMPLATE_GROUP = 'templates.gatekeeper.sh';
export const CONSTRAINT_GROUP = 'constraints.gatekeeper.sh';
/** The one target Gatekeeper's validating webhook evaluates. */
export const ADMISSION_TARGET = 'admission.k8s.gatekeeper.sh';
/** The versions Gatekeeper serves for templates and for the constraint kinds it generates from them. */
export const GATEKEEPER_VERSIONS = ['v1', 'v1beta1', 'v1alpha1'];

// By the object's group, taken once: every object of a run is asked.
export function isConstraintTemplate(object: RepoObject): boolean {
  return object.kind === 'ConstraintTemplate' && object.group === TEMPLATE_GROUP;
}

export function isConstraint(object: RepoObject): boolean {
  return object.group === CONSTRAINT_GROUP;
}
