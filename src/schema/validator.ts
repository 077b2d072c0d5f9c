import type { Ajv, ValidateFunction } from 'ajv';
import { CONVERTER_SOURCE, QUANTITY, definitionId, referencedDefinitions, toAjvSchema, withObjectEnvelope } from './kubernetes-schema.js';
import type { SchemaObject, SchemaStore } from './store.js';
import { goRegExp } from './go-regexp.js';
import { appendErrorsInPlace } from './linear-errors.js';
import { sha256, type DiskCache } from '../cache/disk-cache.js';
import { modulesChecksum } from '../cache/code-cache.js';
import { cachedValidator, cachedValidators, hasCachedValidator, requireHere } from '../cache/validators.js';

/** The ajv options of every Kubernetes validator; part of the cache key, as the code depends on them. */
const AJV_OPTIONS = { allErrors: true, strict: false, logger: false } as const;
const FORMATS = 'ajv-formats full, quantity';
/** What `code.process` does to the generated code: part of the cache key too. */
const CODE_PROCESSING = 'errors appended in place';

/** What every workload kind's schema reaches (120 definitions): their validators are stored as one module. */
const POD_SPEC = 'io.k8s.api.core.v1.PodSpec';

/** A version's built-in kinds whose schemas reach PodSpec (by definition), and the content of their schemas together. */
interface Workloads {
  members: string[];
  content: string;
}

let checksum: string | null | undefined;
/**
 * The code that turns store definitions into a validator's schemas (the converter's and this module's):
 * an index entry written by other code must not be trusted. Null when the sources cannot be read.
 */
function codeChecksum(): string | null {
  return checksum === undefined ? (checksum = modulesChecksum([CONVERTER_SOURCE, import.meta.url])) : checksum;
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
  private readonly customs = new Map<string, { converted: SchemaObject; content: string; names?: string[] }>();
  private readonly workloads = new Map<string, Workloads>();
  /** The workload kinds' validators by their content, as `byContent`. */
  private readonly workloadsByContent = new Map<string, Record<string, ValidateFunction>>();

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
      const ajv = new Ajv({ ...AJV_OPTIONS, code: { regExp: goRegExp, source: this.cache !== undefined, process: appendErrorsInPlace } });
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
   * What identifies the validator of `root` (a converted schema) for a version: a hash of the schemas it
   * is made of, and the definitions it needs when they had to be found. `index` names a built-in kind's
   * root by what determines its content, so that a cached validator is found without converting and
   * hashing its definitions.
   */
  private content(version: string, root: unknown, index?: string[]): { content: string; names?: string[] } {
    const code = index && this.cache ? codeChecksum() : null;
    const indexKey = code ? [...index!, String(this.strict), code] : undefined;
    const indexed = indexKey && this.cache!.get('validator-index', indexKey);
    if (indexed) return { content: indexed };
    const names = this.closure(version, root);
    const content = sha256(JSON.stringify([root, names.map((name) => [name, this.definition(version, name)])]));
    if (indexKey) this.cache!.set('validator-index', indexKey, content);
    return { content, names };
  }

  /** The cache key of a validator made of schemas with this content. */
  private static cacheKey(content: string): string[] {
    return ['kubernetes-schema', JSON.stringify(AJV_OPTIONS), CODE_PROCESSING, FORMATS, content];
  }

  /**
   * The validator of `root` made once per content: versions whose schemas agree share one function, so a
   * document checked for both is validated once.
   */
  private validator(version: string, root: unknown, compile: (ajv: Ajv) => ValidateFunction, found: { content: string; names?: string[] }): ValidateFunction {
    let validate = this.byContent.get(found.content);
    if (!validate) {
      let names = found.names;
      validate = cachedValidator(this.cache, Validators.cacheKey(found.content), () => {
        const ajv = this.addDefinitions(version, (names ??= this.closure(version, root)));
        return { ajv, validate: compile(ajv) };
      });
      this.byContent.set(found.content, validate);
    }
    return validate;
  }

  /** The validator of a built-in kind's definition. */
  builtin(version: string, definition: string): ValidateFunction {
    const key = `${version}\0builtin\0${definition}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.workload(version, definition);
      if (!validate) {
        const index = ['builtin', this.store.checksum(version), definition];
        const root = { $ref: definitionId(definition) };
        validate = this.validator(version, root, (ajv) => ajv.getSchema(definitionId(definition))!, this.content(version, root, index));
      }
      this.compiled.set(key, validate);
    }
    return validate;
  }

  /**
   * A workload kind's validator, from the one module of them all; undefined for other kinds, and without a
   * disk cache (one ajv instance compiles the definitions they share once).
   */
  private workload(version: string, definition: string): ValidateFunction | undefined {
    if (!this.cache) return undefined;
    const { members, content } = this.workloadsOf(version);
    if (!members.includes(definition)) return undefined;
    let validators = this.workloadsByContent.get(content);
    if (!validators) {
      const ids = Object.fromEntries(members.map((member) => [member, definitionId(member)]));
      validators = cachedValidators(this.cache, Validators.cacheKey(content), ids, () => this.addDefinitions(version, this.closure(version, Object.values(ids).map(($ref) => ({ $ref })))));
      this.workloadsByContent.set(content, validators);
    }
    return validators[definition];
  }

  /** The version's workload kinds: from the index when an earlier run found them (finding them converts every kind's schema). */
  private workloadsOf(version: string): Workloads {
    let found = this.workloads.get(version);
    if (found) return found;
    const code = codeChecksum();
    const indexKey = code ? ['workloads', this.store.checksum(version), String(this.strict), code] : undefined;
    const indexed = indexKey && this.cache!.get('validator-index', indexKey);
    if (indexed) {
      found = JSON.parse(indexed) as Workloads;
    } else {
      const definitions = new Set(this.store.kinds(version).map((kind) => this.store.kindDefinition(version, kind)!));
      const members = [...definitions].filter((name) => this.closure(version, { $ref: definitionId(name) }).includes(POD_SPEC)).sort();
      const names = this.closure(version, members.map((member) => ({ $ref: definitionId(member) })));
      found = { members, content: sha256(JSON.stringify(['workloads', members, names.map((name) => [name, this.definition(version, name)])])) };
      if (indexKey) this.cache!.set('validator-index', indexKey, JSON.stringify(found));
    }
    this.workloads.set(version, found);
    return found;
  }

  /** A custom resource schema converted, with its content, once per key. Throws when it does not convert. */
  private customSchema(version: string, cacheKey: string, schema: unknown): { converted: SchemaObject; content: string; names?: string[] } {
    const key = `${version}\0${cacheKey}`;
    let found = this.customs.get(key);
    if (!found) {
      const converted = withObjectEnvelope(toAjvSchema(schema, this.strict) as SchemaObject);
      found = { converted, ...this.content(version, converted) };
      this.customs.set(key, found);
    }
    return found;
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
      const found = this.customSchema(version, cacheKey, schema);
      validate = this.validator(version, found.converted, (ajv) => ajv.compile(found.converted), found);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  /**
   * Throws as `custom` does when the schema does not compile. A validator made or cached already proves it
   * does, so none is loaded only to say so (a tree's CRDs are checked whether or not it has their resources).
   */
  assertCompiles(version: string, cacheKey: string, schema: unknown): void {
    if (this.compiled.has(`${version}\0custom\0${cacheKey}`)) return;
    const { content } = this.customSchema(version, cacheKey, schema);
    if (this.byContent.has(content) || (this.cache && hasCachedValidator(this.cache, Validators.cacheKey(content)))) return;
    this.custom(version, cacheKey, schema);
  }
}
