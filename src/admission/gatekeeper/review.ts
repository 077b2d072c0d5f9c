import { asObject, versionOf, type JsonObject, type RepoObject } from '../../gitops/objects.js';

/** The object as the API server hands it to admission: with the namespace it lands in. */
function admittedObject(object: RepoObject, namespace: string): JsonObject {
  const metadata = asObject(object.value.metadata) ?? {};
  if (namespace === '' || metadata.namespace !== undefined) return object.value;
  return { ...object.value, metadata: { ...metadata, namespace } };
}

/**
 * `input.review` as Gatekeeper's validating webhook builds it from an AdmissionRequest for a create:
 * `kind` as {group, version, kind}, `name`, `namespace`, `operation: CREATE`, empty `userInfo`, no
 * `oldObject`; `_unstable.namespace` holds the object's Namespace when the set has it.
 */
export function reviewOf(object: RepoObject, namespace: string, namespaceObject: RepoObject | undefined): JsonObject {
  const review: JsonObject = {
    kind: { group: object.group, version: versionOf(object.apiVersion), kind: object.kind },
    name: object.name ?? '',
    namespace,
    operation: 'CREATE',
    userInfo: {},
    object: admittedObject(object, namespace),
  };
  if (namespaceObject) review._unstable = { namespace: namespaceObject.value };
  return review;
}

/**
 * Gatekeeper's `data.inventory` from a cluster's set, as its sync would replicate it:
 * `cluster[groupVersion][kind][name]` for cluster-scoped objects and
 * `namespace[ns][groupVersion][kind][name]` for namespaced ones.
 */
export function inventoryOf(objects: readonly RepoObject[], namespaceOf: (object: RepoObject) => string): JsonObject {
  // Keys are names from the manifests: no prototype, so `__proto__` is a name like any other.
  const cluster: JsonObject = Object.create(null);
  const namespaced: JsonObject = Object.create(null);
  const put = (root: JsonObject, keys: string[], value: JsonObject) => {
    let node = root;
    for (const key of keys.slice(0, -1)) {
      if (!Object.hasOwn(node, key)) node[key] = Object.create(null);
      node = node[key] as JsonObject;
    }
    node[keys[keys.length - 1]!] = value;
  };
  for (const object of objects) {
    if (object.name === undefined) continue;
    const namespace = namespaceOf(object);
    const value = admittedObject(object, namespace);
    if (namespace === '') put(cluster, [object.apiVersion, object.kind, object.name], value);
    else put(namespaced, [namespace, object.apiVersion, object.kind, object.name], value);
  }
  return { cluster, namespace: namespaced };
}
