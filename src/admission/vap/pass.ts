import type { Finding, Severity } from '../../model/finding.js';
import type { RepoPass } from '../../pipeline/run.js';
import type { CelValue } from '@bufbuild/cel';
import { buildContext } from '../../gitops/context.js';
import { settingsFromConfig, type GitopsOptions } from '../../gitops/pass.js';
import { asArray, asObject, asString, collectObjects, findingAt, isNamespace, uniqueFindings, versionOf, type JsonObject, type RepoObject } from '../../gitops/objects.js';
import { compileLabelSelector, labelsOf } from '../label-selector.js';
import { admissionInParts, admissionSets } from '../sets.js';
import { guessResource, matchesResources, type Candidate } from './match.js';
import { BINDING_KIND, isAdmissionPolicy, POLICY_KIND } from './kinds.js';
import type { CompiledPolicy, PolicyExpression } from './policy.js';

/** The outcome of evaluating one expression for one object. */
type Outcome = { value: CelValue } | { error: string };

const isPolicyOrBinding = (o: RepoObject) => isAdmissionPolicy(o, POLICY_KIND) || isAdmissionPolicy(o, BINDING_KIND);

/**
 * The repository's own ValidatingAdmissionPolicies and their bindings, evaluated over each cluster's set of
 * objects as the API server would admit them on creation (`vap/<policy>`).
 */
export function createVapPass(options: GitopsOptions): RepoPass {
  const settings = settingsFromConfig(options.cwd, options.config);
  const pass: RepoPass = async (documents) => {
    if (!collectObjects(documents).some(isPolicyOrBinding)) return [];
    // CEL is loaded only for trees that have policies: it is a third of a small run's start-up.
    const { compilePolicy } = await import('./policy.js');
    const ctx = buildContext(documents, settings, options.scopeOf);
    const sets = admissionSets(ctx);
    const compiled = new Map<RepoObject, CompiledPolicy>();
    const plurals = crdPlurals(ctx.objects);
    const findings: Finding[] = [];
    for (const set of sets) {
      const namespaces = new Map(set.objects.filter((o) => isNamespace(o) && o.name).map((o) => [o.name!, o]));
      const candidates: Candidate[] = set.objects.map((object) => {
        const namespace = ctx.namespaceOf(object);
        const resource = plurals.get(`${object.group}/${object.kind}`) ?? guessResource(object.kind);
        return { object, namespace, scope: ctx.scopeOf(object.apiVersion, object.kind), resource, namespaceObject: namespaces.get(namespace) };
      });
      const policies = set.objects.filter((o) => isAdmissionPolicy(o, POLICY_KIND));
      for (const policyObject of policies) {
        if (!compiled.has(policyObject)) compiled.set(policyObject, compilePolicy(policyObject));
        findings.push(...compiled.get(policyObject)!.problems);
      }
      for (const binding of set.objects.filter((o) => isAdmissionPolicy(o, BINDING_KIND))) {
        const policyName = asString(asObject(binding.value.spec)?.policyName);
        const policyObject = policies.find((p) => p.name === policyName);
        if (policyObject) {
          for (const finding of applyBinding(compiled.get(policyObject)!, binding, candidates, set.objects)) findings.push(finding);
        } else {
          const message = `${BINDING_KIND} ${binding.name ?? ''}: ${POLICY_KIND} ${policyName ?? '(none)'} is defined nowhere ${set.where}`;
          findings.push(findingAt(binding, ['spec', 'policyName'], `vap/${policyName ?? ''}`, 'warning', message));
        }
      }
    }
    return uniqueFindings(findings);
  };
  pass.inParts = admissionInParts(isPolicyOrBinding);
  return pass;
}

/** The plural resource names the tree's CRDs give their kinds, by `group/Kind`. */
function crdPlurals(objects: readonly RepoObject[]): Map<string, string> {
  const plurals = new Map<string, string>();
  for (const crd of objects.filter((o) => o.kind === 'CustomResourceDefinition')) {
    const spec = asObject(crd.value.spec);
    const names = asObject(spec?.names);
    if (asString(names?.kind) && asString(names?.plural)) plurals.set(`${String(spec?.group)}/${String(names!.kind)}`, String(names!.plural));
  }
  return plurals;
}

/** A binding's findings over the objects of one cluster that it and its policy match. */
function applyBinding(policy: CompiledPolicy, binding: RepoObject, candidates: readonly Candidate[], objects: readonly RepoObject[]): Finding[] {
  const spec = asObject(binding.value.spec) ?? {};
  if (!policy.matchConditions) return [];
  if (policy.paramKind && !asObject(spec.paramRef)) {
    // The API server would reject every request the binding matches; the binding is what to fix.
    const message = `${BINDING_KIND} ${binding.name ?? ''} has no paramRef, but ${POLICY_KIND} ${policy.name} requires params`;
    return [findingAt(binding, ['spec'], policy.check, 'error', message, 'key')];
  }
  const actions = asArray(spec.validationActions);
  const severity: Severity = actions.includes('Deny') || actions.length === 0 ? 'error' : 'warning';
  // The objects of the param kind, found once: each matched object then looks only among them.
  const paramKind = policy.paramKind;
  const paramObjects = paramKind ? objects.filter((o) => o.apiVersion === paramKind.apiVersion && o.kind === paramKind.kind) : [];
  const findings: Finding[] = [];
  for (const candidate of candidates) {
    if (!matchesResources(asObject(policy.object.value.spec)?.matchConstraints, candidate, true)) continue;
    if (!matchesResources(spec.matchResources, candidate, false)) continue;
    try {
      findings.push(...admit(policy, spec, candidate, paramObjects, severity));
    } catch (error) {
      // A bug or a resource limit on one object must not hide the rest of the run.
      findings.push(findingAt(candidate.object, [], policy.check, 'error', `could not be evaluated: ${(error as Error).message}`));
    }
  }
  return findings;
}

