import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, runCli } from '../helpers/cli.js';

const deployment = (name: string, namespace: string, configMap: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: app
          image: nginx:1.25
          envFrom:
            - configMapRef:
                name: ${configMap}
`;

test('a named file is checked against the context files, whose own GitOps problems are not looked into', () => {
  const dir = makeTree({
    'base/namespaces.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n',
    // The named file: one reference defined in a context file, one defined nowhere, a selector matching a context template.
    'clusters/kind/web/named.yaml': `${deployment('named', 'web', 'shared')}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: named
  namespace: web
---
apiVersion: v1
kind: Service
metadata:
  name: other
  namespace: web
spec:
  selector:
    app: other
---
apiVersion: v1
kind: Service
metadata:
  name: nothing
  namespace: web
spec:
  selector:
    app: nothing
`,
    // Context: a problem for every GitOps check, none of them reported.
    'clusters/kind/web/other.yaml': `${deployment('other', 'web', 'missing')}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: shared
  namespace: web
---
apiVersion: v1
kind: Service
metadata:
  name: lost
  namespace: web
spec:
  selector:
    app: lost
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: moved
  namespace: elsewhere
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: web
spec:
  path: ./nowhere
  sourceRef:
    kind: GitRepository
    name: absent
`,
    'clusters/kind/web/kustomization.yaml': 'resources:\n  - other.yaml\n  - missing.yaml\n',
  });
  const r = runCli(['--quiet', 'clusters/kind/web/named.yaml'], dir);
  assert.deepEqual(
    r.lines.filter((line) => line.includes('(gitops/')),
    [
      'WARN - clusters/kind/web/named.yaml:43:3 - Service nothing: selector app=nothing matches no pod template in namespace web in cluster kind (gitops/missing-reference)',
    ],
  );
});
