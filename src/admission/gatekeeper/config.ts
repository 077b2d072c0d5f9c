import { asArray, asObject, type RepoObject } from '../../gitops/objects.js';
import { namespaceName, wildcard, type Subject } from './match.js';

export const CONFIG_GROUP = 'config.gatekeeper.sh';

/**
 * The namespaces Gatekeeper's Config (`config.gatekeeper.sh` `Config`) in a set exempts from its
 * validating webhook: `spec.match[].excludedNamespaces` (globs) of entries whose `processes` hold `*`
 * or `webhook`. A Namespace is exempt by its own name.
 */
export function webhookExemption(objects: readonly RepoObject[]): (subject: Subject) => boolean {
  const exempt: Array<(namespace: string) => boolean> = [];
  for (const object of objects) {
    if (object.group !== CONFIG_GROUP || object.kind !== 'Config') continue;
    for (const entry of asArray(asObject(object.value.spec)?.match).map(asObject)) {
      const processes = asArray(entry?.processes);
      if (!processes.includes('*') && !processes.includes('webhook')) continue;
      for (const pattern of asArray(entry?.excludedNamespaces)) if (typeof pattern === 'string') exempt.push(wildcard(pattern));
    }
  }
  return (subject) => {
    const name = namespaceName(subject);
    return name !== '' && exempt.some((matches) => matches(name));
  };
}
