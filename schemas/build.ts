/**
 * Builds the versioned schema store from upstream Kubernetes OpenAPI specs.
 *
 * Source: the directory named by K8S_OPENAPI_DIR (folders `v<x.y.z>/` holding either `swagger.json.gz`
 * (OpenAPI v2) or `openapi-v3/*.json.gz` (OpenAPI v3 per group-version)); without it, each version's
 * swagger.json is downloaded from the Kubernetes release tag.
 * Output (GITOPS_CHECK_SCHEMA_DIR, default schemas/store/):
 *   index.json               { format, versions: [...], served: { "group/version/Kind": [versionIndex...] } }
 *   versions/<x.y.z>.json    { kinds: { "group/version/Kind": [definitionName, namespaced|null] }, definitions: { name: hash } }
 *   defs/<hash>.json         one normalized definition, shared by every version whose copy is identical
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

type Json = unknown;
type JsonObject = Record<string, Json>;

/** The versions fetched when no K8S_OPENAPI_DIR is given (the newest patch of each minor we support). */
const DOWNLOAD_VERSIONS = ['1.25.16', '1.26.15', '1.27.16', '1.28.1', '1.29.0', '1.30.1', '1.31.0', '1.32.0', '1.33.1', '1.34.1', '1.35.0', '1.36.0'];
const STORE_FORMAT = 1;

/** Validation keywords kept from upstream; descriptions, defaults and list/patch markers only cost bytes. */
const KEPT_KEYWORDS = new Set([
  'type', 'format', 'enum', 'required', 'nullable', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum',
  'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems',
  'minProperties', 'maxProperties', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
]);
const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf'] as const;
const REF_PREFIX = /^#\/(?:definitions|components\/schemas)\//;

/** Special definitions whose upstream encoding differs between v2 and v3: one store form for both. */
const SPECIAL_DEFINITIONS: Record<string, JsonObject> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: ['integer', 'string'] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: ['string', 'number'], format: 'quantity' },
};

interface GroupVersionKind { group: string; version: string; kind: string }
interface VersionSpec { definitions: Record<string, JsonObject>; paths: Record<string, JsonObject> }
interface BuiltVersion { kinds: Record<string, [string, boolean | null]>; definitions: Record<string, string> }

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `apiVersion/Kind`, as manifests spell it: `apps/v1/Deployment`, `v1/Namespace`. */
function gvkKey(gvk: GroupVersionKind): string {
  return gvk.group ? `${gvk.group}/${gvk.version}/${gvk.kind}` : `${gvk.version}/${gvk.kind}`;
}

/** One upstream schema node in store form: refs by definition name, only validation keywords. */
function normalizeSchema(node: Json): Json {
  if (!isObject(node)) return node;
  const allOf = node.allOf;
  // v3 wraps a ref as allOf: [{$ref}] so it can carry a description or default beside it.
  if (Array.isArray(allOf) && allOf.length === 1 && isObject(allOf[0]) && typeof allOf[0].$ref === 'string') {
    const { allOf: _unwrapped, ...rest } = node;
    return normalizeSchema({ ...rest, $ref: allOf[0].$ref });
  }
  const out: JsonObject = {};
  if (typeof node.$ref === 'string') out.$ref = node.$ref.replace(REF_PREFIX, '');
  for (const [key, value] of Object.entries(node)) {
    if (KEPT_KEYWORDS.has(key)) out[key] = value;
  }
  if (out.format === 'int-or-string') {
    delete out.format;
    out.type = ['integer', 'string'];
  }
  if (isObject(node.properties)) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, normalizeSchema(v)]));
  }
  if (node.items !== undefined) out.items = normalizeSchema(node.items);
  if (node.additionalProperties !== undefined) out.additionalProperties = normalizeSchema(node.additionalProperties);
  if (node.not !== undefined) out.not = normalizeSchema(node.not);
  for (const key of SCHEMA_LIST_KEYWORDS) {
    const list = node[key];
    if (Array.isArray(list)) out[key] = list.map(normalizeSchema);
  }
  if (out['x-kubernetes-int-or-string'] === true) {
    delete out.anyOf;
    delete out.oneOf;
    out.type = ['integer', 'string'];
  }
  return out;
}

function gvksOf(node: Json): GroupVersionKind[] {
  const raw = isObject(node) ? node['x-kubernetes-group-version-kind'] : undefined;
  // Definitions list their GVKs; operations name a single one.
  const list: Json[] = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter((g): g is GroupVersionKind => isObject(g) && typeof g.kind === 'string' && typeof g.version === 'string')
    .map((g) => ({ group: typeof g.group === 'string' ? g.group : '', version: g.version, kind: g.kind }));
}

/** A kind is namespaced when the spec serves it under `/namespaces/{namespace}/`; unknown when no path names it. */
function namespacedKinds(paths: Record<string, JsonObject>): Map<string, boolean> {
  const result = new Map<string, boolean>();
  for (const [path, operations] of Object.entries(paths)) {
    const namespaced = path.includes('/namespaces/{namespace}/');
    for (const operation of Object.values(operations)) {
      for (const gvk of gvksOf(operation)) {
        const key = gvkKey(gvk);
        result.set(key, (result.get(key) ?? false) || namespaced);
      }
    }
  }
  return result;
}

function readGzJson(file: string): JsonObject {
  const value = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as Json;
  if (!isObject(value)) throw new Error(`${file}: not a JSON object`);
  return value;
}

function fromSwagger(spec: JsonObject): VersionSpec {
  return { definitions: (spec.definitions ?? {}) as Record<string, JsonObject>, paths: (spec.paths ?? {}) as Record<string, JsonObject> };
}

