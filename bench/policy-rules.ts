/**
 * The Rego interpreter alone: a 10-rule conftest-style policy set (two packages, v0 and v1 syntax,
 * a shared library) compiled once, then evaluated on every document of ../shared/corpora.
 * Prints the compile cost (median of 20) and evaluations per second (one evaluation = the whole
 * package on one document, as the policy pass runs it). Run: node --import tsx bench/policy-rules.ts [copies]
 */
import { loadavg } from 'node:os';
import { parseYamlFile } from '../src/documents/parse-file.js';
import { evaluatePackage, packageRules } from '../src/policy/evaluate.js';
import { PolicySet } from '../src/policy/rego/index.js';
import { corpusSources, time } from './tree.js';

const LIB = `package lib.k8s

import rego.v1

workload_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}

pod_spec := input.spec if input.kind == "Pod"
pod_spec := input.spec.template.spec if input.kind in workload_kinds
pod_spec := input.spec.jobTemplate.spec.template.spec if input.kind == "CronJob"

containers contains c if some c in pod_spec.containers
containers contains c if some c in pod_spec.initContainers

name := input.metadata.name
`;

const MAIN = `package main

import rego.v1
import data.lib.k8s

deny contains msg if {
	some c in k8s.containers
	endswith(c.image, ":latest")
	msg := sprintf("%s in the %s %s has an image, %s, using the latest tag", [c.name, input.kind, k8s.name, c.image])
}

deny contains msg if {
	some c in k8s.containers
	not contains(c.image, ":")
	msg := $"{c.name} in the {input.kind} {k8s.name} has an image without a tag"
}

deny_memory_limit contains msg if {
	some c in k8s.containers
	not c.resources.limits.memory
	msg := sprintf("%s in the %s %s does not have a memory limit set", [c.name, input.kind, k8s.name])
}

deny_cpu_limit contains msg if {
	some c in k8s.containers
	not c.resources.limits.cpu
	msg := sprintf("%s in the %s %s does not have a CPU limit set", [c.name, input.kind, k8s.name])
}

deny_privileged contains {"msg": msg, "details": {"path": ["spec", "containers", i, "securityContext", "privileged"]}} if {
	some i, c in k8s.pod_spec.containers
	c.securityContext.privileged == true
	msg := sprintf("%s is privileged", [c.name])
}

deny_host_namespaces contains msg if {
	some field in ["hostNetwork", "hostPID", "hostIPC"]
	k8s.pod_spec[field] == true
	msg := sprintf("%s %s uses %s", [input.kind, k8s.name, field])
}

deny_host_path contains msg if {
	some v in k8s.pod_spec.volumes
	v.hostPath
	msg := sprintf("%s %s mounts the host path %s", [input.kind, k8s.name, v.hostPath.path])
}

violation_run_as_root contains msg if {
	some c in k8s.containers
	not c.securityContext.runAsNonRoot
	not k8s.pod_spec.securityContext.runAsNonRoot
	msg := sprintf("%s in the %s %s may run as root", [c.name, input.kind, k8s.name])
}

warn_labels contains msg if {
	input.kind in k8s.workload_kinds
	missing := {"app.kubernetes.io/name", "app.kubernetes.io/part-of"} - {l | input.metadata.labels[l]}
	count(missing) > 0
	msg := sprintf("%s %s lacks the labels %v", [input.kind, k8s.name, sort(missing)])
}
`;

const V0 = `package main

warn_replicas[msg] {
	input.kind == "Deployment"
	input.spec.replicas < 2
	msg := sprintf("Deployment %s runs %d replica(s)", [input.metadata.name, input.spec.replicas])
}
`;

const copies = Number(process.argv[2] ?? 3);
const modules = [
  { path: 'policy/lib/k8s.rego', source: LIB },
  { path: 'policy/main.rego', source: MAIN },
  { path: 'policy/replicas.rego', source: V0 },
];

const compiles = Array.from({ length: 20 }, () => time(() => PolicySet.compile(modules)).ms).sort((a, b) => a - b);
const set = PolicySet.compile(modules);
const [target] = packageRules(set, ['main']);
const inputs = corpusSources(copies).flatMap((file) => parseYamlFile(file).documents.map((d) => d.value).filter((v) => v !== null && typeof v === 'object'));

const rules = target!.rules.length;
const run = time(() => inputs.reduce((n, input) => n + evaluatePackage(set, target!, input, {}).length, 0));
console.log(`${inputs.length} documents (${copies} copies of the corpora), ${rules} rule names (10 rule bodies) in package main, load ${loadavg()[0]!.toFixed(1)}`);
console.log(`compile: ${compiles[10]!.toFixed(1)} ms median, ${compiles[0]!.toFixed(1)} ms best (3 modules)`);
console.log(`evaluate: ${run.ms.toFixed(0)} ms, ${Math.round(inputs.length / (run.ms / 1000))} documents/s, ${Math.round((inputs.length * rules) / (run.ms / 1000))} rule evaluations/s, ${run.result} results`);
