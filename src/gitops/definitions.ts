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
  private readonly byKind = new Map<string, Map<string, Set<string>>>();

  add(kind: string, namespace: string, name: string): void {
    let names = this.byKind.get(kind);
    if (!names) this.byKind.set(kind, (names = new Map()));
    let namespaces = names.get(name);
    if (!namespaces) names.set(name, (namespaces = new Set()));
    namespaces.add(namespace);
  }

  has(kind: string, namespace: string, name: string): boolean {
    const namespaces = this.byKind.get(kind)?.get(name);
    return namespaces !== undefined && (namespaces.has(namespace) || namespaces.has(ANY_NAMESPACE));
  }

  /** The namespaces where `kind name` is defined, sorted. */
  namespacesOf(kind: string, name: string): string[] {
    return [...(this.byKind.get(kind)?.get(name) ?? [])].sort();
  }

  static of(objects: readonly RepoObject[], namespaceOf: (o: RepoObject) => string, kustomizations: readonly ParsedDocument[] = []): Definitions {
    const defs = new Definitions();
    for (const object of objects) {
      const namespace = namespaceOf(object);
      if (object.name) defs.add(object.kind, namespace, object.name);
      for (const [kind, name, ns] of createdBy(object, namespace)) defs.add(kind, ns, name);
    }
    for (const doc of kustomizations) {
      for (const generated of generatedNames(doc)) defs.add(generated.kind, generated.namespace ?? ANY_NAMESPACE, generated.name);
    }
    return defs;
  }
}

/** The objects an object makes exist: `[kind, name, namespace]`. */
function createdBy(object: RepoObject, namespace: string): Array<[string, string, string]> {
  const v = object.value;
  const name = object.name;
  switch (`${object.group}/${object.kind}`) {
    case 'bitnami.com/SealedSecret':
      return name ? [['Secret', name, namespace]] : [];
    case 'external-secrets.io/ExternalSecret': {
      const target = asString(valueAt(v, ['spec', 'target', 'name'])) ?? name;
      return target ? [['Secret', target, namespace]] : [];
    }
    case 'cert-manager.io/Certificate': {
      const secret = asString(valueAt(v, ['spec', 'secretName']));
      return secret ? [['Secret', secret, namespace]] : [];
    }
    case 'source.extensions.fluxcd.io/ArtifactGenerator':
      return asArray(valueAt(v, ['spec', 'artifacts'])).flatMap((a): Array<[string, string, string]> => {
        const artifact = asString(asObject(a)?.name);
        return artifact ? [['ExternalArtifact', artifact, namespace]] : [];
      });
    case 'helm.toolkit.fluxcd.io/HelmRelease': {
      if (valueAt(v, ['spec', 'install', 'createNamespace']) !== true) return [];
      const target = asString(valueAt(v, ['spec', 'targetNamespace'])) ?? namespace;
      return [['Namespace', target, '']];
    }
    default:
      return [];
  }
}
