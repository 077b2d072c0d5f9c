import { posix, resolve } from 'node:path';
import type { Finding } from '../../model/finding.js';
import type { PathSegment } from '../../documents/types.js';
import type { GitopsContext } from '../context.js';
import { asArray, asObject, asString, describe, findingAt, valueAt, type JsonObject, type RepoObject } from '../objects.js';

interface SourceRef {
  kind: string;
  name: string;
  namespace: string;
  /** The `sourceRef`/`chartRef` mapping inside the object. */
  path: PathSegment[];
}

/**
 * `gitops/flux-source`: a Flux Kustomization's `sourceRef` or a HelmRelease's chart source that no
 * object in the repository defines. `gitops/flux-path`: a Kustomization `spec.path` (or a HelmRelease
 * chart path in a GitRepository) that does not exist. Paths are checked where the source's content is
 * this repository: a GitRepository, or an ExternalArtifact its ArtifactGenerator copies from one.
 */
export function checkFlux(ctx: GitopsContext): Finding[] {
  const findings: Finding[] = [];
  const generators = artifactGenerators(ctx);
  // Each cluster's Kustomizations name the same sources and paths, and an artifact's rules grow with the clusters: one answer per source and path.
  const problems = new Map<string, string | undefined>();
  const problemOf = (ref: SourceRef, path: string) => {
    const key = `${ref.kind}\0${ref.namespace}\0${ref.name}\0${path}`;
    if (!problems.has(key)) problems.set(key, pathProblem(ctx, generators, ref, path));
    return problems.get(key);
  };
  for (const object of ctx.objects) {
    // A context file's findings are not reported: its sources and paths are not checked.
    if (object.doc.contextOnly) continue;
    const namespace = ctx.namespaceOf(object);
    if (object.group === 'kustomize.toolkit.fluxcd.io' && object.kind === 'Kustomization') {
      const ref = sourceRef(object.value, ['spec', 'sourceRef'], namespace);
      if (!ref) continue;
      if (missingSource(ctx, object, ref, findings)) continue;
      const path = asString(valueAt(object.value, ['spec', 'path'])) ?? '';
      const problem = problemOf(ref, path);
      if (problem) findings.push(findingAt(object, ['spec', 'path'], 'gitops/flux-path', 'error', `${describe(object)}: spec.path ${path} ${problem}`));
    } else if (object.group === 'helm.toolkit.fluxcd.io' && object.kind === 'HelmRelease') {
      const chartRef = sourceRef(object.value, ['spec', 'chartRef'], namespace);
      if (chartRef) missingSource(ctx, object, chartRef, findings);
      const ref = sourceRef(object.value, ['spec', 'chart', 'spec', 'sourceRef'], namespace);
      if (!ref || missingSource(ctx, object, ref, findings) || ref.kind !== 'GitRepository') continue;
      const chart = asString(valueAt(object.value, ['spec', 'chart', 'spec', 'chart']));
      const problem = chart === undefined ? undefined : problemOf(ref, chart);
      if (problem) findings.push(findingAt(object, ['spec', 'chart', 'spec', 'chart'], 'gitops/flux-path', 'error', `${describe(object)}: chart ${chart} ${problem}`));
    }
  }
  return findings;
}

function sourceRef(value: JsonObject, path: PathSegment[], namespace: string): SourceRef | undefined {
  const ref = asObject(valueAt(value, path));
  const kind = asString(ref?.kind);
  const name = asString(ref?.name);
  if (!kind || !name) return undefined;
  return { kind, name, namespace: asString(ref?.namespace) ?? namespace, path };
}

/** Reports a source defined nowhere in the repository; true if it was. */
function missingSource(ctx: GitopsContext, object: RepoObject, ref: SourceRef, findings: Finding[]): boolean {
  if (ctx.definitions.has(ref.kind, ref.namespace, ref.name) || ctx.settings.allow(ref.kind, ref.namespace, ref.name)) return false;
  findings.push(
    findingAt(object, [...ref.path, 'name'], 'gitops/flux-source', 'warning', `${describe(object)}: ${ref.kind} ${ref.namespace}/${ref.name} is defined nowhere in the repository`),
  );
  return true;
}

