import type { ParsedDocument } from '../../documents/types.js';
import type { TreeCrdSchema } from '../../schema/crds.js';
import { asObject, asString, valueAt } from '../../gitops/objects.js';
import { CONSTRAINT_GROUP, GATEKEEPER_VERSIONS, isConstraint, isConstraintTemplate, TEMPLATE_GROUP } from './kinds.js';

type Schema = Record<string, unknown>;

const OPEN: Schema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
const STRINGS: Schema = { type: 'array', items: { type: 'string' } };

/** The ConstraintTemplate CRD Gatekeeper installs (usually not in the repository). */
const TEMPLATE_SCHEMA: Schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        crd: {
          type: 'object',
          properties: {
            spec: {
              type: 'object',
              properties: {
                names: { type: 'object', properties: { kind: { type: 'string' }, shortNames: STRINGS } },
                validation: { type: 'object', properties: { legacySchema: { type: 'boolean' }, openAPIV3Schema: OPEN } },
              },
            },
          },
        },
        targets: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              target: { type: 'string' },
              rego: { type: 'string' },
              libs: STRINGS,
              code: { type: 'array', items: { type: 'object', required: ['engine', 'source'], properties: { engine: { type: 'string' }, source: OPEN } } },
              operations: STRINGS,
            },
          },
        },
      },
    },
    status: OPEN,
  },
};

const LABEL_SELECTOR: Schema = {
  type: 'object',
  properties: {
    matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
    matchExpressions: {
      type: 'array',
      items: { type: 'object', required: ['key', 'operator'], properties: { key: { type: 'string' }, operator: { type: 'string' }, values: STRINGS } },
    },
  },
};

const MATCH: Schema = {
  type: 'object',
  properties: {
    kinds: { type: 'array', items: { type: 'object', properties: { apiGroups: STRINGS, kinds: STRINGS } } },
    scope: { type: 'string', enum: ['*', 'Cluster', 'Namespaced'] },
    namespaces: STRINGS,
    excludedNamespaces: STRINGS,
    labelSelector: LABEL_SELECTOR,
    namespaceSelector: LABEL_SELECTOR,
    name: { type: 'string' },
    source: { type: 'string', enum: ['All', 'Generated', 'Original'] },
  },
};

/** The CRD Gatekeeper generates for a template's constraint kind, with its parameters schema. */
function constraintSchema(parameters: Schema): Schema {
  return {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          match: MATCH,
          enforcementAction: { type: 'string' },
          scopedEnforcementActions: { type: 'array', items: OPEN },
          parameters,
        },
      },
      status: OPEN,
    },
  };
}

/** A legacy schema (v1beta1 templates by default) keeps unknown fields at every level, as Gatekeeper does. */
function preserveUnknown(schema: unknown): unknown {
  const node = asObject(schema);
  if (!node) return schema;
  const out: Schema = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === 'properties' ? mapValues(value, preserveUnknown) : key === 'items' || key === 'additionalProperties' ? preserveUnknown(value) : value]));
  if (out.type === 'object' || out.properties !== undefined) out['x-kubernetes-preserve-unknown-fields'] = true;
  return out;
}

function mapValues(value: unknown, f: (v: unknown) => unknown): unknown {
  const node = asObject(value);
  return node ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, f(v)])) : value;
}

function parametersSchema(template: Record<string, unknown>, apiVersion: string): { schema: Schema; given: boolean } {
  const validation = asObject(valueAt(template, ['spec', 'crd', 'spec', 'validation']));
  const given = asObject(validation?.openAPIV3Schema);
  if (!given) return { schema: OPEN, given: false };
  const legacy = typeof validation?.legacySchema === 'boolean' ? validation.legacySchema : !apiVersion.endsWith('/v1');
  return { schema: (legacy ? preserveUnknown(given) : given) as Schema, given: true };
}

/**
 * Schemas for Gatekeeper's kinds, for the schema pass: ConstraintTemplate itself, each template's
 * constraint kind (its parameters validated against the template's `openAPIV3Schema`), and, for a
 * constraint whose template is not in the trees, the constraint envelope with open parameters.
 * Keyed `group/version/Kind` like the tree's CRDs, which take precedence over these.
 */
export function gatekeeperSchemas(documents: readonly ParsedDocument[]): Map<string, TreeCrdSchema> {
  const found = new Map<string, TreeCrdSchema>();
  const add = (group: string, kind: string, doc: ParsedDocument, path: TreeCrdSchema['path'], schema: unknown) => {
    for (const version of GATEKEEPER_VERSIONS) {
      const key = `${group}/${version}/${kind}`;
      if (!found.has(key)) found.set(key, { crd: doc, path, schema, namespaced: false });
    }
  };
  const constraints: ParsedDocument[] = [];
  for (const doc of documents) {
    const object = asObject(doc.value);
    if (!object) continue;
    if (isConstraint(object.apiVersion)) constraints.push(doc);
    if (!isConstraintTemplate(object.apiVersion, object.kind)) continue;
    add(TEMPLATE_GROUP, 'ConstraintTemplate', doc, [], TEMPLATE_SCHEMA);
    const kind = asString(valueAt(object, ['spec', 'crd', 'spec', 'names', 'kind']));
    if (kind === undefined) continue;
    const parameters = parametersSchema(object, String(object.apiVersion));
    add(CONSTRAINT_GROUP, kind, doc, parameters.given ? ['spec', 'crd', 'spec', 'validation', 'openAPIV3Schema'] : [], constraintSchema(parameters.schema));
  }
  for (const doc of constraints) {
    const kind = asString(asObject(doc.value)?.kind);
    if (kind !== undefined) add(CONSTRAINT_GROUP, kind, doc, [], constraintSchema(OPEN));
  }
  return found;
}
