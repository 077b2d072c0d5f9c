import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaStore } from '../../src/schema/store.js';
import { schemaListing } from '../../src/schema/listing.js';
import { OPENAPI_DIR, REPO_ROOT, buildStore } from './helpers.js';
import { tempDir } from '../helpers/temp.js';

const skip = existsSync(OPENAPI_DIR) ? false : `${OPENAPI_DIR} is not beside the repository`;

test('the build reads OpenAPI v3 (1.25–1.27) and v2 (1.28–1.36), stores each definition once, and says so in one line', { skip }, () => {
  const parent = tempDir('gitops-check-build-');
  const dir = join(parent, 'store');
  const { stdout } = buildStore(dir);
  assert.equal(stdout, `schema store: 12 Kubernetes versions (1.25.16–1.36.0), 405 apiVersion/kinds, 7554 definitions stored as 1002 unique, 1.1 MiB → ${dir}\n`);
  const store = new SchemaStore(dir);
  assert.deepEqual(store.versions, ['1.25.16', '1.26.15', '1.27.16', '1.28.1', '1.29.0', '1.30.1', '1.31.0', '1.32.0', '1.33.1', '1.34.1', '1.35.0', '1.36.0']);
  assert.equal(readdirSync(join(dir, 'defs')).length, 1002);
  // Both readers produce the same store form: the last v3 version and the first v2 version share their Deployment.
  const index = (version: string) => JSON.parse(readFileSync(join(dir, 'versions', `${version}.json`), 'utf8')) as { definitions: Record<string, string> };
  assert.equal(index('1.27.16').definitions['io.k8s.api.apps.v1.Deployment'], index('1.28.1').definitions['io.k8s.api.apps.v1.Deployment']);
  assert.equal(store.kindDefinition('1.25.16', 'apps/v1/Deployment'), 'io.k8s.api.apps.v1.Deployment');
  assert.equal(store.kindDefinition('1.36.0', 'v1/ConfigMap'), 'io.k8s.api.core.v1.ConfigMap');
  for (const version of ['1.25.16', '1.36.0']) {
    assert.equal(store.isNamespaced(version, 'apps/v1/Deployment'), true);
    assert.equal(store.isNamespaced(version, 'v1/Namespace'), false);
    assert.equal(store.isNamespaced(version, 'rbac.authorization.k8s.io/v1/ClusterRoleBinding'), false);
  }
  assert.deepEqual(store.servedIn('autoscaling/v2beta2/HorizontalPodAutoscaler'), ['1.25.16']);
  assert.deepEqual(store.definition('1.36.0', 'io.k8s.apimachinery.pkg.util.intstr.IntOrString'), { type: ['integer', 'string'] });
  // A rebuild replaces the store in one rename and leaves nothing behind.
  buildStore(dir);
  assert.deepEqual(readdirSync(parent), ['store']);
});

test('the build fails with one line when the spec directory does not exist', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'schemas', 'build.ts')], {
    env: { ...process.env, K8S_OPENAPI_DIR: '/nonexistent/k8s-openapi', GITOPS_CHECK_SCHEMA_DIR: join(tmpdir(), 'never-written') },
    encoding: 'utf8',
  });
  assert.equal(result.status, 1);
  assert.equal(result.stderr, 'build:schemas: K8S_OPENAPI_DIR /nonexistent/k8s-openapi does not exist\n');
  assert.equal(existsSync(join(tmpdir(), 'never-written')), false);
});

test('`gitops-check schemas` lines: the versions, then each resource kind with the versions serving it and its scope', { skip }, () => {
  const lines = schemaListing(new SchemaStore(buildStore().dir));
  assert.equal(lines[0], 'Kubernetes versions: 1.25.16, 1.26.15, 1.27.16, 1.28.1, 1.29.0, 1.30.1, 1.31.0, 1.32.0, 1.33.1, 1.34.1, 1.35.0, 1.36.0 (default 1.36.0)');
  const row = (name: string) => lines.find((l) => l.startsWith(`${name} `))?.replace(/ +/g, ' ');
  assert.equal(row('apps/v1 Deployment'), 'apps/v1 Deployment 1.25–1.36 namespaced');
  assert.equal(row('flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema'), 'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema 1.26–1.31 cluster');
  assert.equal(row('apiregistration.k8s.io/v1 APIService'), 'apiregistration.k8s.io/v1 APIService 1.27–1.36 cluster');
  assert.equal(row('v1 ConfigMapList'), undefined, 'list types are not resources');
  assert.equal(lines.length, 137);
});
