import type { PathSegment } from '../../documents/types.js';
import type { Finding } from '../../model/finding.js';
import { formatPath } from '../../schema/error-messages.js';
import { CelEnvironment, type CompiledExpression } from '../../cel/environment.js';
import { POLICY_KIND } from './kinds.js';
import { asArray, asObject, asString, findingAt, type RepoObject } from '../../gitops/objects.js';


/** The variables the API server declares for ValidatingAdmissionPolicy expressions. */
const environment = new CelEnvironment(['object', 'oldObject', 'request', 'params', 'namespaceObject', 'variables']);

/** One expression of a policy, compiled, with where it is written. */
export interface PolicyExpression {
  text: string;
  path: PathSegment[];
  compiled: CompiledExpression;
}

export interface Validation {
  expression: PolicyExpression;
  message?: string;
  messageExpression?: PolicyExpression;
}

/** A ValidatingAdmissionPolicy ready to evaluate, and the findings about the policy itself. */
export interface CompiledPolicy {
  object: RepoObject;
  name: string;
  check: string;
  /** `apiVersion` and `kind` of the params, when the policy takes params. */
  paramKind?: { apiVersion: string; kind: string };
  failClosed: boolean;
  /** Undefined when a match condition cannot be evaluated: the policy then applies to nothing. */
  matchConditions?: PolicyExpression[];
  variables: Array<{ name: string; expression?: PolicyExpression }>;
  validations: Validation[];
  problems: Finding[];
}

/** Compiles every expression of a policy once; those that do not compile become findings on the policy. */
export function compilePolicy(object: RepoObject): CompiledPolicy {
  const spec = asObject(object.value.spec) ?? {};
  const name = object.name ?? '';
  const check = `vap/${name}`;
  const problems: Finding[] = [];
  const expression = (text: unknown, path: PathSegment[]): PolicyExpression | undefined => {
    if (typeof text !== 'string') return undefined;
    const compiled = environment.compile(text);
    if ('kind' in compiled) {
      const unsupported = compiled.kind === 'unsupported';
      const consequence = unsupported ? '; not evaluated' : '';
      problems.push(findingAt(object, path, check, unsupported ? 'warning' : 'error', `${POLICY_KIND} ${name}: ${formatPath(path)}: ${compiled.message}${consequence}`));
      return undefined;
    }
    return { text, path, compiled };
  };
  const listAt = (key: string) => asArray(spec[key]).map((entry, i) => ({ entry: asObject(entry) ?? {}, path: ['spec', key, i] as PathSegment[] }));

  const conditions = listAt('matchConditions').map(({ entry, path }) => expression(entry.expression, [...path, 'expression']));
  const paramKind = asObject(spec.paramKind);
  return {
    object,
    name,
    check,
    paramKind: paramKind && asString(paramKind.apiVersion) && asString(paramKind.kind) ? { apiVersion: String(paramKind.apiVersion), kind: String(paramKind.kind) } : undefined,
    failClosed: spec.failurePolicy !== 'Ignore',
    matchConditions: conditions.every((c) => c !== undefined) ? (conditions as PolicyExpression[]) : undefined,
    variables: listAt('variables').map(({ entry, path }) => ({ name: String(entry.name), expression: expression(entry.expression, [...path, 'expression']) })),
    validations: listAt('validations').flatMap(({ entry, path }) => {
      const main = expression(entry.expression, [...path, 'expression']);
      if (!main) return [];
      return [{ expression: main, message: asString(entry.message), messageExpression: expression(entry.messageExpression, [...path, 'messageExpression']) }];
    }),
    problems,
  };
}
