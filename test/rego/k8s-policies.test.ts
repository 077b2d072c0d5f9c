import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import YAML from 'yaml';
import { PolicySet } from '../../src/policy/rego/index.js';

// A conftest-style policy set written for these tests: a v1 helper library and v0 rules.
const lib = `package lib.kubernetes

import rego.v1

workload_kinds := {"Deployment", "StatefulSet", "DaemonSet"}

is_workload if workload_kinds[input.kind]

containers contains c if {
	is_workload
	some c in input.spec.template.spec.containers
}

name := input.metadata.name

image_tag(image) := tag if {
	parts := split(image, "/")
	last := parts[count(parts) - 1]
	contains(last, ":")
	tag := split(last, ":")[1]
} else := "latest"
`;

const main = `package main

import data.lib.kubernetes as k8s
import future.keywords.in

deny[msg] {
	c := k8s.containers[_]
	not c.resources.limits.memory
	msg := sprintf("%s %s: container %s has no memory limit", [input.kind, k8s.name, c.name])
}

deny[msg] {
	some c in k8s.containers
	k8s.image_tag(c.image) == "latest"
	msg := sprintf("%s %s: container %s uses the latest tag (%s)", [input.kind, k8s.name, c.name, c.image])
}

warn_no_probes[msg] {
	c := k8s.containers[_]
	not c.readinessProbe
	msg := sprintf("%s %s: container %s has no readinessProbe", [input.kind, k8s.name, c.name])
}

violation_replicas[{"msg": msg, "replicas": n}] {
	k8s.is_workload
	n := object.get(input.spec, "replicas", 1)
	n < 2
	msg := sprintf("%s %s runs %d replica(s)", [input.kind, k8s.name, n])
}
`;

const corpus = resolve(import.meta.dirname, '../../../shared/corpora/k8s-gitops-demo/clusters/kind');
const docs = (file: string) => YAML.parseAllDocuments(readFileSync(resolve(corpus, file), 'utf8')).map((d) => d.toJS()).filter((d) => d !== null);
const policies = PolicySet.compile([
  { path: 'policy/lib/kubernetes.rego', source: lib },
  { path: 'policy/main.rego', source: main },
]);

test('packages and rule names as conftest looks them up', () => {
  assert.deepEqual(policies.packages().get('main'), ['deny', 'violation_replicas', 'warn_no_probes']);
});

test('httpbin.yaml: the Deployment gets exact deny/warn/violation messages, other kinds none', () => {
  const results = docs('default/httpbin.yaml').map((input) => ({
    kind: input.kind,
    deny: policies.evalRule('data.main.deny', { input }).value,
    warn: policies.evalRule('data.main.warn_no_probes', { input }).value,
    violation: policies.evalRule('data.main.violation_replicas', { input }).value,
  }));
  assert.deepEqual(results.map((r) => r.kind), ['ServiceAccount', 'Service', 'Deployment', 'VirtualService']);
  assert.deepEqual(results[2], {
    kind: 'Deployment',
    deny: [
      'Deployment httpbin: container httpbin has no memory limit',
      'Deployment httpbin: container httpbin uses the latest tag (docker.io/kennethreitz/httpbin)',
    ],
    warn: ['Deployment httpbin: container httpbin has no readinessProbe'],
    violation: [{ msg: 'Deployment httpbin runs 1 replica(s)', replicas: 1 }],
  });
  for (const r of [results[0], results[1], results[3]]) assert.deepEqual([r!.deny, r!.warn, r!.violation], [[], [], []]);
});

test('flux-deployment.yaml: requests without limits is denied, the pinned tag is not', () => {
  const [input] = docs('flux/flux-deployment.yaml');
  const msg = 'Deployment flux: container flux has no memory limit';
  assert.deepEqual(policies.evalRule('data.main.deny', { input }).value, [msg]);
  assert.deepEqual(policies.query('data.main.deny[msg]', { input }).rows, [{ msg }]);
});

// Old-style (v0) policies in the shape of the widely copied conftest Kubernetes library:
// `=` unification, function clauses with patterns, partial sets fed by other partial sets.
const v0Lib = `package kubernetes

is_service {
	input.kind = "Service"
}

is_deployment {
	input.kind = "Deployment"
}

is_pod {
	input.kind = "Pod"
}

pod_containers(pod) = all_containers {
	keys = {"containers", "initContainers"}
	all_containers = [c | keys[k]; c = pod.spec[k][_]]
}

containers[container] {
	pods[pod]
	all_containers = pod_containers(pod)
	container = all_containers[_]
}

pods[pod] {
	is_deployment
	pod = input.spec.template
}

pods[pod] {
	is_pod
	pod = input
}

split_image(image) = [image, "latest"] {
	not contains(image, ":")
}

split_image(image) = [image_name, tag] {
	[image_name, tag] = split(image, ":")
}

dropped_capability(container, cap) {
	container.securityContext.capabilities.drop[_] == cap
}

name = input.metadata.name
kind = input.kind
`;

const v0Main = `package main

import data.kubernetes

name = input.metadata.name

required_deployment_labels {
	input.metadata.labels["app.kubernetes.io/name"]
	input.metadata.labels["app.kubernetes.io/instance"]
}

deny[msg] {
	kubernetes.is_deployment
	not required_deployment_labels
	msg = sprintf("%s must include Kubernetes recommended labels", [name])
}

violation[msg] {
	kubernetes.containers[container]
	[image_name, "latest"] = kubernetes.split_image(container.image)
	msg = sprintf("%s in the %s %s has an image, %s, using the latest tag", [container.name, kubernetes.kind, kubernetes.name, image_name])
}

warn[msg] {
	kubernetes.containers[container]
	not kubernetes.dropped_capability(container, "all")
	msg = sprintf("%s in the %s %s does not drop all capabilities", [container.name, kubernetes.kind, kubernetes.name])
}

exception[rules] {
	input.metadata.name == "skipme"
	rules = ["latest"]
}
`;

test('v0 library style: httpbin Deployment messages, nothing for the other kinds', () => {
  const v0 = PolicySet.compile([
    { path: 'policy/lib/kubernetes.rego', source: v0Lib },
    { path: 'policy/main.rego', source: v0Main },
  ]);
  const out = docs('default/httpbin.yaml').map((input) =>
    ['deny', 'violation', 'warn', 'exception'].map((r) => v0.evalRule(`data.main.${r}`, { input }).value),
  );
  assert.deepEqual(out[2], [
    ['httpbin must include Kubernetes recommended labels'],
    ['httpbin in the Deployment httpbin has an image, docker.io/kennethreitz/httpbin, using the latest tag'],
    ['httpbin in the Deployment httpbin does not drop all capabilities'],
    [],
  ]);
  for (const i of [0, 1, 3]) assert.deepEqual(out[i], [[], [], [], []]);
});
