import type { GitopsContext } from '../gitops/context.js';
import { collectObjects, type RepoObject } from '../gitops/objects.js';
import type { RepoPass } from '../pipeline/run.js';

/** A set of objects that go to one API server together: a cluster's, or those outside every cluster. */
export interface AdmissionSet {
  objects: RepoObject[];
  /** How messages name the set: `in cluster prod`. */
  where: string;
}

/**
 * The sets a repository's admission policies apply to: each cluster's set, and, for objects no cluster
 * receives (a repository without `clusters/`, or trees outside the layout), those objects with the
 * shared trees, as one more set.
 */
export function admissionSets(ctx: GitopsContext): AdmissionSet[] {
  const sets = ctx.clusters.map(({ cluster }) => ({ objects: cluster.objects, where: `in cluster ${cluster.name}` }));
  const outside = new Set(ctx.objects.filter((o) => ctx.repository.clustersReceiving(o.doc.file.path).length === 0));
  if (outside.size > 0) {
    const first = ctx.repository.clusters[0];
    const shared = (o: RepoObject) => first !== undefined && first.receives(o.doc.file.path) && first.placement(o.doc.file.path) === 'shared';
    sets.push({ objects: ctx.objects.filter((o) => outside.has(o) || shared(o)), where: 'in the checked trees' });
  }
  return sets;
}

/**
 * An admission pass's answer to a streamed run: every admission object is a setup document there (a tree that
 * mentions one is checked whole, and one found later starts the run again whole), so with none among them, the
 * pass finds nothing in the run.
 */
export function admissionInParts(isAdmission: (object: RepoObject) => boolean): NonNullable<RepoPass['inParts']> {
  return (setup) => (collectObjects(setup).some(isAdmission) ? undefined : null);
}
