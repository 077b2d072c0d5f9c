import type { PathSegment } from '../documents/types.js';
import type { DocumentIdentity } from '../model/finding.js';
import { setProperty } from '../documents/yaml/construct.js';
import { unsliced } from '../documents/parse-file.js';
import { IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION } from '../adoption/suppressions.js';
import { podTemplatePath, referenceFields } from './pod-templates.js';
import { asObject, asString, groupOf, type JsonObject } from './objects.js';

/**
 * Groups whose objects' `spec` the repo-wide checks read whole: Flux's (sources, paths, created
 * namespaces and artifacts), the Secrets ExternalSecrets and Certificates create.
 */
const SPEC_READ = /(^|\.)fluxcd\.io$|^external-secrets\.io$|^cert-manager\.io$/;

/**
 * What the repo-wide checks (src/gitops/checks, definitions, scope) and the report (annotation
 * suppressions) read of a document, copied: `apiVersion`, `kind`, the name, namespace and suppression
 * annotations of `metadata`, a workload's pod template labels and the pod spec fields that name other
 * objects, a Service's selector, a binding's role, an Ingress's backends, a CRD's group, names and scope, the
 * `spec` of the groups above. Arrays keep their length, so paths into the copy are paths into the document.
 * `identity` is the document's, for a value of its own. Streamed runs keep this instead of the value, so that
 * a document's value, text and position index die with its file.
 */
export function retainedValue(value: unknown, identity: DocumentIdentity = {}): unknown {
  const object = asObject(value);
  if (!object) return null;
  const kept: JsonObject = {};
  put(kept, 'apiVersion', object.apiVersion);
  put(kept, 'kind', object.kind);
  const metadata = asObject(object.metadata);
  if (metadata) kept.metadata = keptMetadata(metadata, identity);
  else put(kept, 'metadata', object.metadata);
  const apiVersion = asString(object.apiVersion);
  const kind = asString(object.kind);
  if (apiVersion === undefined || kind === undefined) return kept;
  const group = groupOf(apiVersion);
  if (kind.endsWith('List') && Array.isArray(object.items)) {
    kept.items = object.items.map((item) => retainedValue(item));
    return kept;
  }
  const template = podTemplatePath({ group, kind });
  if (template) {
    keepTemplate(kept, object, template);
  } else if (group === 'apiextensions.k8s.io') {
    const spec = asObject(object.spec);
    if (spec) kept.spec = pick(spec, ['group', 'names', 'scope']);
  } else if (SPEC_READ.test(group)) {
    put(kept, 'spec', object.spec);
  } else if (group === '' && kind === 'Service') {
    const spec = asObject(object.spec);
    if (spec) kept.spec = pick(spec, ['selector', 'type']);
  } else if (group === 'rbac.authorization.k8s.io') {
    put(kept, 'roleRef', object.roleRef);
  } else if (kind === 'Ingress') {
    put(kept, 'spec', object.spec);
  }
  return kept;
}

/** The pod template at `path` (`[]`: the object is a Pod): its labels and the fields naming other objects. */
function keepTemplate(kept: JsonObject, object: JsonObject, path: readonly PathSegment[]): void {
  let from = object;
  let to = kept;
  for (const segment of path) {
    const next = asObject(from[segment]);
    if (!next) return;
    to = to[segment] = {};
    from = next;
  }
  const metadata = asObject(from.metadata);
  if (path.length > 0 && metadata) to.metadata = metadata.labels === undefined ? {} : { labels: copied(metadata.labels) };
  const spec = referenceFields(from.spec, copied);
  if (spec !== undefined) to.spec = spec;
}

/**
 * Name and namespace (the document's `identity` holds copies of them already); of the annotations, the
 * suppressions' (src/adoption/suppressions.ts).
 */
function keptMetadata(metadata: JsonObject, identity: DocumentIdentity): JsonObject {
  const kept: JsonObject = {};
  if (metadata.name !== undefined) kept.name = identity.name ?? copied(metadata.name);
  if (metadata.namespace !== undefined) kept.namespace = identity.namespace ?? copied(metadata.namespace);
  const annotations = asObject(metadata.annotations);
  if (annotations && (annotations[IGNORE_ANNOTATION] !== undefined || annotations[IGNORE_REASON_ANNOTATION] !== undefined)) {
    kept.annotations = pick(annotations, [IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION]);
  }
  return kept;
}

function pick(object: JsonObject, keys: readonly string[]): JsonObject {
  const kept: JsonObject = {};
  for (const key of keys) put(kept, key, object[key]);
  return kept;
}

function put(kept: JsonObject, key: string, value: unknown): void {
  if (value !== undefined) kept[key] = copied(value);
}

/** A deep copy whose strings are copies too (`unsliced`): no string of it keeps its file's text alive. */
export function copied(value: unknown): unknown {
  if (typeof value === 'string') return unsliced(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copied);
  const copy: JsonObject = {};
  for (const key of Object.keys(value)) setProperty(copy, key, copied((value as JsonObject)[key]));
  return copy;
}
