import { fileURLToPath } from 'node:url';
import type { Ajv, ValidateFunction } from 'ajv';
import { CONVERTER_SOURCE, QUANTITY, definitionId, referencedDefinitions, toAjvSchema, withObjectEnvelope } from './kubernetes-schema.js';
import type { SchemaObject, SchemaStore } from './store.js';
import { goRegExp } from './go-regexp.js';
import { sha256, type DiskCache } from '../cache/disk-cache.js';
import { fileChecksum } from '../cache/code-cache.js';
import { cachedValidator, requireHere } from '../cache/validators.js';

/** The ajv options of every Kubernetes validator; part of the cache key, as the code depends on them. */
const AJV_OPTIONS = { allErrors: true, strict: false, logger: false } as const;
const FORMATS = 'ajv-formats full, quantity';

let checksum: string | null | undefined;
/**
 * The code that turns store definitions into a validator's schemas (the converter's and this module's):
 * an index entry written by other code must not be trusted. Null when the sources cannot be read.
 */
function codeChecksum(): string | null {
  if (checksum === undefined) {
    try {
      // In the bundle both are the one file start.js has already read and hashed.
      checksum = sha256([...new Set([CONVERTER_SOURCE, import.meta.url])].map((url) => fileChecksum(fileURLToPath(url))).join(' '));
    } catch {
      checksum = null;
    }
  }
  return checksum;
}

/**
 * Compiled validators, made on first use and kept: one ajv instance per Kubernetes version (definition
 * ids are per version), each store definition added once, each (version, kind) compiled once. With a
 * disk cache, a validator compiled by an earlier run is loaded instead, keyed by the converted schemas it
 * is made of (so a change to the store or to the conversion makes a new entry).
 */
export class Validators {
  private readonly instances = new Map<string, { ajv: Ajv; added: Set<string> }>();
  private readonly compiled = new Map<string, ValidateFunction>();
  /** Validators by the content key below, whichever version asked first. */
  private readonly byContent = new Map<string, ValidateFunction>();
  private readonly converted = new Map<string, SchemaObject>();

  constructor(
    private readonly store: SchemaStore,
    private readonly strict: boolean,
    private readonly cache?: DiskCache,
  ) {}

  private instance(version: string): { ajv: Ajv; added: Set<string> } {
    let entry = this.instances.get(version);
    if (!entry) {
      const { Ajv } = requireHere('ajv') as typeof import('ajv');
      const addFormats = requireHere('ajv-formats') as typeof import('ajv-formats').default;
      const ajv = new Ajv({ ...AJV_OPTIONS, code: { regExp: goRegExp, source: this.cache !== undefined } });
      addFormats(ajv);
      // A RegExp format, so that standalone code carries it inline.
      ajv.addFormat('quantity', QUANTITY);
      entry = { ajv, added: new Set() };
      this.instances.set(version, entry);
    }
    return entry;
  }

  private definition(version: string, name: string): SchemaObject {
    const key = `${version}\0${name}`;
    let schema = this.converted.get(key);
    if (!schema) {
      schema = toAjvSchema(this.store.definition(version, name), this.strict) as SchemaObject;
      this.converted.set(key, schema);
    }
    return schema;
  }

  /** The definitions a schema refers to, and theirs, sorted. */
  private closure(version: string, schema: unknown): string[] {
    const found = new Set<string>();
    const pending = [...referencedDefinitions(schema)];
    while (pending.length > 0) {
      const name = pending.pop()!;
      if (found.has(name)) continue;
      found.add(name);
      pending.push(...referencedDefinitions(this.definition(version, name)));
    }
    return [...found].sort();
  }

  /** Adds the definitions to the version's ajv instance, those not already there. */
  private addDefinitions(version: string, names: string[]): Ajv {
    const { ajv, added } = this.instance(version);
    for (const name of names) {
      if (added.has(name)) continue;
      added.add(name);
      ajv.addSchema({ ...this.definition(version, name), $id: definitionId(name) });
    }
    return ajv;
  }

  /**
   * The validator of `root` (a converted schema) for a version, made once per content: versions whose
   * schemas agree share one function, so a document checked for both is validated once. `index` names a
   * built-in kind's root by what determines its content, so that a cached validator is found without
   * converting and hashing its definitions.
   */
  private validator(version: string, root: unknown, compile: (ajv: Ajv) => ValidateFunction, index?: string[]): ValidateFunction {
    const code = index && this.cache ? codeChecksum() : null;
    const indexKey = code ? [...index!, String(this.strict), code] : undefined;
    let names: string[] | undefined;
    let content = indexKey && this.cache!.get('validator-index', indexKey);
    if (!content) {
      names = this.closure(version, root);
      content = sha256(JSON.stringify([root, names.map((name) => [name, this.definition(version, name)])]));
      if (indexKey) this.cache!.set('validator-index', indexKey, content);
    }
    let validate = this.byContent.get(content);
    if (!validate) {
      validate = cachedValidator(this.cache, ['kubernetes-schema', JSON.stringify(AJV_OPTIONS), FORMATS, content], () => {
        const ajv = this.addDefinitions(version, (names ??= this.closure(version, root)));
        return { ajv, validate: compile(ajv) };
      });
      this.byContent.set(content, validate);
    }
    return validate;
  }

  /** The validator of a built-in kind's definition. */
  builtin(version: string, definition: string): ValidateFunction {
    const key = `${version}\0builtin\0${definition}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const index = ['builtin', this.store.checksum(version), definition];
      validate = this.validator(version, { $ref: definitionId(definition) }, (ajv) => ajv.getSchema(definitionId(definition))!, index);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  /**
   * The validator of a custom resource schema (a CRD version's openAPIV3Schema or a schema-location file),
   * kept under `cacheKey`. The object envelope is always allowed and metadata checked as ObjectMeta (so the
   * schema reaches ObjectMeta's definitions).
   * Throws ajv's error when the schema does not compile.
   */
  custom(version: string, cacheKey: string, schema: unknown): ValidateFunction {
    const key = `${version}\0custom\0${cacheKey}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const converted = withObjectEnvelope(toAjvSchema(schema, this.strict) as SchemaObject);
      validate = this.validator(version, converted, (ajv) => ajv.compile(converted));
      this.compiled.set(key, validate);
    }
    return validate;
  }
}
