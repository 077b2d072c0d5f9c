/** JSON schema of `.gitops-check.yaml`. Unknown keys are errors: a typo must not silently do nothing. */
// `false` is how YAML 1.1 reads an unquoted `off`.
const checkSeverity = { enum: ['error', 'warning', 'off', false] };
const kubernetesVersion = { type: 'string', pattern: '^v?\\d+\\.\\d+(\\.\\d+)?$' };
const stringList = { type: 'array', items: { type: 'string' } };
const severityMap = {
  type: 'object',
  description: 'Check id (or prefix glob like `builtin/*`) → error | warning | off.',
  additionalProperties: checkSeverity,
};

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
        properties: {
          kubernetesVersion,
          include: { ...stringList, description: 'Trees this cluster receives besides the shared ones and its own directory (Flux: apps/production).' },
        },
      },
    },
    layout: {
      type: 'object',
      additionalProperties: false,
      description: 'Where the repository keeps what each cluster receives (default: clusters/<name>/ plus base/).',
      properties: {
        clusters: { type: 'string', description: 'The directory whose subdirectories are the clusters (default clusters).' },
        shared: { ...stringList, description: 'Trees every cluster receives (default [base]; Flux: [infrastructure, apps/base]).' },
      },
    },
    namespaceFromDirectory: {
      type: 'boolean',
      description: 'An object without metadata.namespace under clusters/<cluster>/<namespace>/ lands in that namespace (kustomize namespace:, Flux targetNamespace).',
    },
    references: {
      type: 'object',
      additionalProperties: false,
      description: 'The gitops/missing-reference and gitops/flux-source checks.',
      properties: {
        allow: { ...stringList, description: 'Objects created outside git that may be referenced: Kind/name or Kind/namespace/name, globs allowed.' },
      },
    },
    policies: { ...stringList, description: 'Rego policy directories or files (default: policy/ if it exists).' },
    data: { ...stringList, description: 'YAML/JSON files or directories loaded under `data` for the policies.' },
    namespaces: { ...stringList, description: 'Policy packages whose rules run (default [main]).' },
    builtinPolicies: { type: 'boolean', description: 'Run the built-in Kubernetes policy library (default true).' },
    disabledRules: { ...stringList, description: 'Built-in policy rule ids turned off, e.g. k8s.cpu-limit.' },
    failOnWarn: { type: 'boolean', description: 'Exit 1 on warnings too.' },
    maxFileSize: { type: 'integer', minimum: 1, description: 'Files larger than this many bytes are reported, not parsed.' },
    maxFindingsPerFile: { type: 'integer', minimum: 0, description: 'Text and step-summary lines per file before one line counting the rest (default 100; 0, no cap).' },
    yamllint: { type: 'object', description: 'A yamllint configuration (as in .yamllint), used instead of one found on disk.' },
    severity: severityMap,
    overrides: {
      type: 'array',
      description: 'Severities for some files: the last entry whose `files` globs match a file and that names the check wins over `severity`.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['files', 'severity'],
        properties: {
          files: { ...stringList, minItems: 1, description: 'Globs of files, relative to the repository root (`clusters/dev/**`).' },
          severity: severityMap,
        },
      },
    },
    baseline: { type: 'string', description: 'The baseline file (default .gitops-check-baseline.json, used when it exists).' },
  },
} as const;

export type CheckSeverity = 'error' | 'warning' | 'off';

export interface ClusterSettings {
  kubernetesVersion?: string;
  include?: string[];
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
  layout?: { clusters?: string; shared?: string[] };
  namespaceFromDirectory?: boolean;
  references?: { allow?: string[] };
  policies?: string[];
  data?: string[];
  namespaces?: string[];
  builtinPolicies?: boolean;
  disabledRules?: string[];
  failOnWarn?: boolean;
  maxFileSize?: number;
  maxFindingsPerFile?: number;
  severity?: Record<string, CheckSeverity>;
  overrides?: Array<{ files: string[]; severity: Record<string, CheckSeverity> }>;
  baseline?: string;
  yamllint?: Record<string, unknown>;
}
