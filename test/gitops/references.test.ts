import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree } from '../helpers/cli.js';
import { gitopsLines } from './run.js';

/**
 * A workload with every kind of reference; what defines them: a SealedSecret (sealed), a cert-manager
 * Certificate (web-tls), a kustomize configMapGenerator (projected-config), Kubernetes itself
 * (kube-root-ca.crt, ClusterRole view); `optional: true` references (maybe) need nothing.
 */
const repo = () =>
  makeTree({
    'base/namespaces.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n',
    'clusters/kind/web/app.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: httpbin
  namespace: web
spec:
  selector:
    matchLabels:
      app: httpbin
  template:
    metadata:
      labels:
        app: httpbin
        tier: front
    spec:
      serviceAccountName: httpbin
      initContainers:
      - name: init
        image: busybox:1
        envFrom:
        - configMapRef:
            name: init-env
        - secretRef:
            name: maybe
            optional: true
      containers:
      - name: httpbin
        image: httpbin:1
        env:
        - name: TOKEN
          valueFrom:
            secretKeyRef:
              name: api-token
              key: token
        - name: SEALED
          valueFrom:
            secretKeyRef:
              name: sealed
              key: v
      volumes:
      - name: config
        configMap:
          name: httpbin-config
      - name: root-ca
        configMap:
          name: kube-root-ca.crt
      - name: data
        persistentVolumeClaim:
          claimName: data
      - name: tls
        secret:
          secretName: web-tls
      - name: both
        projected:
          sources:
          - configMap:
              name: projected-config
---
apiVersion: v1
kind: Service
metadata:
  name: httpbin
  namespace: web
spec:
  selector:
    app: httpbin
    tier: front
  ports:
  - port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: orphan
  namespace: web
spec:
  selector:
    app: httpbin
    tier: back
  ports:
  - port: 80
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: web
spec:
  defaultBackend:
    service:
      name: httpbin
      port:
        number: 80
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: gone
            port:
              number: 80
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read
  namespace: web
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: reader
subjects: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: view
  namespace: web
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects: []
`,
    'clusters/kind/web/secrets.yaml': `apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: sealed
  namespace: web
spec: {}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web
  namespace: web
spec:
  secretName: web-tls
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: httpbin
  namespace: default
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: other
`,
    'clusters/kind/web/kustomization.yaml': 'resources:\n- app.yaml\n- secrets.yaml\nconfigMapGenerator:\n- name: projected-config\n  literals:\n  - a=b\n',
});

const NAMESPACE_LINES = [
  'FAIL - clusters/kind/web/secrets.yaml:20:14 - ServiceAccount httpbin: namespace default does not match its directory clusters/kind/web/ (gitops/namespace-mismatch)',
  'WARN - clusters/kind/web/secrets.yaml:26:14 - Role reader: Namespace other is defined nowhere in cluster kind (gitops/missing-namespace)',
  'FAIL - clusters/kind/web/secrets.yaml:26:14 - Role reader: namespace other does not match its directory clusters/kind/web/ (gitops/namespace-mismatch)',
];

test('references defined nowhere in the cluster warn at the field naming them; one defined in another namespace says where', async () => {
  assert.deepEqual(await gitopsLines(repo()), [
    'WARN - clusters/kind/web/app.yaml:16:27 - Deployment httpbin: ServiceAccount httpbin is not defined in namespace web in cluster kind (only in default) (gitops/missing-reference)',
    'WARN - clusters/kind/web/app.yaml:22:19 - Deployment httpbin: ConfigMap init-env is defined nowhere in cluster kind (gitops/missing-reference)',
    'WARN - clusters/kind/web/app.yaml:33:21 - Deployment httpbin: Secret api-token is defined nowhere in cluster kind (gitops/missing-reference)',
    'WARN - clusters/kind/web/app.yaml:43:17 - Deployment httpbin: ConfigMap httpbin-config is defined nowhere in cluster kind (gitops/missing-reference)',
    'WARN - clusters/kind/web/app.yaml:49:22 - Deployment httpbin: PersistentVolumeClaim data is defined nowhere in cluster kind (gitops/missing-reference)',
    'WARN - clusters/kind/web/app.yaml:77:3 - Service orphan: selector app=httpbin, tier=back matches no pod template in namespace web in cluster kind (gitops/missing-reference)',
    'WARN - clusters/kind/web/app.yaml:101:19 - Ingress web: Service gone is defined nowhere in cluster kind (gitops/missing-reference)',
    'WARN - clusters/kind/web/app.yaml:113:9 - RoleBinding read: Role reader is not defined in namespace web in cluster kind (only in other) (gitops/missing-reference)',
    ...NAMESPACE_LINES,
  ]);
});

test('references.allow names objects created outside git: Kind/name anywhere, Kind/namespace/name, globs', async () => {
  const allow = ['ConfigMap/httpbin-config', 'Secret/web/api-*', 'PersistentVolumeClaim/other/data'];
  assert.deepEqual(await gitopsLines(repo(), { references: { allow } }), [
    'WARN - clusters/kind/web/app.yaml:16:27 - Deployment httpbin: ServiceAccount httpbin is not defined in namespace web in cluster kind (only in default) (gitops/missing-reference)',
    'WARN - clusters/kind/web/app.yaml:22:19 - Deployment httpbin: ConfigMap init-env is defined nowhere in cluster kind (gitops/missing-reference)',
    // Allowed in namespace other only.
    'WARN - clusters/kind/web/app.yaml:49:22 - Deployment httpbin: PersistentVolumeClaim data is defined nowhere in cluster kind (gitops/missing-reference)',
    'WARN - clusters/kind/web/app.yaml:77:3 - Service orphan: selector app=httpbin, tier=back matches no pod template in namespace web in cluster kind (gitops/missing-reference)',
    'WARN - clusters/kind/web/app.yaml:101:19 - Ingress web: Service gone is defined nowhere in cluster kind (gitops/missing-reference)',
    'WARN - clusters/kind/web/app.yaml:113:9 - RoleBinding read: Role reader is not defined in namespace web in cluster kind (only in other) (gitops/missing-reference)',
    ...NAMESPACE_LINES,
  ]);
});

test('a reference resolves only within its own cluster\'s set', async () => {
  const dir = makeTree({
    'clusters/a/default/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: default\nspec:\n  containers:\n  - name: c\n    image: x:1\n    envFrom:\n    - configMapRef:\n        name: cfg\n',
    'clusters/b/default/cfg.yaml': 'apiVersion: v1\nkind: ConfigMapList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cfg\n    namespace: default\n',
    'clusters/b/default/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: default\nspec:\n  containers:\n  - name: c\n    image: x:1\n    envFrom:\n    - configMapRef:\n        name: cfg\n',
  });
  assert.deepEqual(await gitopsLines(dir), [
    'WARN - clusters/a/default/pod.yaml:12:15 - Pod p: ConfigMap cfg is defined nowhere in cluster a (gitops/missing-reference)',
  ]);
});

test('what other objects create counts: ExternalSecret target, HelmRelease createNamespace and its pods', async () => {
  const dir = makeTree({
    'clusters/a/apps/app.yaml': `apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: db
  namespace: apps
spec:
  target:
    name: db-credentials
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: apps
  namespace: apps
spec:
  install:
    createNamespace: true
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
  namespace: apps
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: backup
            image: backup:1
            envFrom:
            - secretRef:
                name: db-credentials
            - secretRef:
                name: db
---
apiVersion: v1
kind: Service
metadata:
  name: apps
  namespace: apps
spec:
  selector:
    app.kubernetes.io/instance: apps
`,
  });
  assert.deepEqual(await gitopsLines(dir, { severity: { 'gitops/flux-source': 'off' } }), [
    'WARN - clusters/a/apps/app.yaml:36:23 - CronJob backup: Secret db is defined nowhere in cluster a (gitops/missing-reference)',
  ]);
});

test('a kustomize generator defines its ConfigMap in the clusters that receive its kustomization only', async () => {
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: default\nspec:\n  containers:\n  - name: c\n    image: x:1\n    envFrom:\n    - configMapRef:\n        name: shared-cfg\n    - configMapRef:\n        name: own-cfg\n';
  const dir = makeTree({
    'base/kustomization.yaml': 'configMapGenerator:\n- name: shared-cfg\n  literals:\n  - a=b\n',
    'clusters/a/default/pod.yaml': pod,
    'clusters/b/default/kustomization.yaml': 'resources:\n- pod.yaml\nconfigMapGenerator:\n- name: own-cfg\n  literals:\n  - a=b\n',
    'clusters/b/default/pod.yaml': pod,
  });
  assert.deepEqual(await gitopsLines(dir), ['WARN - clusters/a/default/pod.yaml:14:15 - Pod p: ConfigMap own-cfg is defined nowhere in cluster a (gitops/missing-reference)']);
});
