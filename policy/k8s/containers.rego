# Built-in container rules, on by default. Each result names its rule id and the path of the offending
# node; messages follow the wording users know from conftest's Kubernetes policies.
package gitops_check.builtin

import data.gitops_check.lib.kubernetes as k8s
import rego.v1

deny contains {"id": "k8s.image-tag", "msg": msg, "path": array.concat(c.path, ["image"])} if {
	some c in k8s.containers
	k8s.unpinned_image(c.container.image)
	msg := sprintf("%s has an image, %s, using the latest tag", [k8s.subject(c.container), c.container.image])
}

deny contains {"id": "k8s.memory-limit", "msg": msg, "path": array.concat(c.path, ["resources", "limits"])} if {
	some c in k8s.containers
	not c.container.resources.limits.memory
	msg := sprintf("%s does not have a memory limit set", [k8s.subject(c.container)])
}

deny contains {"id": "k8s.cpu-limit", "msg": msg, "path": array.concat(c.path, ["resources", "limits"])} if {
	some c in k8s.containers
	not c.container.resources.limits.cpu
	msg := sprintf("%s does not have a CPU limit set", [k8s.subject(c.container)])
}

deny contains {"id": "k8s.capabilities", "msg": msg, "path": array.concat(c.path, ["securityContext", "capabilities", "drop"])} if {
	some c in k8s.containers
	not drops_all(c.container)
	msg := sprintf("%s doesn't drop all capabilities", [k8s.subject(c.container)])
}

deny contains {"id": "k8s.read-only-root-filesystem", "msg": msg, "path": array.concat(c.path, ["securityContext", "readOnlyRootFilesystem"])} if {
	some c in k8s.containers
	not c.container.securityContext.readOnlyRootFilesystem == true
	msg := sprintf("%s is not using a read only root filesystem", [k8s.subject(c.container)])
}

deny contains {"id": "k8s.privilege-escalation", "msg": msg, "path": array.concat(c.path, ["securityContext", "allowPrivilegeEscalation"])} if {
	some c in k8s.containers
	not c.container.securityContext.allowPrivilegeEscalation == false
	msg := sprintf("%s allows privilege escalation", [k8s.subject(c.container)])
}

deny contains {"id": "k8s.run-as-root", "msg": msg, "path": array.concat(c.path, ["securityContext", field])} if {
	some c in k8s.containers
	some field in root_settings(c.container)
	msg := sprintf("%s is running as root", [k8s.subject(c.container)])
}

deny contains {"id": "k8s.run-as-user", "msg": msg, "path": array.concat(c.path, ["securityContext", "runAsUser"])} if {
	some c in k8s.containers
	uid := k8s.security(c.container, "runAsUser")
	uid < 10000
	uid != 0
	msg := sprintf("%s has a UID of less than 10000", [k8s.subject(c.container)])
}

deny contains {"id": "k8s.privileged", "msg": msg, "path": array.concat(c.path, ["securityContext", "privileged"])} if {
	some c in k8s.containers
	c.container.securityContext.privileged == true
	msg := sprintf("%s is privileged", [k8s.subject(c.container)])
}

drops_all(container) if {
	some cap in container.securityContext.capabilities.drop
	upper(cap) == "ALL"
}

# Why a container runs as root, by the field that says so: UID 0, or nothing requiring non-root.
root_settings(container) := {"runAsUser"} if {
	k8s.security(container, "runAsUser") == 0
} else := {"runAsNonRoot"} if {
	not k8s.security(container, "runAsNonRoot") == true
} else := set()
