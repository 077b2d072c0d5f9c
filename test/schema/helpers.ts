import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYamlFile } from '../../src/documents/parse-file.js';
import type { ParsedDocument } from '../../src/documents/types.js';
import { loadRuleEnvironment } from '../../src/schema/x-kubernetes-validations.js';
import { createSchemaPass, type SchemaOptions } from '../../src/schema/pass.js';
import { defaultStoreDir } from '../../src/schema/store.js';
import { tempDir } from '../helpers/temp.js';

// The run loads CEL in the schema pass's prefetch; these tests check synchronously.
await loadRuleEnvironment();

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED = resolve(REPO_ROOT, '..', 'shared');
export const OPENAPI_DIR = join(SHARED, 'k8s-openapi');
export const CRDS_DIR = join(OPENAPI_DIR, 'crds');

/** Builds the schema store from ../shared/k8s-openapi into a temp dir; returns the build's stdout. */
export function buildStore(outDir: string = tempDir('gitops-check-store-')): { dir: string; stdout: string } {
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'schemas', 'build.ts')], {
    env: { ...process.env, K8S_OPENAPI_DIR: OPENAPI_DIR, GITOPS_CHECK_SCHEMA_DIR: outDir },
    encoding: 'utf8',
  });
  return { dir: outDir, stdout };
}

let storeDir: string | undefined;

/**
 * A store built once per test file from ../shared, so tests never depend on a stale `schemas/store/`;
 * without ../shared, the store GITOPS_CHECK_SCHEMA_DIR names or the package's own (built by `npm ci`).
 */
export function testStore(): string {
  storeDir ??= existsSync(OPENAPI_DIR) ? buildStore().dir : defaultStoreDir();
  return storeDir;
}

export function parse(text: string, path = 'test.yaml'): ParsedDocument[] {
  return parseYamlFile({ path, text }).documents.filter((d) => d.value !== null);
}

export const defaults: SchemaOptions = { strict: true, ignoreMissingSchemas: false, skipKinds: [], schemaLocations: [] };

/** Every finding and skip of the pass over `text`, as `error 3:5 message` / `skip reason` lines. */
export function check(text: string, options: Partial<SchemaOptions> = {}, path = 'test.yaml', version?: string): string[] {
  const docs = parse(text, path);
  const pass = createSchemaPass({ ...defaults, storeDir: testStore(), ...options }, docs);
  return docs.flatMap((doc) => {
    const { findings, skips } = pass.check(doc, version);
    return [...findings.map((f) => `${f.severity} ${f.line}:${f.column} ${f.message}`), ...skips.map((s) => `skip ${s.reason}`)];
  });
}
