import { asArray, asObject, asString, isNamespace, versionOf, type JsonObject, type RepoObject } from '../../gitops/objects.js';
import type { Scope } from '../../gitops/scope.js';
import { compileLabelSelector, labelsOf, type Labels } from '../label-selector.js';

/** What a match needs to know about one object of a cluster's set. */
export interface Candidate {
  object: RepoObject;
  /** `''` for cluster-scoped objects. */
  namespace: string;
  scope: Scope | undefined;
  /** The plural resource name (`deployments`). */
  resource: string;
  /** The object's Namespace in the same set, when the set defines it. */
  namespaceObject: RepoObject | undefined;
}

/** The plural resource of a kind as the API server's RESTMapper guesses it (CRDs name theirs). */
export function guessResource(kind: string): string {
  const singular = kind.toLowerCase();
  if (singular === 'endpoints') return singular;
  if (singular.endsWith('s')) return `${singular}es`;
  if (singular.endsWith('y')) return `${singular.slice(0, -1)}ies`;
  return `${singular}s`;
}

const has = (values: unknown, wanted: string) => asArray(values).some((v) => v === '*' || v === wanted);

function ruleMatches(rule: JsonObject, candidate: Candidate): boolean {
  const { object } = candidate;
  const version = versionOf(object.apiVersion);
  const resources = asArray(rule.resources);
  const names = asArray(rule.resourceNames);
  const scope = asString(rule.scope) ?? '*';
  return (
    has(rule.apiGroups, object.group) &&
    has(rule.apiVersions, version) &&
    // Checking the repository stands for creating every object in it.
    has(rule.operations, 'CREATE') &&
    resources.some((r) => r === '*' || r === '*/*' || r === candidate.resource) &&
    (names.length === 0 || names.includes(object.name)) &&
    (scope === '*' || candidate.scope === undefined || scope === candidate.scope)
  );
}

function objectsIn(list: unknown): JsonObject[] {
  return asArray(list).map(asObject).filter((r): r is JsonObject => r !== undefined);
}

function selects(selector: unknown, labels: Labels): boolean {
  const test = compileLabelSelector(selector);
  // An invalid selector cannot be admitted by the API server; it matches nothing here.
  return typeof test === 'function' && test(labels);
}

/**
 * Whether `matchConstraints` (a policy's) or `matchResources` (a binding's) selects the object:
 * resourceRules, excludeResourceRules, namespaceSelector and objectSelector, as the API server applies them.
 */
export function matchesResources(criteria: unknown, candidate: Candidate, requireRules: boolean): boolean {
  const match = asObject(criteria);
  if (!match) return !requireRules;
  const rules = objectsIn(match.resourceRules);
  if ((requireRules || rules.length > 0) && !rules.some((rule) => ruleMatches(rule, candidate))) return false;
  if (objectsIn(match.excludeResourceRules).some((rule) => ruleMatches(rule, candidate))) return false;
  if (!selects(match.objectSelector, labelsOf(candidate.object.value))) return false;
  // A Namespace is selected by its own labels; other cluster-scoped objects are never excluded by namespace.
  if (isNamespace(candidate.object)) return selects(match.namespaceSelector, labelsOf(candidate.object.value));
  if (candidate.namespace === '') return true;
  return selects(match.namespaceSelector, candidate.namespaceObject ? labelsOf(candidate.namespaceObject.value) : {});
}
