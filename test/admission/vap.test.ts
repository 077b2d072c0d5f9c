import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { makeTree, REPO_ROOT, runCli } from '../helpers/cli.js';

const FIXTURES = join(REPO_ROOT, 'test/admission/fixtures/vap');

test('ValidatingAdmissionPolicies from the repository are evaluated over each cluster: params, variables, messages, namespaceSelector, Warn', () => {
  const r = runCli(['--no-builtin-policies', '-q'], join(FIXTURES, 'repo'));
  assert.equal(r.code, 1);
  assert.deepEqual(r.lines, [
    // A validation that does not parse fails on the policy, at the expression; the rest of the policy still runs.
    'FAIL - base/policies/broken.yaml:13:19 - ValidatingAdmissionPolicy broken: spec.validations[0].expression: syntax error: 1:32: found & but expecting end of input (vap/broken)',
    'WARN - base/policies/broken.yaml:14:19 - ValidatingAdmissionPolicy broken: spec.validations[1].expression: uses authorizer, which gitops-check does not support; not evaluated (vap/broken)',
    // The ConfigMap param, by name and namespace; messageExpression wins over message.
    'FAIL - clusters/prod/web/app.yaml:1:1 - replicas must be at most 3, not 5 (vap/replica-limit)',
    // validationActions [Warn]; `team` has no `policy: enforced` label, so its Deployment is not matched.
    'WARN - clusters/prod/web/app.yaml:1:1 - Deployment shop in web has no team label (vap/required-labels)',
    'WARN - clusters/prod/web/app.yaml:1:1 - owner must be lowercase letters (vap/required-labels)',
    // No message: the API server's `failed expression: …`.
    "FAIL - clusters/prod/web/app.yaml:20:1 - failed expression: object.spec.type != 'LoadBalancer' (vap/broken)",
  ]);
});

test('params from custom resources chosen by a label selector, matchConditions, excludeResourceRules, objectSelector, parameterNotFoundAction', () => {
  const r = runCli(['--no-builtin-policies', '-q'], join(FIXTURES, 'crd-params'));
  assert.equal(r.code, 1);
  // Each selected param is evaluated (1Gi passes, 512Mi fails); the StatefulSet is excluded, the labelled
  // Deployment left out by objectSelector; the Audit binding's missing param with `Allow` skips it.
  assert.deepEqual(r.lines, [
    'FAIL - clusters/dev/apps/workloads.yaml:1:1 - every container needs a memory limit (vap/memory-limit)',
    'FAIL - clusters/dev/apps/workloads.yaml:1:1 - memory limit above 512Mi (standard-512m) (vap/memory-limit)',
  ]);
});

const policy = (extra: string) => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: no-default-namespace
spec:
${extra}  matchConstraints:
    resourceRules:
      - { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["configmaps"] }
  validations:
    - expression: "request.namespace != 'default' && object.data.size() > 0"
`;
const binding = (extra: string) => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: no-default-namespace
spec:
  policyName: no-default-namespace
  validationActions: [Deny]
${extra}`;

test('a tree without clusters is one set; evaluation errors follow failurePolicy; a missing param or policy is said', () => {
  const files = {
    'policy.yaml': policy(''),
    'binding.yaml': binding(''),
    'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: apps\n',
    'orphan.yaml': binding('').replace('policyName: no-default-namespace', 'policyName: nowhere'),
  };
  const r = runCli(['-q', '.'], makeTree(files));
  assert.equal(r.code, 1);
  assert.deepEqual(r.lines, [
    "FAIL - cm.yaml:1:1 - failed expression: request.namespace != 'default' && object.data.size() > 0 (vap/no-default-namespace)",
    "FAIL - cm.yaml:6:1 - expression 'request.namespace != 'default' && object.data.size() > 0' resulted in error: no such key: data (vap/no-default-namespace)",
    'WARN - orphan.yaml:6:15 - ValidatingAdmissionPolicyBinding no-default-namespace: ValidatingAdmissionPolicy nowhere is defined nowhere (vap/nowhere)',
  ]);

  const ignore = runCli(['-q', '.'], makeTree({ ...files, 'policy.yaml': policy('  failurePolicy: Ignore\n'), 'orphan.yaml': '' }));
  assert.deepEqual(ignore.lines, ["FAIL - cm.yaml:1:1 - failed expression: request.namespace != 'default' && object.data.size() > 0 (vap/no-default-namespace)"]);

  const params = runCli(['-q', '.'], makeTree({ ...files, 'policy.yaml': policy('  paramKind: { apiVersion: v1, kind: Secret }\n'), 'orphan.yaml': '' }));
  assert.deepEqual(params.lines, [
    'FAIL - binding.yaml:5:1 - ValidatingAdmissionPolicyBinding no-default-namespace has no paramRef, but ValidatingAdmissionPolicy no-default-namespace requires params (vap/no-default-namespace)',
  ]);
});

test('admissionregistration.k8s.io/v1beta1 policies and bindings (served until Kubernetes 1.34) are evaluated the same way', () => {
  const v1beta1 = (text: string) => text.replace('admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1beta1');
  const r = runCli(['-q', '--kubernetes-version', '1.30', '.'], makeTree({ 'policy.yaml': v1beta1(policy('')), 'binding.yaml': v1beta1(binding('')), 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: apps\ndata:\n  k: v\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  k: v\n' }));
  assert.deepEqual(r.lines, [
    'WARN - binding.yaml:1:1 - admissionregistration.k8s.io/v1beta1 ValidatingAdmissionPolicyBinding is deprecated and removed in Kubernetes 1.34; use admissionregistration.k8s.io/v1 (schema)',
    "FAIL - cm.yaml:9:1 - failed expression: request.namespace != 'default' && object.data.size() > 0 (vap/no-default-namespace)",
    'WARN - policy.yaml:1:1 - admissionregistration.k8s.io/v1beta1 ValidatingAdmissionPolicy is deprecated and removed in Kubernetes 1.34; use admissionregistration.k8s.io/v1 (schema)',
  ]);
});