/** The findings of one binding of a policy for one object it matches. */
function admit(policy: CompiledPolicy, spec: JsonObject, candidate: Candidate, paramObjects: readonly RepoObject[], severity: Severity): Finding[] {
  const { object } = candidate;
  const report = (message: string, level: Severity = severity) => findingAt(object, [], policy.check, level, message);
  const failure = (message: string) => (policy.failClosed ? [report(message)] : []);
  let params: Array<RepoObject | undefined> = [undefined];
  if (policy.paramKind) {
    const paramRef = asObject(spec.paramRef)!;
    params = findParams(paramRef, candidate, paramObjects);
    if (params.length === 0) {
      if (paramRef.parameterNotFoundAction === 'Allow') return [];
      return failure(`no params found for policy binding with \`Deny\` parameterNotFoundAction`);
    }
  }
  const findings: Finding[] = [];
  for (const param of params) {
    const bindings: Record<string, unknown> = {
      object: object.value,
      oldObject: null,
      params: param?.value ?? null,
      namespaceObject: candidate.namespaceObject?.value ?? null,
      request: requestOf(candidate),
    };
    const variables = new Map<string, unknown>();
    const variableErrors = new Map<string, string>();
    bindings.variables = variables;
    for (const variable of policy.variables) {
      const outcome = variable.expression ? evaluate(variable.expression, bindings, variableErrors) : { error: 'not evaluated' };
      if ('error' in outcome) variableErrors.set(variable.name, outcome.error);
      else variables.set(variable.name, outcome.value);
    }
    const evaluated = policy.matchConditions!.map((condition) => [condition, evaluate(condition, bindings, variableErrors)] as const);
    const conditionError = evaluated.find(([, outcome]) => 'error' in outcome);
    if (conditionError) {
      findings.push(...failure(errorMessage(conditionError[0], conditionError[1])));
      continue;
    }
    if (evaluated.some(([, outcome]) => (outcome as { value: CelValue }).value !== true)) continue;
    for (const validation of policy.validations) {
      const outcome = evaluate(validation.expression, bindings, variableErrors);
      if ('error' in outcome || typeof outcome.value !== 'boolean') {
        findings.push(...failure(errorMessage(validation.expression, 'error' in outcome ? outcome : { error: 'expression must evaluate to bool' })));
        continue;
      }
      if (outcome.value) continue;
      const custom = validation.messageExpression ? evaluate(validation.messageExpression, bindings, variableErrors) : undefined;
      const text = custom && 'value' in custom && typeof custom.value === 'string' && custom.value.trim() !== '' ? custom.value : undefined;
      findings.push(report(text ?? validation.message ?? `failed expression: ${validation.expression.text}`));
    }
  }
  return findings;
}

/** Evaluates an expression; one that reads a variable that failed fails with the variable's error. */
function evaluate(expression: PolicyExpression, bindings: Record<string, unknown>, variableErrors: ReadonlyMap<string, string>): Outcome {
  for (const name of expression.compiled.variables) {
    const error = variableErrors.get(name);
    if (error !== undefined) return { error: `variables.${name}: ${error}` };
  }
  return expression.compiled.evaluate(bindings);
}

function errorMessage(expression: PolicyExpression, outcome: Outcome): string {
  return `expression '${expression.text}' resulted in error: ${(outcome as { error: string }).error}`;
}

/** The params (among the objects of the param kind) a binding's paramRef names for an object: by name, or every object its selector matches. */
function findParams(paramRef: JsonObject, candidate: Candidate, paramObjects: readonly RepoObject[]): RepoObject[] {
  const name = asString(paramRef.name);
  const namespace = asString(paramRef.namespace);
  const selector = compileLabelSelector(paramRef.selector);
  // Without a namespace, a namespaced param is looked up in the object's own namespace.
  const inNamespace = (o: RepoObject) => (namespace !== undefined ? o.namespace === namespace : o.namespace === undefined || o.namespace === candidate.namespace);
  const named = (o: RepoObject) => (name !== undefined ? o.name === name : typeof selector === 'function' && selector(labelsOf(o.value)));
  return paramObjects.filter((o) => inNamespace(o) && named(o));
}

/** The admission request the API server would send when the object is created. */
function requestOf({ object, namespace, resource }: Candidate): JsonObject {
  const version = versionOf(object.apiVersion);
  const kind = { group: object.group, version, kind: object.kind };
  const gvr = { group: object.group, version, resource };
  return {
    kind,
    resource: gvr,
    requestKind: kind,
    requestResource: gvr,
    name: object.name ?? '',
    namespace,
    operation: 'CREATE',
    userInfo: {},
    dryRun: false,
  };
}
