import type { ValidateFunction } from 'ajv';
import type { Finding, Skip } from '../model/finding.js';
import { ConfigError } from '../model/errors.js';
import type { ParsedDocument, PathSegment } from '../documents/types.js';
import { describeObject } from '../documents/kubernetes-object.js';
import { apiLifecycle } from './api-lifecycle.js';
import { collectTreeCrds, isCrd, type TreeCrdSchema } from './crds.js';
import { gatekeeperSchemas } from '../admission/gatekeeper/schemas.js';
import { describeErrors, problemMessage } from './error-messages.js';
import { asApiServerValue } from './kubernetes-value.js';
import { templateValues, type TemplateValues } from './location-template.js';
import { SchemaLocations } from './schema-locations.js';
import { SchemaStore } from './store.js';
import { Validators } from './validator.js';
import type { DiskCache } from '../cache/disk-cache.js';
import { checkRules, hasRules, loadRuleEnvironment, ruleCompileProblems } from './x-kubernetes-validations.js';

export interface SchemaOptions {
  /** `1.29` or `1.29.0`; default: the newest version in the store. */
  kubernetesVersion?: string;
  strict: boolean;
  ignoreMissingSchemas: boolean;
  /** `Kind` or `apiVersion/Kind` (`apps/v1/Deployment`, `v1/Secret`). */
  skipKinds: string[];
  schemaLocations: string[];
  /** Where downloaded schema-location files are kept; default `$XDG_CACHE_HOME/gitops-check/schemas`. */
  cacheDir?: string;
  /** Where compiled validators are kept between runs; none with `--no-cache`. */
  cache?: DiskCache;
  /** The schema store; default GITOPS_CHECK_SCHEMA_DIR or the package's `schemas/store/`. */
  storeDir?: string;
}

export interface SchemaPass {
  /** Validates one document against the schemas of `kubernetesVersion` (default: the options' version). */
  check(doc: ParsedDocument, kubernetesVersion?: string): { findings: Finding[]; skips: Skip[] };
  /**
   * Downloads what URL schema locations hold for the run's documents, and loads CEL when CRD schemas may
   * have `x-kubernetes-validations`; must complete before `check`.
   */
  prefetch(kubernetesVersions?: string[]): Promise<void>;
  /** Whether a kind lives in namespaces, from the store or the tree's CRDs; undefined when nothing says. */
  isNamespaced(apiVersion: string, kind: string, kubernetesVersion?: string): boolean | undefined;
}

type JsonObject = Record<string, unknown>;

const CHECK = 'schema';

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function identityOf(object: JsonObject, kind: unknown = object.kind): { kind?: string; namespace?: string; name?: string } {
  const metadata = asObject(object.metadata);
  return {
    kind: typeof kind === 'string' ? kind : undefined,
    namespace: typeof metadata?.namespace === 'string' ? metadata.namespace : undefined,
    name: typeof metadata?.name === 'string' ? metadata.name : undefined,
  };
}

function isList(object: JsonObject): boolean {
  return typeof object.kind === 'string' && (object.kind === 'List' || (object.kind.endsWith('List') && Array.isArray(object.items)));
}

/** How an object's apiVersion/kind is checked in a version. */
type Plan = { action: 'skip'; reason: string } | { action: 'fail'; message: string } | Validation;

interface Validation {
  action: 'validate';
  deprecation?: string;
  validate: ValidateFunction;
  /** A custom resource schema that has `x-kubernetes-validations`, and whether its uncompilable rules are said on the object. */
  rules?: { schema: unknown; sayUncompiled: boolean };
}

/** A schema or rule problem of an object, relative to the object. */
interface Problem {
  path: PathSegment[];
  severity: Finding['severity'];
  text: string;
}

type Outcome = Pick<Validation, 'validate' | 'rules'> & { problems: Problem[] };

/** kustomization.yaml and components: build input with no API schema, so never a missing-schema failure. */
const KUSTOMIZE_GROUP = 'kustomize.config.k8s.io/';

/** The list envelope's own fields; the items are checked one by one against their own kinds. */
const LIST_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'items']);

