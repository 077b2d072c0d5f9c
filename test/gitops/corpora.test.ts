import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPORA } from '../helpers/cli.js';
import { gitopsLines } from './run.js';
import { tempDir } from '../helpers/temp.js';

function corpus(name: string): string | undefined {
  const dir = join(CORPORA, name);
  return existsSync(dir) ? dir : undefined;
}

test('k8s-gitops-demo: three clusters (kind, kind-cilium, gke-europe) receiving base/', async (t) => {
  const dir = corpus('k8s-gitops-demo');
  if (!dir) return t.skip('../shared/corpora is not here');
  const lines = await gitopsLines(dir);
  // kind and kind-cilium carry the same trees, so each finding comes once per cluster.
  const expected = (cluster: string, flux: number) => [
    // The flux Deployment mounts Secret fluxrecv-conf; no file defines it (it was created by hand).
    `WARN - clusters/${cluster}/flux/flux-deployment.yaml:${flux}:23 - Deployment flux: Secret fluxrecv-conf is defined nowhere in cluster ${cluster} (gitops/missing-reference)`,
    // kube-prometheus keeps the Roles and RoleBindings for other namespaces (default, kube-system) in
    // *List files under monitoring/: each item outside monitoring breaks the directory convention.
    `FAIL - clusters/${cluster}/monitoring/kube-prometheus/prometheus-roleBindingSpecificNamespaces.yaml:7:16 - RoleBinding prometheus-k8s: namespace default does not match its directory clusters/${cluster}/monitoring/ (gitops/namespace-mismatch)`,
    `FAIL - clusters/${cluster}/monitoring/kube-prometheus/prometheus-roleBindingSpecificNamespaces.yaml:20:16 - RoleBinding prometheus-k8s: namespace kube-system does not match its directory clusters/${cluster}/monitoring/ (gitops/namespace-mismatch)`,
    `FAIL - clusters/${cluster}/monitoring/kube-prometheus/prometheus-roleSpecificNamespaces.yaml:7:16 - Role prometheus-k8s: namespace default does not match its directory clusters/${cluster}/monitoring/ (gitops/namespace-mismatch)`,
    `FAIL - clusters/${cluster}/monitoring/kube-prometheus/prometheus-roleSpecificNamespaces.yaml:23:16 - Role prometheus-k8s: namespace kube-system does not match its directory clusters/${cluster}/monitoring/ (gitops/namespace-mismatch)`,
  ];
  // Everything else resolves: the grafana dashboards come from a ConfigMapList, the namespaces from
  // base/ or the cluster's tree, the metrics-server RoleBinding's Role is a bootstrap Role of kube-system,
  // the Services alertmanager-main and prometheus-k8s select the pods the Prometheus operator creates
  // from the Alertmanager `main` and the Prometheus `k8s` (selector values naming those resources).
  assert.deepEqual(lines, [...expected('kind-cilium', 32), ...expected('kind', 29)]);
});

test('flux2-kustomize-helm-example: the Flux layout, with ArtifactGenerator paths and patch files', async (t) => {
  const dir = corpus('flux2-kustomize-helm-example');
  if (!dir) return t.skip('../shared/corpora is not here');
  const config = {
    layout: { shared: ['infrastructure', 'apps/base'] },
    clusters: { production: { include: ['apps/production'] }, staging: { include: ['apps/staging'] } },
  };
  // No finding: the Kustomizations' `./production`, `./staging`, `./controllers`, `./configs` resolve
  // through the ArtifactGenerator's copy rules to apps/production, apps/staging,
  // infrastructure/controllers, infrastructure/configs; the HelmReleases' HelmRepository and
  // OCIRepositories are in the repository; the flux-system Namespace comes from the bootstrap
  // (gotk-components.yaml is a placeholder here); apps/*/podinfo-values.yaml are kustomize patches of
  // HelmRelease podinfo, not second definitions of it.
  assert.deepEqual(await gitopsLines(dir, config, ['clusters', 'infrastructure', 'apps']), []);
  // Every overlay in every cluster: still no duplicate, the overlays hold only patches.
  assert.deepEqual(await gitopsLines(dir, { layout: { shared: ['infrastructure', 'apps'] } }, ['clusters', 'infrastructure', 'apps']), []);
});

test('flux2-kustomize-helm-example, broken in a temporary copy: the checks engage on the real layout', async (t) => {
  const source = corpus('flux2-kustomize-helm-example');
  if (!source) return t.skip('../shared/corpora is not here');
  const dir = join(tempDir('gitops-check-flux-'), 'repo');
  cpSync(source, dir, { recursive: true });
  const edit = (path: string, from: string, to: string) => writeFileSync(join(dir, path), readFileSync(join(dir, path), 'utf8').replace(from, to));
  edit('clusters/staging/apps.yaml', 'path: ./staging', 'path: ./stagging');
  edit('infrastructure/controllers/kustomization.yaml', '- envoy-gateway.yaml', '- envoy.yaml');
  rmSync(join(dir, 'apps/base/podinfo/repository.yaml'));
  const config = { layout: { shared: ['infrastructure', 'apps/base'] }, clusters: { staging: { include: ['apps/staging'] } } };
  assert.deepEqual(await gitopsLines(dir, config, ['clusters', 'infrastructure', 'apps']), [
    'FAIL - apps/base/podinfo/kustomization.yaml:6:5 - resources entry repository.yaml: apps/base/podinfo/repository.yaml does not exist (gitops/kustomize-missing-file)',
    'WARN - apps/base/podinfo/release.yaml:14:15 - HelmRelease podinfo: HelmRepository podinfo/podinfo is defined nowhere in the repository (gitops/flux-source)',
    'FAIL - clusters/staging/apps.yaml:16:9 - Kustomization apps: spec.path ./stagging is not in artifact apps (its ArtifactGenerator copies nothing there) (gitops/flux-path)',
    'FAIL - infrastructure/controllers/kustomization.yaml:5:5 - resources entry envoy.yaml: infrastructure/controllers/envoy.yaml does not exist (gitops/kustomize-missing-file)',
  ]);
});

test('argocd-example-apps: no clusters/, so only the kustomization paths are checked, and all exist', async (t) => {
  const dir = corpus('argocd-example-apps');
  if (!dir) return t.skip('../shared/corpora is not here');
  assert.deepEqual(await gitopsLines(dir), []);
});
