import type { ParsedDocument } from '../documents/types.js';
import { generatedNames } from './kustomization.js';
import { asArray, asObject, asString, valueAt, type RepoObject } from './objects.js';

/** Any namespace: a kustomize generator without a namespace lands where its kustomization is applied. */
const ANY_NAMESPACE = '*';

/**
 * What a set of objects defines, by kind, name and namespace (`''` for cluster-scoped), including the
 * objects other objects create: a SealedSecret, ExternalSecret or cert-manager Certificate defines its
 * Secret, a kustomize generator its ConfigMap or Secret, a Flux ArtifactGenerator its ExternalArtifacts,
 * a HelmRelease with `install.createNamespace` its Namespace.
 */
export class Definitions {
  /** By kind, then name: the namespace it is defined in, or the namespaces when more than one (few names have two). */
  private readonly byKind = new Map<string, Map<string, string | Set<string>>>();

  add(kind: string, namespace: string, name: string): void {
    let names = this.byKind.get(kind);
    if (!names) this.byKind.set(kind, (names = new Map()));
    const defined = names.get(name);
    if (defined === undefined) names.set(name, namespace);
    else if (typeof defined !== 'string') defined.add(namespace);
    else if (defined !== namespace) names.set(name, new Set([defined, namespace]));
  }

  has(kind: string, namespace: string, name: string): boolean {
    const defined = this.byKind.get(kind)?.get(name);
    if (defined === undefined) return false;
    return typeof defined === 'string' ? defined === namespace || defined === ANY_NAMESPACE : defined.has(namespace) || defined.has(ANY_NAMESPACE);
  }

  /** The namespaces where `kind name` is defined, sorted. */
  namespacesOf(kind: string, name: string): string[] {
    const defined = this.byKind.get(kind)?.get(name);
    if (defined === undefined) return [];
    return typeof defined === 'string' ? [defined] : [...defined].sort();
  }

  /** Everything it holds as `[kind, namespace, name]`, to post to another thread (`addEntries`). */
  entries(): Array<[string, string, string]> {
    const entries: Array<[string, string, string]> = [];
    for (const [kind, names] of this.byKind) {
      for (const [name, defined] of names) {
        if (typeof defined === 'string') entries.push([kind, defined, name]);
        else for (const namespace of defined) entries.push([kind, namespace, name]);
      }
    }
    return entries;
  }

  addEntries(entries: Iterable<readonly [string, string, string]>): void {
    for (const [kind, namespace, name] of entries) this.add(kind, namespace, name);
  }

  /** Adds what the objects and the kustomizations' generators define. */
  addAll(objects: readonly RepoObject[], namespaceOf: (o: RepoObject) => string, kustomizations: readonly ParsedDocument[] = []): void {
    for (const object of objects) {
      const namespace = namespaceOf(object);
      if (object.name) this.add(object.kind, namespace, object.name);
      for (const [kind, name, ns] of createdBy(object, namespace)) this.add(kind, ns, name);
    }
    for (const doc of kustomizations) {
      for (const generated of generatedNames(doc)) this.add(generated.kind, generated.namespace ?? ANY_NAMESPACE, generated.name);
    }
  }

  static of(objects: readonly RepoObject[], namespaceOf: (o: RepoObject) => string, kustomizations: readonly ParsedDocument[] = []): Definitions {
    const defs = new Definitions();
    defs.addAll(objects, namespaceOf, kustomizations);
    return defs;
  }
}

const NOTHING: ReadonlyArray<[string, string, string]> = [];

/** The objects an object makes exist: `[kind, name, namespace]`. */
function createdBy(object: RepoObject, namespace: string): ReadonlyArray<[string, string, string]> {
  const v = object.value;
  const name = object.name;
  // By kind, then group: asked for every object, which mostly creates nothing, so no `group/kind` key is built.
  switch (object.kind) {
    case 'SealedSecret':
      return object.group === 'bitnami.com' && name ? [['Secret', name, namespace]] : NOTHING;
    case 'ExternalSecret': {
      if (object.group !== 'external-secrets.io') return NOTHING;
      const target = asString(valueAt(v, ['spec', 'target', 'name'])) ?? name;
      return target ? [['Secret', target, namespace]] : NOTHING;
    }
    case 'Certificate': {
      if (object.group !== 'cert-manager.io') return NOTHING;
      const secret = asString(valueAt(v, ['spec', 'secretName']));
      return secret ? [['Secret', secret, namespace]] : NOTHING;
    }
    case 'ArtifactGenerator':
      if (object.group !== 'source.extensions.fluxcd.io') return NOTHING;
      return asArray(valueAt(v, ['spec', 'artifacts'])).flatMap((a): Array<[string, string, string]> => {
        const artifact = asString(asObject(a)?.name);
        return artifact ? [['ExternalArtifact', artifact, namespace]] : [];
      });
    case 'HelmRelease': {
      if (object.group !== 'helm.toolkit.fluxcd.io' || valueAt(v, ['spec', 'install', 'createNamespace']) !== true) return NOTHING;
      const target = asString(valueAt(v, ['spec', 'targetNamespace'])) ?? namespace;
      return [['Namespace', target, '']];
    }
    default:
      return NOTHING;
  }
}