/** OpenAPI v3 comes one file per group-version; the union of their components is the whole API. */
function fromOpenApiV3Files(files: JsonObject[]): VersionSpec {
  const merged: VersionSpec = { definitions: {}, paths: {} };
  for (const spec of files) {
    const components = isObject(spec.components) ? spec.components : {};
    Object.assign(merged.definitions, components.schemas ?? {});
    Object.assign(merged.paths, spec.paths ?? {});
  }
  return merged;
}

function readVersionDir(dir: string): VersionSpec {
  const swagger = join(dir, 'swagger.json.gz');
  if (existsSync(swagger)) return fromSwagger(readGzJson(swagger));
  const v3 = join(dir, 'openapi-v3');
  if (existsSync(v3)) {
    const files = readdirSync(v3).filter((f) => f.endsWith('.json.gz')).sort();
    return fromOpenApiV3Files(files.map((f) => readGzJson(join(v3, f))));
  }
  throw new Error(`${dir}: neither swagger.json.gz nor openapi-v3/ found`);
}

function localSources(root: string): Array<{ version: string; load: () => Promise<VersionSpec> }> {
  if (!existsSync(root)) throw new Error(`K8S_OPENAPI_DIR ${root} does not exist`);
  const versions = readdirSync(root).flatMap((name) => {
    const match = /^v(\d+\.\d+\.\d+)$/.exec(name);
    return match ? [match[1]!] : [];
  });
  if (versions.length === 0) throw new Error(`K8S_OPENAPI_DIR ${root} holds no v<major.minor.patch>/ folders`);
  return versions.map((version) => ({ version, load: async () => readVersionDir(join(root, `v${version}`)) }));
}

function downloadSources(): Array<{ version: string; load: () => Promise<VersionSpec> }> {
  return DOWNLOAD_VERSIONS.map((version) => ({
    version,
    load: async () => {
      const url = `https://raw.githubusercontent.com/kubernetes/kubernetes/v${version}/api/openapi-spec/swagger.json`;
      let response: Response;
      try {
        response = await fetch(url);
      } catch (error) {
        const reason = (error as Error & { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
        throw new Error(`cannot download ${url} (${reason}); offline? set K8S_OPENAPI_DIR to a directory of Kubernetes OpenAPI specs`);
      }
      if (!response.ok) throw new Error(`cannot download ${url}: HTTP ${response.status}`);
      return fromSwagger((await response.json()) as JsonObject);
    },
  }));
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}

function buildVersion(spec: VersionSpec, blobs: Map<string, string>): BuiltVersion {
  const namespaced = namespacedKinds(spec.paths);
  const built: BuiltVersion = { kinds: {}, definitions: {} };
  for (const name of Object.keys(spec.definitions).sort()) {
    const upstream = spec.definitions[name]!;
    const text = JSON.stringify(SPECIAL_DEFINITIONS[name] ?? normalizeSchema(upstream));
    const hash = hashOf(text);
    blobs.set(hash, text);
    built.definitions[name] = hash;
    for (const gvk of gvksOf(upstream)) {
      const key = gvkKey(gvk);
      // List/option types carry GVKs too (e.g. DeleteOptions for every group); a real kind's own definition wins.
      if (built.kinds[key] && !name.endsWith(`.${gvk.kind}`)) continue;
      built.kinds[key] = [name, namespaced.get(key) ?? null];
    }
  }
  return built;
}

async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const outDir = resolve(process.env.GITOPS_CHECK_SCHEMA_DIR ?? join(here, 'store'));
  // A checkout with the project's shared data beside it (developers, CI) builds offline from there.
  const sibling = resolve(here, '..', '..', 'shared', 'k8s-openapi');
  const sourceDir = process.env.K8S_OPENAPI_DIR ?? (existsSync(sibling) ? sibling : undefined);
  const sources = (sourceDir ? localSources(resolve(sourceDir)) : downloadSources()).sort((a, b) => compareVersions(a.version, b.version));

  const blobs = new Map<string, string>();
  const versions: Array<{ version: string; built: BuiltVersion }> = [];
  for (const source of sources) versions.push({ version: source.version, built: buildVersion(await source.load(), blobs) });

  const served: Record<string, number[]> = {};
  versions.forEach(({ built }, index) => {
    for (const key of Object.keys(built.kinds)) (served[key] ??= []).push(index);
  });

  // Build beside the target, then swap, so an interrupted build never leaves a half store behind.
  const tmp = `${outDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, 'defs'), { recursive: true });
  mkdirSync(join(tmp, 'versions'));
  let bytes = 0;
  const write = (path: string, text: string) => {
    writeFileSync(join(tmp, path), text);
    bytes += Buffer.byteLength(text);
  };
  for (const [hash, text] of blobs) write(`defs/${hash}.json`, text);
  for (const { version, built } of versions) write(`versions/${version}.json`, JSON.stringify(built));
  write('index.json', JSON.stringify({ format: STORE_FORMAT, versions: versions.map((v) => v.version), served }));
  const old = `${outDir}.old-${process.pid}`;
  if (existsSync(outDir)) renameSync(outDir, old);
  renameSync(tmp, outDir);
  rmSync(old, { recursive: true, force: true });

  const kinds = Object.keys(served).length;
  const definitionCount = versions.reduce((n, v) => n + Object.keys(v.built.definitions).length, 0);
  console.log(`schema store: ${versions.length} Kubernetes versions (${versions[0]?.version}–${versions.at(-1)?.version}), ${kinds} apiVersion/kinds, ${definitionCount} definitions stored as ${blobs.size} unique, ${(bytes / 1024 / 1024).toFixed(1)} MiB → ${outDir}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(`build:schemas: ${(error as Error).message}`);
    process.exitCode = 1;
  });
}
