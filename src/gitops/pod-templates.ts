import type { PathSegment } from '../documents/types.js';
import { asArray, asObject, asString, valueAt, type RepoObject } from './objects.js';

const WORKLOAD_GROUPS = new Set(['', 'apps', 'batch', 'extensions']);

/** Where each workload kind keeps its pod template (`[]`: a Pod is its own template). */
const TEMPLATE_PATHS: Record<string, PathSegment[]> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The path of a workload's pod template inside the object, if it is a built-in workload. */
export function podTemplatePath(object: Pick<RepoObject, 'group' | 'kind'>): PathSegment[] | undefined {
  if (!WORKLOAD_GROUPS.has(object.group) || !Object.hasOwn(TEMPLATE_PATHS, object.kind)) return undefined;
  return TEMPLATE_PATHS[object.kind];
}

/** The pod spec fields `podReferences` reads, copied by `copy` (other containers' and env entries' fields left out, indexes kept). */
export function referenceFields(spec: unknown, copy: (value: unknown) => unknown): unknown {
  const pod = asObject(spec);
  if (!pod) return undefined;
  const kept: Record<string, unknown> = {};
  for (const field of ['serviceAccountName', 'serviceAccount', 'volumes']) if (pod[field] !== undefined) kept[field] = copy(pod[field]);
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    const containers = pod[field];
    if (!Array.isArray(containers)) continue;
    kept[field] = containers.map((container) => {
      const c = asObject(container);
      if (!c) return null;
      const env = Array.isArray(c.env) ? c.env.map((e) => (asObject(e)?.valueFrom === undefined ? null : { valueFrom: copy(asObject(e)!.valueFrom) })) : undefined;
      return { ...(env && { env }), ...(c.envFrom !== undefined && { envFrom: copy(c.envFrom) }) };
    });
  }
  return kept;
}

/** A name a pod spec refers to, with the path (inside the pod spec) of the field that names it. */
export interface PodReference {
  kind: 'ConfigMap' | 'Secret' | 'ServiceAccount' | 'PersistentVolumeClaim';
  name: string;
  path: PathSegment[];
}

/** The objects a pod spec needs to start; references marked `optional: true` are left out. */
export function podReferences(spec: unknown): PodReference[] {
  const refs: PodReference[] = [];
  const add = (kind: PodReference['kind'], holder: unknown, key: string, path: PathSegment[]) => {
    const name = asString(asObject(holder)?.[key]);
    if (name !== undefined && asObject(holder)?.optional !== true) refs.push({ kind, name, path: [...path, key] });
  };
  const pod = asObject(spec);
  if (!pod) return refs;
  if (asString(pod.serviceAccountName)) add('ServiceAccount', pod, 'serviceAccountName', []);
  else add('ServiceAccount', pod, 'serviceAccount', []);
  asArray(pod.volumes).forEach((volume, i) => {
    const v = asObject(volume);
    add('ConfigMap', v?.configMap, 'name', ['volumes', i, 'configMap']);
    add('Secret', v?.secret, 'secretName', ['volumes', i, 'secret']);
    add('PersistentVolumeClaim', v?.persistentVolumeClaim, 'claimName', ['volumes', i, 'persistentVolumeClaim']);
    asArray(valueAt(v, ['projected', 'sources'])).forEach((source, j) => {
      const at: PathSegment[] = ['volumes', i, 'projected', 'sources', j];
      add('ConfigMap', asObject(source)?.configMap, 'name', [...at, 'configMap']);
      add('Secret', asObject(source)?.secret, 'name', [...at, 'secret']);
    });
  });
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    asArray(pod[field]).forEach((container, i) => {
      const c = asObject(container);
      asArray(c?.env).forEach((env, j) => {
        const at: PathSegment[] = [field, i, 'env', j, 'valueFrom'];
        add('ConfigMap', valueAt(env, ['valueFrom', 'configMapKeyRef']), 'name', [...at, 'configMapKeyRef']);
        add('Secret', valueAt(env, ['valueFrom', 'secretKeyRef']), 'name', [...at, 'secretKeyRef']);
      });
      asArray(c?.envFrom).forEach((source, j) => {
        add('ConfigMap', asObject(source)?.configMapRef, 'name', [field, i, 'envFrom', j, 'configMapRef']);
        add('Secret', asObject(source)?.secretRef, 'name', [field, i, 'envFrom', j, 'secretRef']);
      });
    });
  }
  return refs;
}
