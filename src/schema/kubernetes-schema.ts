import type { SchemaObject } from './store.js';

/** This module's file: what it converts depends on its code, so cache keys name it. */
export const CONVERTER_SOURCE = import.meta.url;

/** The ajv id of a store definition. */
export function definitionId(name: string): string {
  return `k8s:${name}`;
}

export const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** Formats ajv checks; any other upstream format is documentation only and is dropped. */
export const CHECKED_FORMATS = new Set(['date-time', 'int32', 'int64', 'byte', 'double', 'float', 'quantity']);

/**
 * A quantity as resource.ParseQuantity accepts it: signed decimal number, then a binary or decimal SI
 * suffix or a decimal exponent.
 */
export const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[mkMGTPE]|[eE][+-]?\d+)?$/;

function isObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns a store or CRD schema node into what ajv validates, with the API server's semantics:
 * strict mode closes every object that lists its properties (unless it preserves unknown fields),
 * int-or-string accepts both, embedded resources always allow apiVersion/kind/metadata,
 * and refs point at ajv ids. Nulls need no schema support: values are read with nulls dropped, as the
 * API server treats a null field as unset (see kubernetes-value.ts).
 */
export function toAjvSchema(node: unknown, strict: boolean): unknown {
  if (typeof node === 'boolean') return node;
  if (!isObject(node)) return {};
  const out: SchemaObject = {};
  for (const [key, value] of Object.entries(node)) {
    switch (key) {
      case '$ref':
        out.$ref = definitionId(String(value).replace(/^#\/(?:definitions|components\/schemas)\//, ''));
        break;
      case 'properties':
        if (isObject(value)) out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toAjvSchema(v, strict)]));
        break;
      case 'items':
        out.items = Array.isArray(value) ? value.map((v) => toAjvSchema(v, strict)) : toAjvSchema(value, strict);
        break;
      case 'additionalProperties':
      case 'not':
        out[key] = toAjvSchema(value, strict);
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        if (Array.isArray(value)) out[key] = value.map((v) => toAjvSchema(v, strict));
        break;
      case 'format':
        if (typeof value === 'string' && CHECKED_FORMATS.has(value)) out.format = value;
        break;
      case 'type':
      case 'enum':
      case 'required':
      case 'pattern':
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
      case 'multipleOf':
      case 'minLength':
      case 'maxLength':
      case 'minItems':
      case 'maxItems':
      case 'uniqueItems':
      case 'minProperties':
      case 'maxProperties':
        out[key] = value;
        break;
      default:
        // descriptions, defaults, x-kubernetes-* markers (read below), CEL rules: not validated here
        break;
    }
  }
  if (node['x-kubernetes-int-or-string'] === true) {
    delete out.anyOf;
    delete out.oneOf;
    out.type = ['integer', 'string'];
  }
  if (node['x-kubernetes-embedded-resource'] === true) withObjectEnvelope(out);
  const open = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (strict && !open && out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/** What the API server allows and checks on every object whatever its schema says: apiVersion, kind, metadata. */
export function withObjectEnvelope(schema: SchemaObject): SchemaObject {
  const properties = isObject(schema.properties) ? schema.properties : {};
  schema.properties = {
    ...properties,
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { $ref: definitionId(OBJECT_META) },
  };
  return schema;
}

/** Every definition name a converted schema refers to directly. */
export function referencedDefinitions(schema: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) referencedDefinitions(item, into);
  } else if (isObject(schema)) {
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('k8s:')) into.add(value.slice(4));
      else if (typeof value === 'object') referencedDefinitions(value, into);
    }
  }
  return into;
}
