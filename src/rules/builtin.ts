import type { RuleDoc } from './model.js';

const container = (fields: string) => `spec:\n  containers:\n    - name: web\n      image: ghcr.io/example/web:1.4.2\n${fields}`;
const pod = (fields: string) => `spec:\n${fields}  containers:\n    - name: web\n      image: ghcr.io/example/web:1.4.2\n`;

function builtin(rule: string, summary: string, explanation: string, bad: string, good: string): RuleDoc {
  return {
    id: `builtin/${rule}`,
    severity: 'error',
    onByDefault: true,
    origin: 'built-in policy',
    summary,
    explanation: `${explanation} Turn it off with \`disabledRules: [${rule}]\` or \`severity: {builtin/${rule}: off}\`, or for one object with the annotation \`gitops-check.io/ignore: "${rule}"\` and \`gitops-check.io/ignore-reason\`.`,
    bad,
    good,
  };
}

/** The built-in Rego library (policy/k8s), for Pods and every workload with a pod template. */
export const BUILTIN_RULES: RuleDoc[] = [
  builtin(
    'k8s.image-tag',
    'An image has no tag or the latest tag.',
    'An image without a tag, or tagged `latest`, changes under the cluster without a commit: a rollback or a new node can run different code. Pin a version tag or a digest.',
    container('').replace(':1.4.2', ':latest'),
    container(''),
  ),
  builtin(
    'k8s.memory-limit',
    'A container has no memory limit.',
    'Without a memory limit one container can exhaust its node and get other pods evicted. Set resources.limits.memory.',
    container('      resources:\n        requests: { memory: 128Mi }\n'),
    container('      resources:\n        limits: { memory: 256Mi }\n'),
  ),
  builtin(
    'k8s.cpu-limit',
    'A container has no CPU limit.',
    'Without a CPU limit a busy container starves its neighbours on the node. Set resources.limits.cpu.',
    container('      resources:\n        limits: { memory: 256Mi }\n'),
    container('      resources:\n        limits: { memory: 256Mi, cpu: 500m }\n'),
  ),
  builtin(
    'k8s.capabilities',
    'A container does not drop all Linux capabilities.',
    'Containers get a default set of capabilities (NET_RAW, CHOWN, …) an attacker can use. Drop ALL and add back only what the process needs.',
    container('      securityContext:\n        capabilities: { add: [NET_ADMIN] }\n'),
    container('      securityContext:\n        capabilities: { drop: [ALL] }\n'),
  ),
  builtin(
    'k8s.read-only-root-filesystem',
    'A container does not use a read-only root filesystem.',
    'A writable root filesystem lets a compromised process change its own binaries. Set readOnlyRootFilesystem: true and mount an emptyDir where it must write.',
    container(''),
    container('      securityContext:\n        readOnlyRootFilesystem: true\n'),
  ),
  builtin(
    'k8s.privilege-escalation',
    'A container allows privilege escalation.',
    'Unless allowPrivilegeEscalation is false, a process can gain more privileges than its parent (setuid binaries). Set it to false.',
    container(''),
    container('      securityContext:\n        allowPrivilegeEscalation: false\n'),
  ),
  builtin(
    'k8s.run-as-root',
    'A container may run as root.',
    'runAsNonRoot must be true (on the container, else the pod) and runAsUser must not be 0, so the kubelet refuses to start the container as root.',
    container('      securityContext:\n        runAsUser: 0\n'),
    container('      securityContext:\n        runAsNonRoot: true\n'),
  ),
  builtin(
    'k8s.run-as-user',
    'A container runs with a UID below 10000.',
    'Low UIDs can collide with users of the host; a container that escapes would act as one of them. Set runAsUser (container or pod) to 10000 or more.',
    container('      securityContext:\n        runAsUser: 1000\n'),
    container('      securityContext:\n        runAsUser: 10001\n'),
  ),
  builtin(
    'k8s.privileged',
    'A container is privileged.',
    'A privileged container has every capability and the host\'s devices: it is root on the node. Remove privileged: true.',
    container('      securityContext:\n        privileged: true\n'),
    container('      securityContext:\n        privileged: false\n'),
  ),
  builtin(
    'k8s.host-network',
    'The pod uses the host network.',
    'hostNetwork: true puts the pod in the node\'s network namespace: it sees and can bind every interface of the node. Remove it.',
    pod('  hostNetwork: true\n'),
    pod(''),
  ),
  builtin('k8s.host-pid', 'The pod shares the host PID namespace.', 'hostPID: true lets the pod see and signal every process of the node. Remove it.', pod('  hostPID: true\n'), pod('')),
  builtin('k8s.host-ipc', 'The pod shares the host IPC namespace.', 'hostIPC: true lets the pod read the shared memory of processes on the node. Remove it.', pod('  hostIPC: true\n'), pod('')),
  builtin(
    'k8s.host-path',
    'The pod mounts a hostPath volume.',
    'A hostPath volume exposes the node\'s filesystem to the pod (and, writable, lets it change the node). Use a PersistentVolumeClaim, a ConfigMap or an emptyDir instead.',
    pod('  volumes:\n    - name: logs\n      hostPath: { path: /var/log }\n'),
    pod('  volumes:\n    - name: logs\n      emptyDir: {}\n'),
  ),
];