/** Builds the schema pass; the CustomResourceDefinitions among `allDocuments` supply schemas for their resources. */
export function createSchemaPass(options: SchemaOptions, allDocuments: readonly ParsedDocument[]): SchemaPass {
  const store = new SchemaStore(options.storeDir);
  const defaultVersion = store.resolveVersion(options.kubernetesVersion);
  const locations = new SchemaLocations(options.schemaLocations, options.cacheDir);
  const validators = new Validators(store, options.strict, options.cache);
  // Gatekeeper's kinds come from CRDs its controller creates, rarely in the tree: known unless a CRD says otherwise.
  const treeCrds = new Map([...gatekeeperSchemas(allDocuments), ...collectTreeCrds(allDocuments)]);
  /** The schemas each CRD document serves, so checking a CRD does not scan every tree CRD's. */
  const crdSchemasOf = new Map<ParsedDocument, Array<[string, TreeCrdSchema]>>();
  for (const [key, entry] of treeCrds) {
    const own = crdSchemasOf.get(entry.crd);
    if (own) own.push([key, entry]);
    else crdSchemasOf.set(entry.crd, [[key, entry]]);
  }
  const skip = new Set(options.skipKinds);
  /** Compile failures of tree CRD schemas, by `version\0group/version/Kind`. */
  const brokenCrds = new Map<string, string>();

  /** What `use` makes of a tree CRD's schema, or why that schema does not compile (said once per version and key). */
  const fromCrd = <T>(version: string, key: string, use: () => T): T | string => {
    const id = `${version}\0${key}`;
    const broken = brokenCrds.get(id);
    if (broken !== undefined) return broken;
    try {
      return use();
    } catch (error) {
      // ajv says `schema is invalid: data/properties/x/required must be array`; keep the part that helps
      const message = (error as Error).message.replace(/^schema is invalid: data\/?/, '');
      brokenCrds.set(id, message);
      return message;
    }
  };
  const crdValidator = (version: string, key: string, entry: TreeCrdSchema) => fromCrd(version, key, () => validators.custom(version, `crd\0${key}`, entry.schema));

  /** The validator of a schema location's schema, with that schema (for its `x-kubernetes-validations`). */
  const locatedValidator = (version: string, values: TemplateValues | undefined): { validate: ValidateFunction; schema: unknown } | undefined => {
    if (!values || locations.empty) return undefined;
    const found = locations.lookup(values);
    if (!found) return undefined;
    try {
      return { validate: validators.custom(version, `location\0${found.source}`, found.schema), schema: found.schema };
    } catch (error) {
      throw new ConfigError(`schema location ${found.source} is not a valid JSON schema (${(error as Error).message})`, found.source);
    }
  };

  /**
   * What checking an apiVersion/kind against a version comes to, whatever the object: decided once per pair.
   * By version, apiVersion then kind: asked for every object, so no key is joined (and hashed) per object.
   */
  const plans = new Map<string, Map<string, Map<string, Plan>>>();
  const planFor = (version: string, apiVersion: string, kind: string): Plan => {
    let ofVersion = plans.get(version);
    if (!ofVersion) plans.set(version, (ofVersion = new Map()));
    let ofApiVersion = ofVersion.get(apiVersion);
    if (!ofApiVersion) ofVersion.set(apiVersion, (ofApiVersion = new Map()));
    let plan = ofApiVersion.get(kind);
    if (!plan) ofApiVersion.set(kind, (plan = decide(version, apiVersion, kind)));
    return plan;
  };

  function decide(version: string, apiVersion: string, kind: string): Plan {
    const key = `${apiVersion}/${kind}`;
    if (skip.has(kind) || skip.has(key)) return { action: 'skip', reason: `${apiVersion} ${kind} is in the skip list` };
    if (apiVersion.startsWith(KUSTOMIZE_GROUP)) return { action: 'skip', reason: `${apiVersion} ${kind} is read by kustomize, not sent to the API server` };
    const lifecycle = apiLifecycle(store, version, apiVersion, kind);
    if (lifecycle.state === 'unserved') return { action: 'fail', message: lifecycle.message };
    if (lifecycle.state === 'served') {
      return { action: 'validate', deprecation: lifecycle.deprecation, validate: validators.builtin(version, store.kindDefinition(version, key)!) };
    }
    const crd = treeCrds.get(key);
    const fromTree = crd && crdValidator(version, key, crd);
    if (typeof fromTree === 'string') {
      const crdName = describeObject(identityOf(asObject(crd!.crd.value)!), 'CustomResourceDefinition');
      return { action: 'fail', message: `the schema for ${apiVersion} ${kind} in ${crdName} (${crd!.crd.file.path}) is invalid` };
    }
    // A tree CRD says its own uncompilable rules on itself; a schema location's are said on each object.
    if (fromTree) return { action: 'validate', validate: fromTree, rules: hasRules(crd!.schema) ? { schema: crd!.schema, sayUncompiled: false } : undefined };
    const located = locatedValidator(version, templateValues(apiVersion, kind, version, options.strict));
    if (located) return { action: 'validate', validate: located.validate, rules: hasRules(located.schema) ? { schema: located.schema, sayUncompiled: true } : undefined };
    const reason = `no schema for ${apiVersion} ${kind} (Kubernetes ${version})`;
    return options.ignoreMissingSchemas ? { action: 'skip', reason } : { action: 'fail', message: reason };
  }

  /**
   * The document checked last, as the API server reads it, with the problems of its objects: a document is
   * checked once per Kubernetes version in a row, and a validator and rules shared by two versions give the
   * same problems.
   */
  let recent: { doc: ParsedDocument; value: unknown; outcomes: Map<JsonObject, Outcome> } | undefined;

  const problemsOf = (value: JsonObject, plan: Validation): Problem[] => {
    const outcome = recent!.outcomes.get(value);
    const sameRules = outcome?.rules?.schema === plan.rules?.schema && outcome?.rules?.sayUncompiled === plan.rules?.sayUncompiled;
    if (outcome?.validate === plan.validate && sameRules) return outcome.problems;
    const problems: Problem[] = [];
    if (!plan.validate(value)) {
      for (const problem of describeErrors(plan.validate.errors ?? [], value)) problems.push({ path: problem.path, severity: 'error', text: problem.text });
    }
    if (plan.rules) {
      for (const problem of checkRules(plan.rules.schema, value, plan.rules.sayUncompiled)) problems.push({ path: problem.path, severity: problem.severity, text: problem.message });
    }
    recent!.outcomes.set(value, { validate: plan.validate, rules: plan.rules, problems });
    return problems;
  };

  function check(doc: ParsedDocument, kubernetesVersion?: string): { findings: Finding[]; skips: Skip[] } {
    const version = kubernetesVersion === undefined ? defaultVersion : store.resolveVersion(kubernetesVersion);
    const findings: Finding[] = [];
    const skips: Skip[] = [];
    // Parsed without a null in any mapping, a value is already as the API server reads it (timestamps stay strings).
    if (recent?.doc !== doc) recent = { doc, value: doc.shape?.nullInMapping === false ? doc.value : asApiServerValue(doc.value), outcomes: new Map() };
    const object = asObject(recent.value);
    if (!object || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') return { findings, skips };

    const report = (severity: Finding['severity'], path: readonly PathSegment[], message: string) => {
      findings.push({ file: doc.file.path, ...doc.locate(path), severity, check: CHECK, message, document: doc.ref, path });
    };

    /** Validates one object (the document, or an item of a List) found at `base`. */
    const checkObject = (value: JsonObject, base: PathSegment[], apiVersion: string, kind: string) => {
      const plan = planFor(version, apiVersion, kind);
      if (plan.action === 'skip') {
        skips.push({ file: doc.file.path, document: doc.ref, check: CHECK, reason: plan.reason });
        return;
      }
      if (plan.action === 'fail') {
        report('error', [...base, 'apiVersion'], plan.message);
        return;
      }
      if (plan.deprecation) report('warning', [...base, 'apiVersion'], plan.deprecation);
      const problems = problemsOf(value, plan);
      if (problems.length === 0) return;
      const label = describeObject(identityOf(value, kind), kind);
      for (const problem of problems) {
        const path = [...base, ...problem.path];
        report(problem.severity, path, `${label}: ${problemMessage(path, problem.text)}`);
      }
    };

    if (isList(object)) checkList(object);
    else checkObject(object, [], object.apiVersion, object.kind);
    if (isCrd(object.apiVersion, object.kind)) checkCrdSchemas();
    findings.sort((a, b) => a.line - b.line || a.column - b.column);
    return { findings, skips };

    function checkList(list: JsonObject) {
      const label = describeObject(doc.ref, String(list.kind));
      if (options.strict) {
        for (const key of Object.keys(list)) if (!LIST_FIELDS.has(key)) report('error', [key], `${label}: ${key}: unknown field`);
      }
      const items = Array.isArray(list.items) ? list.items : [];
      // A typed list (ConfigMapList) implies its items' apiVersion and kind; a plain List does not.
      const impliedKind = list.kind === 'List' ? undefined : String(list.kind).slice(0, -'List'.length);
      items.forEach((entry: unknown, i: number) => {
        const item = asObject(entry);
        const base = ['items', i];
        if (!item) {
          report('error', base, `${label}: items[${i}]: expected object, got ${Array.isArray(entry) ? 'array' : typeof entry}`);
          return;
        }
        const apiVersion = typeof item.apiVersion === 'string' ? item.apiVersion : impliedKind && String(list.apiVersion);
        const kind = typeof item.kind === 'string' ? item.kind : impliedKind;
        if (!kind || !apiVersion) {
          report('error', base, `${label}: items[${i}]: missing '${kind ? 'apiVersion' : 'kind'}' key`);
          return;
        }
        checkObject(item, base, apiVersion, kind);
      });
    }

    /** A CRD's own schemas must compile, or its resources cannot be checked: say so on the CRD. */
    function checkCrdSchemas() {
      for (const [key, entry] of crdSchemasOf.get(doc) ?? []) {
        const broken = fromCrd(version, key, () => validators.assertCompiles(version, `crd\0${key}`, entry.schema));
        const label = describeObject(doc.ref, 'CustomResourceDefinition');
        if (typeof broken === 'string') report('error', entry.path, `${label}: ${problemMessage(entry.path, `invalid schema: ${broken}`)}`);
        for (const problem of ruleCompileProblems(entry.schema)) {
          const path = [...entry.path, ...problem.path];
          report(problem.severity, path, `${label}: ${problemMessage(path, problem.message)}`);
        }
      }
    }
  }

  return {
    check,
    async prefetch(kubernetesVersions) {
      // Location schemas are only known when looked up: they may have rules.
      if (!locations.empty || [...treeCrds.values()].some((entry) => hasRules(entry.schema))) await loadRuleEnvironment();
      if (locations.empty) return;
      const versions = (kubernetesVersions ?? [options.kubernetesVersion]).map((v) => store.resolveVersion(v));
      const needed: TemplateValues[] = [];
      const seen = new Set<string>();
      const want = (apiVersion: unknown, kind: unknown) => {
        if (typeof apiVersion !== 'string' || typeof kind !== 'string') return;
        const key = `${apiVersion}/${kind}`;
        if (seen.has(key) || treeCrds.has(key) || store.servedIn(key).length > 0) return;
        seen.add(key);
        for (const version of versions) {
          const values = templateValues(apiVersion, kind, version, options.strict);
          if (values) needed.push(values);
        }
      };
      for (const doc of allDocuments) {
        const object = asObject(doc.value);
        if (!object) continue;
        want(object.apiVersion, object.kind);
        if (isList(object) && Array.isArray(object.items)) for (const item of object.items) want(asObject(item)?.apiVersion, asObject(item)?.kind);
      }
      await locations.prefetch(needed);
    },
    isNamespaced(apiVersion, kind, kubernetesVersion) {
      const version = kubernetesVersion === undefined ? defaultVersion : store.resolveVersion(kubernetesVersion);
      return store.isNamespaced(version, `${apiVersion}/${kind}`) ?? treeCrds.get(`${apiVersion}/${kind}`)?.namespaced;
    },
  };
}
