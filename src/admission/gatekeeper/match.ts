import type { PathSegment } from '../../documents/types.js';
import { asArray, asObject, asString, isNamespace, type RepoObject } from '../../gitops/objects.js';
import { compileLabelSelector, labelsOf, type Labels } from '../label-selector.js';

/** An object of a cluster's set, as a constraint's `spec.match` sees it. */
export interface Subject {
  object: RepoObject;
  /** The namespace it lands in; `''` for a cluster-scoped object. */
  namespace: string;
  /** The labels of the Namespace it lands in, when the set defines that Namespace. */
  namespaceLabels?: Labels;
}

export type Match = (subject: Subject) => boolean;

export interface SpecProblem {
  problem: string;
  path: PathSegment[];
}

/**
 * Gatekeeper's name globs (`namespaces`, `excludedNamespaces`, `name`): `kube-*` matches a prefix,
 * `*-system` a suffix, `*x*` a substring; anything else matches itself.
 */
export function wildcard(pattern: string): (candidate: string) => boolean {
  const body = pattern.replace(/^\*/, '').replace(/\*$/, '');
  if (pattern.length > 1 && pattern.startsWith('*') && pattern.endsWith('*')) return (c) => c.includes(body);
  if (pattern.endsWith('*')) return (c) => c.startsWith(body);
  if (pattern.startsWith('*')) return (c) => c.endsWith(body);
  return (c) => c === pattern;
}

function stringsOf(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

/** The namespace a subject is matched by: a Namespace's own name, else the namespace it lands in. */
export function namespaceName({ object, namespace }: Subject): string {
  return isNamespace(object) ? (object.name ?? '') : namespace;
}

/**
 * A constraint's `spec.match` as Gatekeeper's matcher reads it: every criterion given must hold.
 * `kinds` (apiGroups × kinds, `*` for any), `scope`, `namespaces` and `excludedNamespaces` (globs; a
 * Namespace is matched by its own name, other cluster-scoped objects pass), `labelSelector`,
 * `namespaceSelector` (a Namespace's own labels; other cluster-scoped objects pass; a namespaced
 * object whose Namespace is not in the set does not match), `name` (a glob) and `source`.
 */
export function compileMatch(match: unknown): Match | SpecProblem {
  const spec = asObject(match) ?? {};
  const base: PathSegment[] = ['spec', 'match'];
  const tests: Match[] = [];
  const kinds = asArray(spec.kinds).map(asObject);
  if (kinds.length > 0) {
    tests.push(({ object }) =>
      kinds.some((entry) => {
        const groups = stringsOf(entry?.apiGroups);
        const names = stringsOf(entry?.kinds);
        const kindOk = names.length === 0 || names.includes('*') || names.includes(object.kind);
        return kindOk && (groups.length === 0 || groups.includes('*') || groups.includes(object.group));
      }),
    );
  }
  if (spec.scope === 'Cluster') tests.push(({ object, namespace }) => isNamespace(object) || namespace === '');
  if (spec.scope === 'Namespaced') tests.push(({ object, namespace }) => !isNamespace(object) && namespace !== '');
  const included = stringsOf(spec.namespaces).map(wildcard);
  if (included.length > 0) {
    tests.push((s) => {
      const ns = namespaceName(s);
      return ns === '' || included.some((m) => m(ns));
    });
  }
  const excluded = stringsOf(spec.excludedNamespaces).map(wildcard);
  if (excluded.length > 0) {
    tests.push((s) => {
      const ns = namespaceName(s);
      return ns === '' || !excluded.some((m) => m(ns));
    });
  }
  const labels = compileLabelSelector(spec.labelSelector);
  if ('problem' in labels) return { problem: `labelSelector: ${labels.problem}`, path: [...base, 'labelSelector'] };
  tests.push(({ object }) => labels(labelsOf(object.value)));
  if (spec.namespaceSelector !== undefined && spec.namespaceSelector !== null) {
    const selector = compileLabelSelector(spec.namespaceSelector);
    if ('problem' in selector) return { problem: `namespaceSelector: ${selector.problem}`, path: [...base, 'namespaceSelector'] };
    tests.push(({ object, namespace, namespaceLabels }) => {
      if (isNamespace(object)) return selector(labelsOf(object.value));
      if (namespace === '') return true;
      return namespaceLabels !== undefined && selector(namespaceLabels);
    });
  }
  const name = asString(spec.name);
  if (name !== undefined) {
    const matches = wildcard(name);
    tests.push(({ object }) => matches(object.name ?? ''));
  }
  // What the repository holds are originals; only expansion (not done here) generates objects.
  if (spec.source === 'Generated') return () => false;
  return (subject) => tests.every((test) => test(subject));
}
