import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const FIXTURE = join(REPO_ROOT, 'test/admission/fixtures/gatekeeper/per-cluster');

test('Gatekeeper templates and constraints of a GitOps tree are evaluated per cluster against what each cluster receives', () => {
  const r = runCli(['--no-builtin-policies'], FIXTURE);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(r.lines, [
    'PASS - base/gatekeeper/namespace-note.yaml - K8sNamespaceNote note',
    'PASS - base/gatekeeper/required-labels.yaml - ConstraintTemplate k8srequiredlabels',
    'PASS - base/gatekeeper/required-labels.yaml - K8sRequiredLabels namespaces-must-have-owner',
    'PASS - base/gatekeeper/unique-ingress-host.yaml - ConstraintTemplate k8suniqueingresshost',
    'PASS - base/gatekeeper/unique-ingress-host.yaml - K8sUniqueIngressHost unique-ingress-host',
    // One constraint in base/, a template of its kind in each cluster: each cluster's own applies.
    'WARN - base/namespaces.yaml:1:1 - namespace web is checked by the template of cluster a (gatekeeper/K8sNamespaceNote/note)',
    'WARN - base/namespaces.yaml:1:1 - namespace web is checked by the template of cluster b (gatekeeper/K8sNamespaceNote/note)',
    // data.inventory of cluster a holds both Ingresses; cluster b receives only this one: no conflict there.
    'FAIL - base/web/ingress.yaml:1:1 - ingress host conflicts with an existing ingress <web/shop-canary>: shop.example.com (gatekeeper/K8sUniqueIngressHost/unique-ingress-host)',
    'PASS - base/web/ingress.yaml - Service web/shop',
    // The Rego error's line and column inside the `rego: |` block, as file positions.
    'FAIL - clusters/a/gatekeeper/broken-template.yaml:18:67 - ConstraintTemplate k8sreplicalimits: rego_parse_error: unexpected ident token: expected ] (gatekeeper/K8sReplicaLimits)',
    'PASS - clusters/a/gatekeeper/constraints.yaml - K8sAllowedRepos images-from-our-registry',
    'PASS - clusters/a/gatekeeper/constraints.yaml - K8sContainerLimits frontend-limits',
    'PASS - clusters/a/gatekeeper/constraints.yaml - K8sPSPHostNamespace no-host-namespace',
    'PASS - clusters/a/gatekeeper/constraints.yaml - K8sReplicaLimits at-most-five',
    'WARN - clusters/a/gatekeeper/constraints.yaml:50:7 - K8sBlockNodePort no-node-ports: no ConstraintTemplate defines kind K8sBlockNodePort in cluster a: the constraint is not evaluated (gatekeeper/K8sBlockNodePort/no-node-ports)',
    'PASS - clusters/a/gatekeeper/namespace-note.yaml - ConstraintTemplate k8snamespacenote',
    'PASS - clusters/a/gatekeeper/templates.yaml - ConstraintTemplate k8sallowedrepos',
    'PASS - clusters/a/gatekeeper/templates.yaml - ConstraintTemplate k8scontainerlimits',
    'PASS - clusters/a/gatekeeper/templates.yaml - ConstraintTemplate k8spsphostnamespace',
    // enforcementAction: warn. The Pod in kube-tools is excluded (`kube-*`) and its Namespace lacks the selected label.
    'WARN - clusters/a/kube-tools/namespace.yaml:1:1 - you must provide labels: {"owner"} (gatekeeper/K8sRequiredLabels/namespaces-must-have-owner)',
    'PASS - clusters/a/kube-tools/namespace.yaml - Pod kube-tools/debug',
    'FAIL - clusters/a/web/deployment.yaml:1:1 - container <proxy> has no resource limits (gatekeeper/K8sContainerLimits/frontend-limits)',
    'FAIL - clusters/a/web/deployment.yaml:1:1 - container <shop> does not have <memory> limits defined (gatekeeper/K8sContainerLimits/frontend-limits)',
    // enforcementAction: dryrun; namespaceSelector matches the labels of Namespace web from base/.
    'WARN - clusters/a/web/deployment.yaml:1:1 - Sharing the host namespace is not allowed: shop (gatekeeper/K8sPSPHostNamespace/no-host-namespace)',
    // Located at the `details.path` the violation gives.
    'FAIL - clusters/a/web/deployment.yaml:25:18 - container <proxy> has an invalid image repo <docker.io/envoyproxy/envoy:v1.30.1>, allowed repos are ["ghcr.io/example/"] (gatekeeper/K8sAllowedRepos/images-from-our-registry)',
    'PASS - clusters/a/web/deployment.yaml - Deployment web/worker',
    'FAIL - clusters/a/web/ingress.yaml:1:1 - ingress host conflicts with an existing ingress <web/shop>: shop.example.com (gatekeeper/K8sUniqueIngressHost/unique-ingress-host)',
    'PASS - clusters/b/gatekeeper/namespace-note.yaml - ConstraintTemplate k8snamespacenote',
    // Cluster b has no K8sAllowedRepos or K8sContainerLimits constraint.
    'PASS - clusters/b/web/deployment.yaml - Deployment web/shop',
    '14 files, 25 documents · 18 passed · 4 failed · 3 warnings · 0 skipped · T s',
  ]);
});

test('checking one file of a cluster reads the rest of the repository as context, so its constraints and inventory still apply', () => {
  const r = runCli(['--no-builtin-policies', 'clusters/a/web/ingress.yaml'], FIXTURE);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(r.lines, [
    'FAIL - clusters/a/web/ingress.yaml:1:1 - ingress host conflicts with an existing ingress <web/shop>: shop.example.com (gatekeeper/K8sUniqueIngressHost/unique-ingress-host)',
    '1 file, 1 document · 0 passed · 1 failed · 0 warnings · 0 skipped · T s',
  ]);
});
