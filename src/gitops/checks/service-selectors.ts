import type { Finding } from '../../model/finding.js';
import type { GitopsContext } from '../context.js';
import { asObject, describe, findingAt, valueAt } from '../objects.js';
import { podTemplatePath } from '../pod-templates.js';
import { isBuiltInGroup } from '../scope.js';

type Labels = Record<string, unknown>;

/**
 * `gitops/missing-reference`: a Service whose selector matches no pod template in its namespace of
 * the cluster's set. Templates are indexed by namespace and label pair, so each selector is tried
 * only against the templates that carry its rarest pair. Operators label the pods they create after
 * the custom resource they create them from (a Prometheus `k8s`, a HelmRelease `podinfo`): a selector
 * with the name of a custom resource of its namespace as a value selects those.
 */
export function checkServiceSelectors(ctx: GitopsContext): Finding[] {
  const findings: Finding[] = [];
  for (const { cluster } of ctx.clusters) {
    const byPair = new Map<string, Labels[]>();
    const customResources = new Set<string>();
    for (const object of cluster.objects) {
      if (!isBuiltInGroup(object.group) && object.name !== undefined) customResources.add(`${ctx.namespaceOf(object)}\0${object.name}`);
      const template = podTemplatePath(object);
      const labels = template && asObject(valueAt(object.value, [...template, 'metadata', 'labels']));
      if (!labels) continue;
      const namespace = ctx.namespaceOf(object);
      for (const [key, value] of Object.entries(labels)) {
        const pair = `${namespace}\0${key}=${String(value)}`;
        const list = byPair.get(pair);
        if (list) list.push(labels);
        else byPair.set(pair, [labels]);
      }
    }
    for (const object of cluster.objects) {
      // A context file's Services are not reported on (its templates above still count).
      if (object.doc.contextOnly || object.group !== '' || object.kind !== 'Service' || valueAt(object.value, ['spec', 'type']) === 'ExternalName') continue;
      const selector = asObject(valueAt(object.value, ['spec', 'selector']));
      const pairs = Object.entries(selector ?? {});
      if (pairs.length === 0) continue;
      const namespace = ctx.namespaceOf(object);
      if (pairs.some(([, value]) => customResources.has(`${namespace}\0${String(value)}`))) continue;
      const candidates = pairs.map(([key, value]) => byPair.get(`${namespace}\0${key}=${String(value)}`) ?? []).sort((a, b) => a.length - b.length)[0]!;
      if (candidates.some((labels) => pairs.every(([key, value]) => Object.hasOwn(labels, key) && String(labels[key]) === String(value)))) continue;
      const text = pairs.map(([key, value]) => `${key}=${String(value)}`).join(', ');
      findings.push(
        findingAt(object, ['spec', 'selector'], 'gitops/missing-reference', 'warning', `${describe(object)}: selector ${text} matches no pod template in namespace ${namespace} in cluster ${cluster.name}`, 'key'),
      );
    }
  }
  return findings;
}
