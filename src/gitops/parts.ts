import type { Finding } from '../model/finding.js';
import type { ParsedDocument } from '../documents/types.js';
import { compareDisplayPaths } from '../discovery/discover.js';
import type { PartedRepoPass } from '../pipeline/run.js';
import { CLUSTER_CHECKS } from './checks/cluster-sets.js';
import { checkFlux } from './checks/flux.js';
import { checkKustomizeFiles } from './checks/kustomize-files.js';
import { checkNamespaceMismatch } from './checks/namespace-placement.js';
import { buildContext, type GitopsSettings } from './context.js';
import { Definitions } from './definitions.js';
import { collectObjects, objectsOf, uniqueFindings } from './objects.js';
import { clusterParts } from './repository.js';
import { createScopeOf, type ScopeOf } from './scope.js';

/** Flux's objects: the sources they name may be defined in any tree (`checkFlux`), so they are checked at the end. */
const FLUX_GROUP = /(^|\.)fluxcd\.io$/;

/** What a `--jobs` worker's parts hand the other workers' ends: what they define, and their findings on received files. */
interface Handover {
  definitions: Array<[string, string, string]>;
  onReceived: Array<{ cluster: string; findings: Finding[] }>;
}

/**
 * The GitOps checks cluster by cluster, as a streamed run reads each cluster's own tree (after the shared and
 * included trees, which it keeps to the end): a cluster's set is checked once read, and what was kept of its own
 * documents goes, but Flux's objects, checked at the end against what the whole repository defines. Objects one at
 * a time (namespace directories, kustomizations' files) are checked in their part, or at the end for the kept
 * trees. The findings are those of the whole pass. Undefined when the layout does not allow it (`clusterParts`).
 */
export function gitopsInParts(setup: readonly ParsedDocument[], paths: readonly string[], settings: GitopsSettings, knownScope?: ScopeOf): PartedRepoPass | undefined {
  const layout = clusterParts(paths, settings.layout);
  if (!layout) return undefined;
  // Every CRD is a setup document (a streamed run that meets one later starts again whole).
  const scopeOf = createScopeOf(collectObjects(setup), knownScope);
  const definitions = new Definitions();
  // Findings on files several clusters receive: each cluster may find the same one, told apart at the end. By
  // cluster (`name/`, which sorts as its tree), so that a worker's end puts every worker's in one thread's order.
  const onReceived: Handover['onReceived'] = [];
  return {
    parts: layout.parts,
    keeps: (doc) => objectsOf([doc]).some((object) => FLUX_GROUP.test(object.group)),
    check(part, own, kept) {
      // A cluster's set in path order, as the whole pass has it: the first of two duplicates is named.
      const received = layout.clusterOf(part) === undefined ? [] : kept.filter((doc) => layout.receives(part, doc.file.path));
      const documents = received.length === 0 ? own : [...received, ...own].sort((a, b) => compareDisplayPaths(a.file.path, b.file.path));
      const ctx = buildContext(documents, settings, undefined, { scopeOf });
      const isOwn = new Set(own);
      const objects = ctx.objects.filter((object) => isOwn.has(object.doc));
      const kustomizations = ctx.kustomizations.filter((doc) => isOwn.has(doc));
      definitions.addAll(objects, ctx.namespaceOf, kustomizations);
      const findings: Finding[] = [];
      const onTheirs: Finding[] = [];
      for (const finding of [...checkNamespaceMismatch(ctx, objects), ...CLUSTER_CHECKS.flatMap((check) => check(ctx)), ...checkKustomizeFiles(ctx, kustomizations)]) {
        (layout.receivedElsewhere(finding.file) ? onTheirs : findings).push(finding);
      }
      // Only a cluster's set holds files from elsewhere.
      if (onTheirs.length > 0) onReceived.push({ cluster: `${layout.clusterOf(part)}/`, findings: onTheirs });
      return uniqueFindings(findings);
    },
    handOver: (): Handover => ({ definitions: definitions.entries(), onReceived }),
    takeOver(theirs) {
      for (const other of theirs as Handover[]) {
        definitions.addEntries(other.definitions);
        onReceived.push(...other.onReceived);
      }
      onReceived.sort((a, b) => compareDisplayPaths(a.cluster, b.cluster));
    },
    end(kept) {
      const ctx = buildContext(kept, settings, undefined, { scopeOf, definitions });
      const received = (doc: ParsedDocument) => layout.receivedElsewhere(doc.file.path);
      const objects = ctx.objects.filter((object) => received(object.doc));
      const kustomizations = ctx.kustomizations.filter(received);
      // Complete before the Flux checks read it.
      definitions.addAll(objects, ctx.namespaceOf, kustomizations);
      return uniqueFindings([...onReceived.flatMap((part) => part.findings), ...checkNamespaceMismatch(ctx, objects), ...checkKustomizeFiles(ctx, kustomizations), ...checkFlux(ctx)]);
    },
  };
}
