import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../model/errors.js';

/** A schema node as the store holds it: refs by definition name (`{"$ref": "io.k8s.api.core.v1.Pod"}`). */
export type SchemaObject = Record<string, unknown>;

interface StoreIndex {
  format: number;
  versions: string[];
  /** `apiVersion/Kind` → indexes into `versions` of the versions that serve it. */
  served: Record<string, number[]>;
}

interface VersionFile {
  kinds: Record<string, [definition: string, namespaced: boolean | null]>;
  definitions: Record<string, string>;
}

const STORE_FORMAT = 1;

/** Where the store lives: GITOPS_CHECK_SCHEMA_DIR, else `schemas/store/` of the package (from src/schema or dist/schema). */
export function defaultStoreDir(): string {
  const fromEnv = process.env.GITOPS_CHECK_SCHEMA_DIR;
  if (fromEnv) return resolve(fromEnv);
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas', 'store');
}

/**
 * The versioned Kubernetes schema store built by schemas/build.ts. Everything is read on first use:
 * a run pays for the versions and definitions it touches, not for the whole store.
 */
export class SchemaStore {
  private indexCache?: StoreIndex;
  private readonly versionFiles = new Map<string, VersionFile>();
  private readonly checksums = new Map<string, string>();
  private readonly blobs = new Map<string, SchemaObject>();
  /** `resolveVersion`'s answers: the schema pass asks once per document and version. */
  private readonly resolved = new Map<string, string>();

  constructor(readonly dir: string = defaultStoreDir()) {}

  private get index(): StoreIndex {
    if (this.indexCache) return this.indexCache;
    const file = join(this.dir, 'index.json');
    if (!existsSync(file)) {
      throw new ConfigError(`the Kubernetes schema store is missing (${file}); build it with \`npm run build:schemas\``);
    }
    const index = JSON.parse(readFileSync(file, 'utf8')) as StoreIndex;
    if (index.format !== STORE_FORMAT) {
      throw new ConfigError(`the Kubernetes schema store at ${this.dir} has format ${index.format}, expected ${STORE_FORMAT}; rebuild it with \`npm run build:schemas\``);
    }
    this.indexCache = index;
    return index;
  }

  /** Stored versions, oldest first (`1.25.16`, ...). */
  get versions(): readonly string[] {
    return this.index.versions;
  }

  /** The store version for `1.29` or `1.29.0` (matched by minor: schemas do not change between patches); newest by default. */
  resolveVersion(requested?: string): string {
    const versions = this.versions;
    if (requested === undefined) return versions[versions.length - 1]!;
    let found = this.resolved.get(requested);
    if (found) return found;
    const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(requested.trim());
    found = (match && versions.find((v) => v.startsWith(`${match[1]}.${match[2]}.`))) || undefined;
    if (!found) {
      throw new ConfigError(`Kubernetes version ${requested} is not in the schema store (available: ${versions.map(minorOf).join(', ')})`);
    }
    this.resolved.set(requested, found);
    return found;
  }

  private versionFile(version: string): VersionFile {
    let file = this.versionFiles.get(version);
    if (!file) {
      const text = readFileSync(join(this.dir, 'versions', `${version}.json`), 'utf8');
      file = JSON.parse(text) as VersionFile;
      this.versionFiles.set(version, file);
      this.checksums.set(version, createHash('sha256').update(text).digest('hex'));
    }
    return file;
  }

  /** A digest of a version's kinds and definitions (the file names each definition by its content's hash). */
  checksum(version: string): string {
    this.versionFile(version);
    return this.checksums.get(version)!;
  }

  /** The definition name for `apiVersion/Kind` in a version, if that version serves it. */
  kindDefinition(version: string, key: string): string | undefined {
    return Object.hasOwn(this.versionFile(version).kinds, key) ? this.versionFile(version).kinds[key]![0] : undefined;
  }

  /** Whether the version serves the kind inside namespaces; undefined when the spec does not say. */
  isNamespaced(version: string, key: string): boolean | undefined {
    const entry = this.versionFile(version).kinds[key];
    return entry?.[1] ?? undefined;
  }

  /** Every `apiVersion/Kind` a version serves. */
  kinds(version: string): string[] {
    return Object.keys(this.versionFile(version).kinds);
  }

  /** One definition of a version, in store form. */
  definition(version: string, name: string): SchemaObject {
    const hash = this.versionFile(version).definitions[name];
    if (hash === undefined) throw new Error(`schema store: ${version} has no definition ${name}`);
    let blob = this.blobs.get(hash);
    if (!blob) {
      blob = JSON.parse(readFileSync(join(this.dir, 'defs', `${hash}.json`), 'utf8')) as SchemaObject;
      this.blobs.set(hash, blob);
    }
    return blob;
  }

  /** The stored versions that serve `apiVersion/Kind`, oldest first. */
  servedIn(key: string): string[] {
    const indexes = Object.hasOwn(this.index.served, key) ? this.index.served[key]! : [];
    return indexes.map((i) => this.versions[i]!);
  }
}

/** `1.29.0` → `1.29`: API lifecycles are stated per minor release. */
export function minorOf(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}
