import { ConfigError } from '../model/errors.js';

/** kubeconform's schema-location variables for one manifest. */
export interface TemplateValues {
  Group: string;
  ResourceKind: string;
  ResourceAPIVersion: string;
  KindSuffix: string;
  NormalizedKubernetesVersion: string;
  StrictSuffix: string;
}

const VARIABLE = /\{\{\s*\.(\w+)\s*\}\}/g;
const KNOWN = new Set(['Group', 'ResourceKind', 'ResourceAPIVersion', 'KindSuffix', 'NormalizedKubernetesVersion', 'StrictSuffix']);

// What Kubernetes allows in each part; anything else (`../x`, `a/b`, `%2e`) is never put into a path or URL.
const SAFE_GROUP = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)?$/;
const SAFE_VERSION = /^[a-z0-9]+$/;
const SAFE_KIND = /^[A-Za-z][A-Za-z0-9]*$/;

/** The template values for a manifest, or undefined when its apiVersion or kind could not name a schema file safely. */
export function templateValues(apiVersion: string, kind: string, kubernetesVersion: string, strict: boolean): TemplateValues | undefined {
  const parts = apiVersion.split('/');
  if (parts.length > 2) return undefined;
  const [group, version] = parts.length === 2 ? [parts[0]!, parts[1]!] : ['', parts[0]!];
  if (!SAFE_GROUP.test(group) || !SAFE_VERSION.test(version) || !SAFE_KIND.test(kind)) return undefined;
  return {
    Group: group || version, // kubeconform: the part before the slash, so `v1` for the core group
    ResourceKind: kind.toLowerCase(),
    ResourceAPIVersion: version,
    // kubeconform: `-<first label of the group, or the version>` then `-<version>` for grouped APIs
    KindSuffix: group ? `-${group.split('.')[0]}-${version}` : `-${version}`,
    NormalizedKubernetesVersion: `v${kubernetesVersion}`,
    StrictSuffix: strict ? '-strict' : '',
  };
}

/** Throws a ConfigError naming the first variable kubeconform does not define. */
export function checkTemplate(template: string): void {
  for (const match of template.matchAll(VARIABLE)) {
    if (!KNOWN.has(match[1]!)) throw new ConfigError(`schema location ${template}: unknown template variable .${match[1]}`);
  }
}

export function expandTemplate(template: string, values: TemplateValues, encode: (part: string) => string = (part) => part): string {
  return template.replace(VARIABLE, (_, name: string) => encode(values[name as keyof TemplateValues]));
}

export function isTemplate(location: string): boolean {
  return location.includes('{{');
}
