# Helpers the built-in rules share: where each workload kind keeps its pod spec, and every container
# with the path to it, so that findings point at the offending field.
package gitops_check.lib.kubernetes

import rego.v1

pod_spec_paths := {
	"Pod": ["spec"],
	"Deployment": ["spec", "template", "spec"],
	"StatefulSet": ["spec", "template", "spec"],
	"DaemonSet": ["spec", "template", "spec"],
	"ReplicaSet": ["spec", "template", "spec"],
	"ReplicationController": ["spec", "template", "spec"],
	"Job": ["spec", "template", "spec"],
	"CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
	"PodTemplate": ["template", "spec"],
}

kind := input.kind

name := input.metadata.name

pod_spec_path := pod_spec_paths[input.kind]

pod_spec := object.get(input, pod_spec_path, null)

# Every container and init container: {"container": …, "path": [… "containers", i]}.
containers contains {"container": container, "path": array.concat(pod_spec_path, [field, i])} if {
	is_object(pod_spec)
	some field in ["initContainers", "containers"]
	some i, container in pod_spec[field]
}

# A security setting as it applies to a container: its own securityContext, else the pod's.
security(container, field) := container.securityContext[field]

security(container, field) := pod_spec.securityContext[field] if {
	not has_key(object.get(container, "securityContext", {}), field)
}

has_key(obj, key) if _ = obj[key]

# "prefix in the Kind name": the subject of every container message.
subject(container) := sprintf("%s in the %s %s", [container.name, kind, name])

# An image with no tag or the `latest` tag, and no digest.
unpinned_image(image) if {
	not contains(image, "@")
	not contains(last_segment(image), ":")
}

unpinned_image(image) if {
	not contains(image, "@")
	endswith(last_segment(image), ":latest")
}

last_segment(image) := segment if {
	parts := split(image, "/")
	segment := parts[count(parts) - 1]
}
