package gitops_check.builtin_test

import data.gitops_check.builtin
import rego.v1

hardened := {
	"name": "web",
	"image": "ghcr.io/example/web:1.4.2",
	"resources": {"limits": {"cpu": "1", "memory": "512Mi"}},
	"securityContext": {
		"runAsNonRoot": true,
		"runAsUser": 10001,
		"readOnlyRootFilesystem": true,
		"allowPrivilegeEscalation": false,
		"capabilities": {"drop": ["ALL"]},
	},
}

deployment(container) := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "web"},
	"spec": {"template": {"spec": {"containers": [container]}}},
}

with_image(image) := object.union(hardened, {"image": image})

ids(results) := {r.id | some r in results}

test_a_hardened_container_passes if {
	count(builtin.deny) == 0 with input as deployment(hardened)
}

test_latest_tag_is_reported_at_the_image if {
	builtin.deny == {{
		"id": "k8s.image-tag",
		"msg": "web in the Deployment web has an image, nginx:latest, using the latest tag",
		"path": ["spec", "template", "spec", "containers", 0, "image"],
	}} with input as deployment(with_image("nginx:latest"))
}

test_no_tag_counts_as_latest if {
	ids(builtin.deny) == {"k8s.image-tag"} with input as deployment(with_image("localhost:5000/team/web"))
}

test_a_digest_pins_the_image if {
	count(builtin.deny) == 0 with input as deployment(with_image("nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31"))
}

test_missing_limits if {
	ids(builtin.deny) == {"k8s.memory-limit", "k8s.cpu-limit"} with input as deployment(object.remove(hardened, ["resources"]))
}

test_a_bare_container_fails_every_container_rule if {
	ids(builtin.deny) == {
		"k8s.memory-limit", "k8s.cpu-limit", "k8s.capabilities", "k8s.read-only-root-filesystem",
		"k8s.privilege-escalation", "k8s.run-as-root",
	} with input as deployment({"name": "bare", "image": "busybox:1.36"})
}

test_the_pod_security_context_applies_to_containers if {
	pod := {
		"apiVersion": "v1",
		"kind": "Pod",
		"metadata": {"name": "p"},
		"spec": {
			"securityContext": {"runAsNonRoot": true, "runAsUser": 20000},
			"containers": [object.union(hardened, {"securityContext": object.remove(hardened.securityContext, ["runAsNonRoot", "runAsUser"])})],
		},
	}
	count(builtin.deny) == 0 with input as pod
}

test_uid_zero_runs_as_root if {
	container := object.union(hardened, {"securityContext": object.union(hardened.securityContext, {"runAsUser": 0})})
	builtin.deny == {{
		"id": "k8s.run-as-root",
		"msg": "web in the Deployment web is running as root",
		"path": ["spec", "template", "spec", "containers", 0, "securityContext", "runAsUser"],
	}} with input as deployment(container)
}

test_uid_below_10000 if {
	container := object.union(hardened, {"securityContext": object.union(hardened.securityContext, {"runAsUser": 1000})})
	ids(builtin.deny) == {"k8s.run-as-user"} with input as deployment(container)
}

test_privileged if {
	container := object.union(hardened, {"securityContext": object.union(hardened.securityContext, {"privileged": true})})
	ids(builtin.deny) == {"k8s.privileged"} with input as deployment(container)
}

test_init_containers_and_cronjobs if {
	cronjob := {
		"apiVersion": "batch/v1",
		"kind": "CronJob",
		"metadata": {"name": "nightly"},
		"spec": {"jobTemplate": {"spec": {"template": {"spec": {"initContainers": [with_image("migrate")], "containers": [hardened]}}}}},
	}
	builtin.deny == {{
		"id": "k8s.image-tag",
		"msg": "web in the CronJob nightly has an image, migrate, using the latest tag",
		"path": ["spec", "jobTemplate", "spec", "template", "spec", "initContainers", 0, "image"],
	}} with input as cronjob
}

test_other_kinds_are_not_workloads if {
	count(builtin.deny) == 0 with input as {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"image": "x"}}
}
