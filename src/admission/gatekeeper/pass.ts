import type { Finding, Severity } from '../../model/finding.js';
import type { RepoPass } from '../../pipeline/run.js';
import { buildContext, type GitopsContext } from '../../gitops/context.js';
import { asArray, asObject, collectObjects, findingAt, isNamespace, uniqueFindings, valueAt, type JsonObject, type RepoObject } from '../../gitops/objects.js';
import { settingsFromConfig, type GitopsOptions } from '../../gitops/pass.js';
import { resultsOf } from '../../policy/conventions.js';
import { locateResult } from '../../policy/locate.js';
import { admissionInParts, admissionSets, type AdmissionSet } from '../sets.js';
import { isConstraint, isConstraintTemplate } from './kinds.js';
import { compileMatch, type SpecProblem, type Subject } from './match.js';
import { webhookExemption } from './config.js';
import { inventoryOf, reviewOf } from './review.js';
import { readTemplate, regoErrorPosition, type CompiledTemplate, type TemplateReading } from './template.js';
import { RegoError } from '../../policy/rego/index.js';

const SEVERITY = new Map<unknown, Severity>([
  ['deny', 'error'],
  ['warn', 'warning'],
  ['dryrun', 'warning'],
]);
/** The enforcement point Gatekeeper's validating webhook answers for. */
const WEBHOOK_POINT = 'validation.gatekeeper.sh';

/**
 * The severity of a constraint's findings: `deny` (the default) fails, `warn` and `dryrun` warn; `scoped`
 * takes the strictest of the `scopedEnforcementActions` for the webhook (`null`: it does not act there).
 * An action Gatekeeper does not know is a problem, at its path.
 */
function severityOf(spec: JsonObject | undefined): Severity | null | SpecProblem {
  const action = spec?.enforcementAction ?? 'deny';
  if (action !== 'scoped') {
    return SEVERITY.get(action) ?? { problem: `unknown enforcementAction ${JSON.stringify(action)} (deny, warn, dryrun or scoped)`, path: ['spec', 'enforcementAction'] };
  }
  const actions = asArray(spec?.scopedEnforcementActions).flatMap((entry) => {
    const points = asArray(asObject(entry)?.enforcementPoints).map((p) => asObject(p)?.name);
    const name = asObject(entry)?.action;
    return typeof name === 'string' && (points.includes(WEBHOOK_POINT) || points.includes('*')) ? [name] : [];
  });
  const unknown = actions.find((a) => !SEVERITY.has(a));
  if (unknown !== undefined) return { problem: `unknown action ${JSON.stringify(unknown)} in scopedEnforcementActions (deny, warn or dryrun)`, path: ['spec', 'scopedEnforcementActions'] };
  return actions.length === 0 ? null : actions.some((a) => SEVERITY.get(a) === 'error') ? 'error' : 'warning';
}

const isGatekeeper = (o: RepoObject) => isConstraint(o) || isConstraintTemplate(o);

/**
 * The repository's Gatekeeper policies (`gatekeeper/*`): each ConstraintTemplate compiled once (its
 * problems reported on it), then every Constraint evaluated against the objects of its set it matches.
 */
export function createGatekeeperPass(options: GitopsOptions): RepoPass {
  const settings = settingsFromConfig(options.cwd, options.config);
  const pass: RepoPass = (documents) => {
    // Most repositories hold no Gatekeeper object: skip the context then (the run has collected the objects already).
    if (!collectObjects(documents).some(isGatekeeper)) return [];
    const ctx = buildContext(documents, settings, options.scopeOf);
    if (!ctx.objects.some(isGatekeeper)) return [];
    const readings = new Map<RepoObject, TemplateReading>();
    const findings: Finding[] = [];
    const read = (template: RepoObject) => {
      let reading = readings.get(template);
      if (!reading) {
        reading = readTemplate(template, options.cache);
        readings.set(template, reading);
        findings.push(...reading.findings);
      }
      return reading;
    };
    const memo = new Memo();
    for (const set of admissionSets(ctx)) for (const finding of checkSet(ctx, set, read, memo)) findings.push(finding);
    return uniqueFindings(findings);
  };
  pass.inParts = admissionInParts(isGatekeeper);
  return pass;
}

/**
 * The findings of a constraint on an object, by template, constraint, object and the object's Namespace:
 * a file several clusters receive (`base/`) is evaluated once, unless the template reads the cluster's
 * inventory.
 */
class Memo {
  private readonly root = new Map<unknown, unknown>();

  get(keys: readonly unknown[], compute: () => Finding[]): Finding[] {
    let node = this.root;
    for (const key of keys.slice(0, -1)) {
      let next = node.get(key) as Map<unknown, unknown> | undefined;
      if (!next) node.set(key, (next = new Map()));
      node = next;
    }
    let findings = node.get(keys[keys.length - 1]) as Finding[] | undefined;
    if (!findings) node.set(keys[keys.length - 1], (findings = compute()));
    return findings;
  }
}

