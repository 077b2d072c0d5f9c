import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlFile } from '../../src/documents/parse-file.js';
import { checkKubernetesObject, isKustomizationFile } from '../../src/documents/kubernetes-object.js';
import type { ParsedDocument } from '../../src/documents/types.js';
import { loadRuleEnvironment } from '../../src/schema/x-kubernetes-validations.js';
import { createSchemaPass, type SchemaOptions } from '../../src/schema/pass.js';
import { CRDS_DIR, SHARED, defaults, testStore } from './helpers.js';

// The run loads CEL in the schema pass's prefetch; these tests check synchronously.
await loadRuleEnvironment();

const CORPORA = join(SHARED, 'corpora');
const skip = existsSync(CORPORA) ? false : `${CORPORA} is not beside the repository`;

/** The checkable documents of a corpus tree, as the pipeline hands them to the pass (paths relative to the corpus). */
function load(corpus: string, under = '', replace?: [file: string, from: string, to: string]): ParsedDocument[] {
  const root = join(CORPORA, corpus);
  const files = readdirSync(join(root, under), { recursive: true, encoding: 'utf8' })
    .map((f) => join(under, f))
    .filter((f) => /\.ya?ml$/.test(f) && !isKustomizationFile(f))
    .sort();
  return files.flatMap((path) => {
    let text = readFileSync(join(root, path), 'utf8');
    if (replace && replace[0] === path) text = text.replace(replace[1], replace[2]);
    return parseYamlFile({ path, text }).documents.filter((d) => d.value !== null && !checkKubernetesObject(d));
  });
}

function verdicts(docs: ParsedDocument[], options: Partial<SchemaOptions> = {}): { clean: number; lines: string[] } {
  const pass = createSchemaPass({ ...defaults, storeDir: testStore(), ...options }, docs);
  let clean = 0;
  const lines = docs.flatMap((doc) => {
    const { findings, skips } = pass.check(doc);
    if (findings.length === 0 && skips.length === 0) clean++;
    return [...findings.map((f) => `${f.severity} ${f.file}:${f.line}:${f.column} ${f.message}`), ...skips.map((s) => `skip ${s.file} ${s.reason}`)];
  });
  return { clean, lines };
}

test('k8s-gitops-demo base/: PodSecurityPolicy and the v1beta1 PDB are removed APIs, the rest is valid', { skip }, () => {
  const docs = load('k8s-gitops-demo', 'base');
  assert.deepEqual(verdicts(docs), {
    clean: docs.length - 3,
    lines: [
      'error base/namespace/kube-system/kube-dns-pdb.yaml:1:1 policy/v1beta1 PodDisruptionBudget was removed in Kubernetes 1.25; use policy/v1',
      'error base/security/psp-privileged.yaml:1:1 policy/v1beta1 PodSecurityPolicy was removed in Kubernetes 1.25',
      'error base/security/psp-restricted.yaml:1:1 policy/v1beta1 PodSecurityPolicy was removed in Kubernetes 1.25',
    ],
  });
});

test('k8s-gitops-demo metrics-server: only the v1beta1 APIService fails', { skip }, () => {
  const docs = load('k8s-gitops-demo', 'clusters/kind/kube-system').filter((d) => d.file.path.endsWith('metrics-server-v0.3.7.yaml'));
  assert.deepEqual(verdicts(docs, { kubernetesVersion: '1.25' }), {
    clean: docs.length - 1,
    lines: ['error clusters/kind/kube-system/metrics-server-v0.3.7.yaml:42:1 apiregistration.k8s.io/v1beta1 APIService was removed in Kubernetes 1.22; use apiregistration.k8s.io/v1'],
  });
});

test('kube-prometheus: CRDs in the tree validate their resources; ConfigMapList/RoleList items are checked', { skip }, () => {
  const under = 'clusters/kind/monitoring/kube-prometheus';
  const docs = load('k8s-gitops-demo', under);
  assert.deepEqual(verdicts(docs), { clean: 55, lines: [] });
  const broken = load('k8s-gitops-demo', under, [`${under}/grafana-serviceMonitor.yaml`, '  - interval: 15s', '  - intervall: 15s']);
  assert.deepEqual(verdicts(broken).lines, [
    `error ${under}/grafana-serviceMonitor.yaml:8:5 ServiceMonitor monitoring/grafana: spec.endpoints[0].intervall: unknown field`,
  ]);
  const list = load('k8s-gitops-demo', under, [`${under}/prometheus-roleSpecificNamespaces.yaml`, '    - ""\n', '    - ""\n    verb: [list]\n']);
  assert.deepEqual(verdicts(list).lines, [
    `error ${under}/prometheus-roleSpecificNamespaces.yaml:11:5 Role default/prometheus-k8s: items[0].rules[0].verb: unknown field`,
  ]);
});

test('flux2-kustomize-helm-example with the CRDs catalog: HelmRelease patches lack required fields, the rest is valid', { skip }, () => {
  const docs = load('flux2-kustomize-helm-example');
  const { lines } = verdicts(docs, { schemaLocations: [CRDS_DIR], ignoreMissingSchemas: true });
  assert.deepEqual(lines, [
    'skip .fluxschema.yml no schema for schema.plugin.fluxcd.io/v1beta1 Config (Kubernetes 1.36.0)',
    'error apps/production/podinfo-values.yaml:6:1 HelmRelease podinfo/podinfo: spec: missing required field "interval"',
    'error apps/production/podinfo-values.yaml:8:5 HelmRelease podinfo/podinfo: spec.chart.spec: missing required field "chart"',
    'error apps/production/podinfo-values.yaml:8:5 HelmRelease podinfo/podinfo: spec.chart.spec: missing required field "sourceRef"',
    'error apps/staging/podinfo-values.yaml:6:1 HelmRelease podinfo/podinfo: spec: missing required field "interval"',
    'error apps/staging/podinfo-values.yaml:8:5 HelmRelease podinfo/podinfo: spec.chart.spec: missing required field "chart"',
    'error apps/staging/podinfo-values.yaml:8:5 HelmRelease podinfo/podinfo: spec.chart.spec: missing required field "sourceRef"',
    'skip clusters/production/artifacts.yaml no schema for source.extensions.fluxcd.io/v1beta1 ArtifactGenerator (Kubernetes 1.36.0)',
    'skip clusters/staging/artifacts.yaml no schema for source.extensions.fluxcd.io/v1beta1 ArtifactGenerator (Kubernetes 1.36.0)',
    'skip infrastructure/configs/gateway.yaml no schema for gateway.networking.k8s.io/v1 GatewayClass (Kubernetes 1.36.0)',
    'skip infrastructure/configs/gateway.yaml no schema for gateway.networking.k8s.io/v1 Gateway (Kubernetes 1.36.0)',
  ]);
});

test('argocd-example-apps: every manifest is valid for 1.25 and for 1.36', { skip }, () => {
  const docs = load('argocd-example-apps');
  assert.ok(docs.length > 40);
  assert.deepEqual(verdicts(docs, { kubernetesVersion: '1.25' }), { clean: docs.length, lines: [] });
  assert.deepEqual(verdicts(docs), { clean: docs.length, lines: [] });
});
