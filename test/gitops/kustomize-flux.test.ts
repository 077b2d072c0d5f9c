import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree } from '../helpers/cli.js';
import { gitopsLines } from './run.js';

test('kustomization paths that do not exist, Flux paths and sources the repository does not have', async () => {
  const dir = makeTree({
    'apps/base/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deploy.yaml
  - missing.yaml
  - ../components
  - https://github.com/example/repo//deploy?ref=v1
components:
  - ../nowhere
patches:
  - path: patch.yaml
  - path: gone-patch.yaml
  - patch: |
      - op: add
        path: /x
        value: y
configMapGenerator:
  - name: settings
    files:
      - app.properties
      - key=absent.properties
`,
    'apps/base/deploy.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\n',
    'apps/base/patch.yaml': 'kind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: y\n',
    'apps/base/app.properties': 'a=b\n',
    'apps/components/readme.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: default\n',
    'apps/values.yaml': 'replicaCount: 2\n',
    'clusters/prod/flux-system/sync.yaml': `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  url: https://example.com/repo
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  path: ./apps/base
  sourceRef:
    kind: GitRepository
    name: flux-system
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: typo
  namespace: flux-system
spec:
  path: ./apps/prod
  sourceRef:
    kind: GitRepository
    name: flux-system
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: other
  namespace: flux-system
spec:
  path: ./deploy
  sourceRef:
    kind: GitRepository
    name: other-repo
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: oci
  namespace: flux-system
spec:
  path: ./anything
  sourceRef:
    kind: OCIRepository
    name: manifests
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: manifests
  namespace: flux-system
spec:
  url: oci://example.com/manifests
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
  namespace: flux-system
spec:
  chart:
    spec:
      chart: podinfo
      sourceRef:
        kind: HelmRepository
        name: podinfo
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: local
  namespace: flux-system
spec:
  chart:
    spec:
      chart: ./charts/local
      sourceRef:
        kind: GitRepository
        name: flux-system
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: cert-manager
  namespace: flux-system
spec:
  chartRef:
    kind: OCIRepository
    name: cert-manager
    namespace: cert-manager
`,
    'clusters/prod/flux-system/artifacts.yaml': `apiVersion: source.extensions.fluxcd.io/v1beta1
kind: ArtifactGenerator
metadata:
  name: gen
  namespace: flux-system
spec:
  sources:
    - alias: repo
      kind: GitRepository
      name: flux-system
  artifacts:
    - name: apps
      copy:
        - from: "@repo/apps/base/**"
          to: "@artifact/base/"
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: from-artifact
  namespace: flux-system
spec:
  path: ./base
  sourceRef:
    kind: ExternalArtifact
    name: apps
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: artifact-typo
  namespace: flux-system
spec:
  path: ./overlays
  sourceRef:
    kind: ExternalArtifact
    name: apps
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: no-artifact
  namespace: flux-system
spec:
  path: ./base
  sourceRef:
    kind: ExternalArtifact
    name: infra
`,
});
  assert.deepEqual(await gitopsLines(dir, { layout: { shared: ['apps'] } }), [
    'FAIL - apps/base/kustomization.yaml:5:5 - resources entry missing.yaml: apps/base/missing.yaml does not exist (gitops/kustomize-missing-file)',
    'FAIL - apps/base/kustomization.yaml:6:5 - resources entry ../components: the directory apps/components has no kustomization.yaml (gitops/kustomize-missing-file)',
    'FAIL - apps/base/kustomization.yaml:9:5 - components entry ../nowhere: apps/nowhere does not exist (gitops/kustomize-missing-file)',
    'FAIL - apps/base/kustomization.yaml:12:11 - patches entry gone-patch.yaml: apps/base/gone-patch.yaml does not exist (gitops/kustomize-missing-file)',
    'FAIL - apps/base/kustomization.yaml:21:9 - configMapGenerator entry absent.properties: apps/base/absent.properties does not exist (gitops/kustomize-missing-file)',
    // The ArtifactGenerator copies apps/base/** to base/ only.
    'FAIL - clusters/prod/flux-system/artifacts.yaml:34:9 - Kustomization artifact-typo: spec.path ./overlays is not in artifact apps (its ArtifactGenerator copies nothing there) (gitops/flux-path)',
    'WARN - clusters/prod/flux-system/artifacts.yaml:48:11 - Kustomization no-artifact: ExternalArtifact flux-system/infra is defined nowhere in the repository (gitops/flux-source)',
    'FAIL - clusters/prod/flux-system/sync.yaml:26:9 - Kustomization typo: spec.path ./apps/prod does not exist in the repository (gitops/flux-path)',
    'WARN - clusters/prod/flux-system/sync.yaml:40:11 - Kustomization other: GitRepository flux-system/other-repo is defined nowhere in the repository (gitops/flux-source)',
    'WARN - clusters/prod/flux-system/sync.yaml:72:15 - HelmRelease podinfo: HelmRepository flux-system/podinfo is defined nowhere in the repository (gitops/flux-source)',
    'FAIL - clusters/prod/flux-system/sync.yaml:82:14 - HelmRelease local: chart ./charts/local does not exist in the repository (gitops/flux-path)',
    // chartRef's own namespace wins over the HelmRelease's.
    'WARN - clusters/prod/flux-system/sync.yaml:95:11 - HelmRelease cert-manager: OCIRepository cert-manager/cert-manager is defined nowhere in the repository (gitops/flux-source)',
  ]);
});

/** A cluster's ArtifactGenerator copying `from` into artifact `apps`, and Kustomizations (name: path) of that artifact. */
function artifactCluster(name: string, from: string, kustomizations: Record<string, string>): string {
  const generator = `apiVersion: source.extensions.fluxcd.io/v1beta1
kind: ArtifactGenerator
metadata:
  name: gen-${name}
  namespace: flux-system
spec:
  sources:
    - alias: repo
      kind: GitRepository
      name: flux-system
  artifacts:
    - name: apps
      copy:
        - from: "@repo/${from}"
          to: "@artifact/"
`;
  const kustomization = ([kName, path]: [string, string]) => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${kName}
  namespace: flux-system
spec:
  path: ${path}
  sourceRef:
    kind: ExternalArtifact
    name: apps
`;
  return [generator, ...Object.entries(kustomizations).map(kustomization)].join('---\n');
}

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\n';

test('clusters that each define the same ArtifactGenerator: every Kustomization of the same source and path gets the same answer', async () => {
  const cluster = (name: string) => artifactCluster(name, `apps/${name}/**`, { apps: './web', typo: './wbe' });
  const dir = makeTree({ 'apps/dev/web/cm.yaml': CONFIG_MAP, 'clusters/dev/flux.yaml': cluster('dev'), 'clusters/prod/flux.yaml': cluster('prod') });
  const missing = 'spec.path ./wbe does not exist: artifact apps takes it from apps/dev/wbe, apps/prod/wbe, which is not a directory of the repository (gitops/flux-path)';
  assert.deepEqual(await gitopsLines(dir), [`FAIL - clusters/dev/flux.yaml:34:9 - Kustomization typo: ${missing}`, `FAIL - clusters/prod/flux.yaml:34:9 - Kustomization typo: ${missing}`]);
});

test('a directory that several clusters copy into the same artifact is named once in the message', async () => {
  const clusters = ['one', 'three', 'two'];
  const dir = makeTree({
    'apps/staging/cm.yaml': CONFIG_MAP,
    ...Object.fromEntries(clusters.map((c) => [`clusters/${c}/flux.yaml`, artifactCluster(c, 'apps/**', { apps: './production' })])),
  });
  const missing = 'spec.path ./production does not exist: artifact apps takes it from apps/production, which is not a directory of the repository (gitops/flux-path)';
  assert.deepEqual(await gitopsLines(dir), clusters.map((c) => `FAIL - clusters/${c}/flux.yaml:23:9 - Kustomization apps: ${missing}`));
});