function checkSet(ctx: GitopsContext, set: AdmissionSet, read: (template: RepoObject) => TemplateReading, memo: Memo): Finding[] {
  const templates = new Map<string, TemplateReading>();
  const namespaces = new Map<string, RepoObject>();
  for (const object of set.objects) {
    if (isConstraintTemplate(object)) {
      const reading = read(object);
      if (reading.kind !== undefined && !templates.has(reading.kind)) templates.set(reading.kind, reading);
    }
    if (isNamespace(object) && object.name !== undefined && !namespaces.has(object.name)) namespaces.set(object.name, object);
  }
  // One `data` object per set: the interpreter converts a given object once.
  let data: JsonObject | undefined;
  const evaluation = {
    ctx,
    objects: set.objects,
    namespaces,
    memo,
    exempt: webhookExemption(set.objects),
    inventoryData: () => (data ??= { inventory: inventoryOf(set.objects, ctx.namespaceOf) }),
  };
  const findings: Finding[] = [];
  for (const constraint of set.objects) {
    if (!isConstraint(constraint)) continue;
    const check = `gatekeeper/${constraint.kind}/${constraint.name ?? ''}`;
    const label = `${constraint.kind} ${constraint.name ?? ''}`.trimEnd();
    const reading = templates.get(constraint.kind);
    if (!reading) {
      findings.push(findingAt(constraint, ['kind'], check, 'warning', `${label}: no ConstraintTemplate defines kind ${constraint.kind} ${set.where}: the constraint is not evaluated`));
      continue;
    }
    if (reading.template) for (const finding of evaluateConstraint(constraint, reading.template, check, label, evaluation)) findings.push(finding);
  }
  return findings;
}

/** `eval_conflict_error: … (templates.yaml:12:9)`: the error, and where in the template it arose. */
function describeFailure(template: CompiledTemplate, error: unknown): string {
  if (!(error instanceof RegoError)) return error instanceof Error ? error.message : String(error);
  const at = error.pos ? regoErrorPosition(template.doc, template.at, template.sources, error) : undefined;
  return `${error.code}: ${error.detail}${at ? ` (${template.doc.file.path}:${at.line}:${at.column})` : ''}`;
}

const NO_DATA: JsonObject = {};

interface Evaluation {
  ctx: GitopsContext;
  objects: RepoObject[];
  namespaces: Map<string, RepoObject>;
  memo: Memo;
  exempt: (subject: Subject) => boolean;
  /** `{inventory}`, built on first use. */
  inventoryData: () => JsonObject;
}

function evaluateConstraint(constraint: RepoObject, template: CompiledTemplate, check: string, label: string, set: Evaluation): Finding[] {
  const spec = asObject(constraint.value.spec);
  const severity = severityOf(spec);
  if (severity === null) return [];
  if (typeof severity === 'object') return [findingAt(constraint, severity.path, check, 'error', `${label}: ${severity.problem}`)];
  const match = compileMatch(valueAt(constraint.value, ['spec', 'match']));
  if (typeof match !== 'function') return [findingAt(constraint, match.path, check, 'error', `${label}: spec.match.${match.problem}`)];
  const parameters = valueAt(constraint.value, ['spec', 'parameters']) ?? null;
  const evaluate = (object: RepoObject, namespace: string, namespaceObject: RepoObject | undefined): Finding[] => {
    const namespaceLabels = asObject(asObject(namespaceObject?.value.metadata)?.labels);
    if (!match({ object, namespace, namespaceLabels })) return [];
    const input = { review: reviewOf(object, namespace, namespaceObject), parameters };
    const document = object.doc.ref;
    try {
      const { value } = template.policy.evalRuleValue(template.violation, { input, data: template.usesInventory ? set.inventoryData() : NO_DATA });
      return resultsOf('violation', value).map((result) => {
        const position = locateResult(object.doc, [...object.at, ...(result.path ?? [])]);
        return { file: object.doc.file.path, ...position, severity, check, message: result.msg, document };
      });
    } catch (error) {
      // A budget or a conflict in one evaluation is reported on the object; the other objects still go on.
      return [findingAt(object, [], check, 'error', `${label}: evaluation failed on ${object.kind} ${object.name ?? ''}: ${describeFailure(template, error)}`)];
    }
  };
  const findings: Finding[] = [];
  for (const object of set.objects) {
    const namespace = set.ctx.namespaceOf(object);
    const namespaceObject = namespace === '' ? undefined : set.namespaces.get(namespace);
    if (set.exempt({ object, namespace })) continue;
    if (template.usesInventory) findings.push(...evaluate(object, namespace, namespaceObject));
    else findings.push(...set.memo.get([template, constraint, object, namespaceObject], () => evaluate(object, namespace, namespaceObject)));
  }
  return findings;
}
