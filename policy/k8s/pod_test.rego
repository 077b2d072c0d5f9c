package gitops_check.builtin_test

import data.gitops_check.builtin
import rego.v1

host_pod := {
	"apiVersion": "v1",
	"kind": "Pod",
	"metadata": {"name": "agent"},
	"spec": {
		"hostNetwork": true,
		"hostPID": true,
		"hostIPC": false,
		"containers": [hardened],
		"volumes": [
			{"name": "config", "configMap": {"name": "agent"}},
			{"name": "docker", "hostPath": {"path": "/var/run/docker.sock"}},
		],
	},
}

test_host_namespaces_and_host_paths if {
	builtin.deny == {
		{"id": "k8s.host-network", "msg": "The Pod agent is connected to the host network", "path": ["spec", "hostNetwork"]},
		{"id": "k8s.host-pid", "msg": "The Pod agent is sharing the host PID namespace", "path": ["spec", "hostPID"]},
		{
			"id": "k8s.host-path",
			"msg": "The Pod agent mounts the host path /var/run/docker.sock (volume docker)",
			"path": ["spec", "volumes", 1, "hostPath"],
		},
	} with input as host_pod
}
