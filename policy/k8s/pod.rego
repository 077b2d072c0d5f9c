# Built-in pod-level rules, on by default: host namespaces and host paths.
package gitops_check.builtin

import data.gitops_check.lib.kubernetes as k8s
import rego.v1

host_namespaces := {
	"hostNetwork": {"id": "k8s.host-network", "what": "is connected to the host network"},
	"hostPID": {"id": "k8s.host-pid", "what": "is sharing the host PID namespace"},
	"hostIPC": {"id": "k8s.host-ipc", "what": "is sharing the host IPC namespace"},
}

deny contains {"id": rule.id, "msg": msg, "path": array.concat(k8s.pod_spec_path, [field])} if {
	some field, rule in host_namespaces
	k8s.pod_spec[field] == true
	msg := sprintf("The %s %s %s", [k8s.kind, k8s.name, rule.what])
}

deny contains {"id": "k8s.host-path", "msg": msg, "path": array.concat(k8s.pod_spec_path, ["volumes", i, "hostPath"])} if {
	some i, volume in k8s.pod_spec.volumes
	volume.hostPath
	msg := sprintf("The %s %s mounts the host path %s (volume %s)", [k8s.kind, k8s.name, volume.hostPath.path, volume.name])
}