/** An ArtifactGenerator's artifact: the repository directories it copies, by the artifact directory they land in. */
type CopyRules = Array<{ to: string; from: string }>;

function artifactGenerators(ctx: GitopsContext): Map<string, CopyRules> {
  const artifacts = new Map<string, CopyRules>();
  for (const object of ctx.objects) {
    if (object.group !== 'source.extensions.fluxcd.io' || object.kind !== 'ArtifactGenerator') continue;
    const namespace = ctx.namespaceOf(object);
    // Only aliases of a GitRepository: its content is this repository.
    const aliases = new Set(
      asArray(valueAt(object.value, ['spec', 'sources'])).flatMap((s) => (asObject(s)?.kind === 'GitRepository' && asString(asObject(s)?.alias) ? [asString(asObject(s)?.alias)!] : [])),
    );
    for (const artifact of asArray(valueAt(object.value, ['spec', 'artifacts']))) {
      const name = asString(asObject(artifact)?.name);
      if (!name) continue;
      const rules: CopyRules = [];
      for (const copy of asArray(asObject(artifact)?.copy)) {
        const from = /^@([^/]+)\/(.*)$/.exec(asString(asObject(copy)?.from) ?? '');
        const to = /^@artifact\/?(.*)$/.exec(asString(asObject(copy)?.to) ?? '');
        if (from && to && aliases.has(from[1]!)) rules.push({ from: staticDirectory(from[2]!), to: trimPath(to[1]!) });
      }
      // Clusters often each define the same generator with their own overlay: any of them may hold the path.
      const key = `${namespace}\0${name}`;
      const known = artifacts.get(key);
      if (known) known.push(...rules);
      else artifacts.set(key, rules);
    }
  }
  return artifacts;
}

/** `./apps/` → `apps`, `.` → ``. */
function trimPath(path: string): string {
  const normal = posix.normalize(`./${path}`).replace(/\/+$/, '');
  return normal === '.' ? '' : normal.replace(/^\.\//, '');
}

/** The directory part of a copy pattern before its first glob: `apps/base/**` → `apps/base`. */
function staticDirectory(pattern: string): string {
  const glob = pattern.search(/[*?[{]/);
  if (glob < 0) return trimPath(pattern);
  return trimPath(pattern.slice(0, glob).replace(/[^/]*$/, ''));
}

/** Why `path` inside a source is not a directory of this repository, or undefined (also when that cannot be known). */
function pathProblem(ctx: GitopsContext, generators: Map<string, CopyRules>, ref: SourceRef, path: string): string | undefined {
  const inSource = trimPath(path);
  const isDirectory = (repoPath: string) => ctx.stat(resolve(ctx.settings.cwd, repoPath))?.isDirectory() === true;
  if (ref.kind === 'GitRepository') return isDirectory(inSource) ? undefined : 'does not exist in the repository';
  if (ref.kind !== 'ExternalArtifact') return undefined;
  const rules = generators.get(`${ref.namespace}\0${ref.name}`);
  if (!rules || rules.length === 0) return undefined;
  // Generators repeated across clusters give the same directory many times: each is asked and named once.
  const candidates = [
    ...new Set(
      rules.flatMap(({ from, to }) => {
        if (to === '' || inSource === to) return [posix.join(from, inSource.slice(to.length)) || '.'];
        return inSource.startsWith(`${to}/`) ? [posix.join(from, inSource.slice(to.length + 1))] : inSource === '' ? [from || '.'] : [];
      }),
    ),
  ];
  if (candidates.some(isDirectory)) return undefined;
  if (candidates.length === 0) return `is not in artifact ${ref.name} (its ArtifactGenerator copies nothing there)`;
  return `does not exist: artifact ${ref.name} takes it from ${candidates.join(', ')}, which is not a directory of the repository`;
}
