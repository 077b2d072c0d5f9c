import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CORPORA, makeTree, runCli } from '../helpers/cli.js';

const DEMO = join(CORPORA, 'k8s-gitops-demo');
const builtinLines = (lines: string[]) => lines.filter((l) => l.endsWith(')') && l.includes('(builtin/'));

test('the built-in library on k8s-gitops-demo: each verdict at the offending field', () => {
  const r = runCli(['clusters/kind/flux/flux-deployment.yaml', 'clusters/kind/kube-system/metrics-server-v0.3.7.yaml', 'clusters/kind/default/httpbin.yaml'], DEMO);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(builtinLines(r.lines), [
    // httpbin: a container (41:9) with no resources and no securityContext, image without a tag (value at 41:16).
    "FAIL - clusters/kind/default/httpbin.yaml:41:9 - httpbin in the Deployment httpbin doesn't drop all capabilities (builtin/k8s.capabilities)",
    'FAIL - clusters/kind/default/httpbin.yaml:41:9 - httpbin in the Deployment httpbin does not have a CPU limit set (builtin/k8s.cpu-limit)',
    'FAIL - clusters/kind/default/httpbin.yaml:41:9 - httpbin in the Deployment httpbin does not have a memory limit set (builtin/k8s.memory-limit)',
    'FAIL - clusters/kind/default/httpbin.yaml:41:9 - httpbin in the Deployment httpbin allows privilege escalation (builtin/k8s.privilege-escalation)',
    'FAIL - clusters/kind/default/httpbin.yaml:41:9 - httpbin in the Deployment httpbin is not using a read only root filesystem (builtin/k8s.read-only-root-filesystem)',
    'FAIL - clusters/kind/default/httpbin.yaml:41:9 - httpbin in the Deployment httpbin is running as root (builtin/k8s.run-as-root)',
    'FAIL - clusters/kind/default/httpbin.yaml:41:16 - httpbin in the Deployment httpbin has an image, docker.io/kennethreitz/httpbin, using the latest tag (builtin/k8s.image-tag)',
    // flux: container at 66:9 without securityContext; resources (72:9) with requests only; image pinned to 1.20.2.
    "FAIL - clusters/kind/flux/flux-deployment.yaml:66:9 - flux in the Deployment flux doesn't drop all capabilities (builtin/k8s.capabilities)",
    'FAIL - clusters/kind/flux/flux-deployment.yaml:66:9 - flux in the Deployment flux allows privilege escalation (builtin/k8s.privilege-escalation)',
    'FAIL - clusters/kind/flux/flux-deployment.yaml:66:9 - flux in the Deployment flux is not using a read only root filesystem (builtin/k8s.read-only-root-filesystem)',
    'FAIL - clusters/kind/flux/flux-deployment.yaml:66:9 - flux in the Deployment flux is running as root (builtin/k8s.run-as-root)',
    'FAIL - clusters/kind/flux/flux-deployment.yaml:72:9 - flux in the Deployment flux does not have a CPU limit set (builtin/k8s.cpu-limit)',
    'FAIL - clusters/kind/flux/flux-deployment.yaml:72:9 - flux in the Deployment flux does not have a memory limit set (builtin/k8s.memory-limit)',
    // metrics-server: no resources (container 85:9); securityContext (98:9) is read-only and non-root but keeps
    // capabilities and escalation; runAsUser: 1000 (value 101:22).
    'FAIL - clusters/kind/kube-system/metrics-server-v0.3.7.yaml:85:9 - metrics-server in the Deployment metrics-server does not have a CPU limit set (builtin/k8s.cpu-limit)',
    'FAIL - clusters/kind/kube-system/metrics-server-v0.3.7.yaml:85:9 - metrics-server in the Deployment metrics-server does not have a memory limit set (builtin/k8s.memory-limit)',
    "FAIL - clusters/kind/kube-system/metrics-server-v0.3.7.yaml:98:9 - metrics-server in the Deployment metrics-server doesn't drop all capabilities (builtin/k8s.capabilities)",
    'FAIL - clusters/kind/kube-system/metrics-server-v0.3.7.yaml:98:9 - metrics-server in the Deployment metrics-server allows privilege escalation (builtin/k8s.privilege-escalation)',
    'FAIL - clusters/kind/kube-system/metrics-server-v0.3.7.yaml:101:22 - metrics-server in the Deployment metrics-server has a UID of less than 10000 (builtin/k8s.run-as-user)',
  ]);
});

const pod = (annotations: string) => `apiVersion: v1
kind: Pod
metadata:
  name: agent
${annotations}spec:
  hostNetwork: true
  containers:
    - name: agent
      image: ghcr.io/example/agent:2.1.0
      resources:
        limits:
          memory: 64Mi
      securityContext:
        runAsNonRoot: true
        runAsUser: 20000
        readOnlyRootFilesystem: true
        allowPrivilegeEscalation: false
        capabilities:
          drop: [ALL]
`;

// hostNetwork is a scalar: its value (6:16); resources.limits exists without cpu: the limits key (11:9).
test('the gitops-check.io/ignore annotation silences the rule ids it names, for that object only', () => {
  const root = makeTree({
    'plain.yaml': pod(''),
    'ignored.yaml': pod('  annotations:\n    gitops-check.io/ignore: "k8s.cpu-limit, k8s.host-network"\n    gitops-check.io/ignore-reason: node agent\n'),
  });
  const r = runCli([], root);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(r.lines, [
    'PASS - ignored.yaml - Pod agent',
    'SUPP - ignored.yaml:9:16 - The Pod agent is connected to the host network (builtin/k8s.host-network) -- node agent',
    'SUPP - ignored.yaml:14:9 - agent in the Pod agent does not have a CPU limit set (builtin/k8s.cpu-limit) -- node agent',
    'FAIL - plain.yaml:6:16 - The Pod agent is connected to the host network (builtin/k8s.host-network)',
    'FAIL - plain.yaml:11:9 - agent in the Pod agent does not have a CPU limit set (builtin/k8s.cpu-limit)',
    '2 files, 2 documents · 1 passed · 1 failed · 0 warnings · 0 skipped · 2 suppressed · T s',
  ]);
});

test('config disabledRules turns built-in rules off; --no-builtin-policies and builtinPolicies: false turn the library off', () => {
  const files = { 'plain.yaml': pod('') };
  const disabled = runCli([], makeTree({ ...files, '.gitops-check.yaml': 'disabledRules: [k8s.cpu-limit]\n' }));
  assert.deepEqual(builtinLines(disabled.lines), ['FAIL - plain.yaml:6:16 - The Pod agent is connected to the host network (builtin/k8s.host-network)']);
  for (const r of [runCli(['--no-builtin-policies'], makeTree(files)), runCli([], makeTree({ ...files, '.gitops-check.yaml': 'builtinPolicies: false\n' }))]) {
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.lines, ['PASS - plain.yaml - Pod agent', '1 file, 1 document · 1 passed · 0 failed · 0 warnings · 0 skipped · T s']);
  }
});
