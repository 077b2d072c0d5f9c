import { groupOf } from '../../gitops/objects.js';

export const TEMPLATE_GROUP = 'templates.gatekeeper.sh';
export const CONSTRAINT_GROUP = 'constraints.gatekeeper.sh';
/** The one target Gatekeeper's validating webhook evaluates. */
export const ADMISSION_TARGET = 'admission.k8s.gatekeeper.sh';
/** The versions Gatekeeper serves for templates and for the constraint kinds it generates from them. */
export const GATEKEEPER_VERSIONS = ['v1', 'v1beta1', 'v1alpha1'];

export function isConstraintTemplate(apiVersion: unknown, kind: unknown): boolean {
  return kind === 'ConstraintTemplate' && typeof apiVersion === 'string' && groupOf(apiVersion) === TEMPLATE_GROUP;
}

export function isConstraint(apiVersion: unknown): boolean {
  return typeof apiVersion === 'string' && groupOf(apiVersion) === CONSTRAINT_GROUP;
}
