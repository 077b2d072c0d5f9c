/** JSON schema of `.gitops-check.yaml`. Unknown keys are errors: a typo must not silently do nothing. */
const checkSeverity = { enum: ['error', 'warning', 'off'] };
const kubernetesVersion = { type: 'string', pattern: '^v?\\d+\\.\\d+(\\.\\d+)?$' };
const stringList = { type: 'array', items: { type: 'string' } };

export const configSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'gitops-check configuration (.gitops-check.yaml)',
  type: 'object',
  additionalProperties: false,
  properties: {
    paths: { ...stringList, description: 'Trees or files to check when no path is given on the command line.' },
    exclude: { ...stringList, description: 'Globs of files to leave out, relative to the repository root.' },
    kubernetesVersion: { ...kubernetesVersion, description: 'Kubernetes version to validate against, e.g. "1.29".' },
    strict: { type: 'boolean', description: 'Unknown fields are errors (default true).' },
    ignoreMissingSchemas: { type: 'boolean', description: 'Skip documents whose kind has no schema instead of failing.' },
    schemaLocations: { ...stringList, description: 'Extra schema locations (kubeconform template syntax), after the built-in store.' },
    skipKinds: { ...stringList, description: 'Kinds (`Kind` or `group/version/Kind`) not schema-validated.' },
    clusters: {
      type: 'object',
      description: 'Per-cluster settings, keyed by the directory name under clusters/.',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: { kubernetesVersion },
      },
    },
    failOnWarn: { type: 'boolean', description: 'Exit 1 on warnings too.' },
    maxFileSize: { type: 'integer', minimum: 1, description: 'Files larger than this many bytes are reported, not parsed.' },
    severity: {
      type: 'object',
      description: 'Check id (or prefix glob like `builtin/*`) → error | warning | off.',
      additionalProperties: checkSeverity,
    },
  },
} as const;

export type CheckSeverity = 'error' | 'warning' | 'off';

export interface ClusterSettings {
  kubernetesVersion?: string;
}

/** The config file's content once validated. */
export interface ConfigFile {
  paths?: string[];
  exclude?: string[];
  kubernetesVersion?: string;
  strict?: boolean;
  ignoreMissingSchemas?: boolean;
  schemaLocations?: string[];
  skipKinds?: string[];
  clusters?: Record<string, ClusterSettings>;
  failOnWarn?: boolean;
  maxFileSize?: number;
  severity?: Record<string, CheckSeverity>;
}
