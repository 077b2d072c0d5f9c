import type { ParsedDocument } from '../../documents/types.js';
import type { TreeCrdSchema } from '../../schema/crds.js';
import { asObject, asString, collectObjects, valueAt, type RepoObject } from '../../gitops/objects.js';
import { CONFIG_GROUP } from './config.js';
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

/** Gatekeeper's Config: what it syncs and which namespaces its processes exempt. */
const CONFIG_SCHEMA: Schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        match: { type: 'array', items: { type: 'object', properties: { excludedNamespaces: STRINGS, processes: STRINGS } } },
        sync: OPEN,
        validation: OPEN,
        readiness: OPEN,
      },
    },
    status: OPEN,
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
 * constraint whose template is not in the trees, the constraint envelope with open parameters; and the
 * Config.
 * Keyed `group/version/Kind` like the tree's CRDs, which take precedence over these.
 */
export function gatekeeperSchemas(documents: readonly ParsedDocument[]): Map<string, TreeCrdSchema> {
  const found = new Map<string, TreeCrdSchema>();
  const add = (group: string, kind: string, doc: ParsedDocument, path: TreeCrdSchema['path'], schema: unknown, versions = GATEKEEPER_VERSIONS, namespaced = false) => {
    for (const version of versions) {
      const key = `${group}/${version}/${kind}`;
      if (!found.has(key)) found.set(key, { crd: doc, path, schema, namespaced });
    }
  };
  const constraints: RepoObject[] = [];
  // List items too: a List of templates and constraints is sent item by item.
  for (const object of collectObjects(documents)) {
    const { doc, at, value } = object;
    if (isConstraint(object)) constraints.push(object);
    if (object.group === CONFIG_GROUP && object.apiVersion.endsWith('/v1alpha1') && object.kind === 'Config') add(CONFIG_GROUP, 'Config', doc, at, CONFIG_SCHEMA, ['v1alpha1'], true);
    if (!isConstraintTemplate(object)) continue;
    add(TEMPLATE_GROUP, 'ConstraintTemplate', doc, at, TEMPLATE_SCHEMA);
    const kind = asString(valueAt(value, ['spec', 'crd', 'spec', 'names', 'kind']));
    if (kind === undefined) continue;
    const parameters = parametersSchema(value, object.apiVersion);
    add(CONSTRAINT_GROUP, kind, doc, parameters.given ? [...at, 'spec', 'crd', 'spec', 'validation', 'openAPIV3Schema'] : at, constraintSchema(parameters.schema));
  }
  for (const { doc, at, kind } of constraints) add(CONSTRAINT_GROUP, kind, doc, at, constraintSchema(OPEN));
  return found;
}
