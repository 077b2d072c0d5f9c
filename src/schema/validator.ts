import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { QUANTITY, definitionId, referencedDefinitions, toAjvSchema, withObjectEnvelope, OBJECT_META } from './kubernetes-schema.js';
import type { SchemaObject, SchemaStore } from './store.js';
import { goRegExp } from './go-regexp.js';

/**
 * Compiled validators, made on first use and kept: one ajv instance per Kubernetes version (definition
 * ids are per version), each store definition added once, each (version, kind) compiled once.
 */
export class Validators {
  private readonly instances = new Map<string, { ajv: Ajv; added: Set<string> }>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(
    private readonly store: SchemaStore,
    private readonly strict: boolean,
  ) {}

  private instance(version: string): { ajv: Ajv; added: Set<string> } {
    let entry = this.instances.get(version);
    if (!entry) {
      const ajv = new Ajv({ allErrors: true, strict: false, logger: false, code: { regExp: goRegExp } });
      addFormats.default(ajv);
      ajv.addFormat('quantity', { type: 'string', validate: QUANTITY });
      entry = { ajv, added: new Set() };
      this.instances.set(version, entry);
    }
    return entry;
  }

  /** Adds the definitions a schema refers to, and theirs, to the version's ajv instance. */
  private addReferenced(version: string, schema: unknown): Ajv {
    const { ajv, added } = this.instance(version);
    const pending = [...referencedDefinitions(schema)];
    while (pending.length > 0) {
      const name = pending.pop()!;
      if (added.has(name)) continue;
      added.add(name);
      const converted = toAjvSchema(this.store.definition(version, name), this.strict) as SchemaObject;
      ajv.addSchema({ ...converted, $id: definitionId(name) });
      pending.push(...referencedDefinitions(converted));
    }
    return ajv;
  }

  /** The validator of a built-in kind's definition. */
  builtin(version: string, definition: string): ValidateFunction {
    const key = `${version}\0builtin\0${definition}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const ajv = this.addReferenced(version, { $ref: definitionId(definition) });
      validate = ajv.getSchema(definitionId(definition))!;
      this.compiled.set(key, validate);
    }
    return validate;
  }

  /**
   * The validator of a custom resource schema (a CRD version's openAPIV3Schema or a schema-location file),
   * cached under `cacheKey`. The object envelope is always allowed and metadata checked as ObjectMeta.
   * Throws ajv's error when the schema does not compile.
   */
  custom(version: string, cacheKey: string, schema: unknown): ValidateFunction {
    const key = `${version}\0custom\0${cacheKey}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const converted = withObjectEnvelope(toAjvSchema(schema, this.strict) as SchemaObject);
      const ajv = this.addReferenced(version, { $ref: definitionId(OBJECT_META) });
      this.addReferenced(version, converted);
      validate = ajv.compile(converted);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}
