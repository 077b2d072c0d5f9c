import type { Finding } from '../../model/finding.js';
import type { GitopsContext } from '../context.js';
import { findingAt, whereIs, type RepoObject } from '../objects.js';
import type { Placement } from '../repository.js';

const ORDER: Record<Placement, number> = { shared: 0, included: 1, cluster: 2 };

/**
 * `gitops/duplicate`: the same group, kind, namespace and name twice in one cluster's set. The first
 * (base/ before included trees before the cluster's own tree, then path order) stands; each later one
 * is reported and names the first.
 */
export function checkDuplicates(ctx: GitopsContext): Finding[] {
  const findings: Finding[] = [];
  for (const { cluster } of ctx.clusters) {
    // An object alone under its key is held as it is: most are, and a list for each was most of what this check made.
    const groups = new Map<string, RepoObject | RepoObject[]>();
    for (const object of cluster.objects) {
      if (object.name === undefined) continue;
      const key = `${object.group}/${object.kind}\0${ctx.namespaceOf(object)}\0${object.name}`;
      const group = groups.get(key);
      if (group === undefined) groups.set(key, object);
      else if (Array.isArray(group)) group.push(object);
      else groups.set(key, [group, object]);
    }
    for (const group of groups.values()) {
      if (!Array.isArray(group)) continue;
      // A stable sort keeps the set's path order within each placement; the list is this check's own.
      const [first, ...later] = group.sort((a, b) => ORDER[cluster.placement(a.doc.file.path)] - ORDER[cluster.placement(b.doc.file.path)]);
      const namespace = ctx.namespaceOf(first!);
      let message: string | undefined;
      for (const object of later) {
        // Not reported: naming the first would locate it, parsing its file when it came from the cache.
        if (object.doc.contextOnly) continue;
        message ??= `duplicate ${first!.kind} ${namespace === '' ? '' : `${namespace}/`}${first!.name}: already defined at ${whereIs(first!)}`;
        findings.push(findingAt(object, ['metadata', 'name'], 'gitops/duplicate', 'error', message));
      }
    }
  }
  return findings;
}
