/**
 * What each check id means, for formats that describe their rules (SARIF) and for the rules listing.
 * Data only: a check without an entry of its own is described by its family (the id's prefix).
 */
export interface CheckDescription {
  /** One line: what the check finds. */
  description: string;
  /** One line: what to do about a finding. */
  help: string;
}

export const CHECKS: Readonly<Record<string, CheckDescription>> = {
  'yaml/syntax': {
    description: 'The file is not valid YAML.',
    help: 'Fix the syntax at the position given; a document that does not parse is not checked further.',
  },
  'yaml/key-duplicates': {
    description: 'A mapping has the same key twice; tools disagree on which value wins.',
    help: 'Keep one of the keys and remove or rename the other.',
  },
  schema: {
    description: 'The document does not match the Kubernetes schema of its apiVersion and kind.',
    help: 'Correct the field named in the message, or the apiVersion/kind if the schema is the wrong one.',
  },
  file: {
    description: 'The file cannot be checked: unreadable, binary, not UTF-8 or too large.',
    help: 'Fix or exclude the file (--exclude, or exclude in .gitops-check.yaml).',
  },
};

/** Descriptions of check families, by id prefix, for ids without an entry in CHECKS. */
export const CHECK_FAMILIES: Readonly<Record<string, CheckDescription>> = {
  'yaml/': {
    description: 'A yamllint rule: YAML style and syntax.',
    help: 'Fix the line as the message says, or configure the rule in .yamllint.',
  },
  'policy/': {
    description: 'A Rego policy of the repository (conftest conventions).',
    help: 'Change the manifest to satisfy the policy, or add an exception in the policy.',
  },
  'builtin/': {
    description: 'A policy of the built-in library.',
    help: 'Change the manifest as the message says, or set the check to off in .gitops-check.yaml severity.',
  },
  'gitops/': {
    description: 'A repository-wide GitOps check across the objects a cluster receives.',
    help: 'Make the objects consistent as the message says (names, namespaces, references, paths).',
  },
  'gatekeeper/': {
    description: "A Gatekeeper constraint from the repository, evaluated as the cluster's webhook would.",
    help: 'Change the manifest so the admission webhook accepts it.',
  },
  'vap/': {
    description: 'A ValidatingAdmissionPolicy from the repository, evaluated as the API server would.',
    help: 'Change the manifest so the admission policy accepts it.',
  },
};

export const GENERIC_CHECK: CheckDescription = {
  description: 'A gitops-check finding.',
  help: 'Fix the manifest as the message says.',
};

export function describeCheck(id: string): CheckDescription {
  const own = CHECKS[id];
  if (own) return own;
  const family = Object.keys(CHECK_FAMILIES).find((prefix) => id.startsWith(prefix));
  return family ? CHECK_FAMILIES[family]! : GENERIC_CHECK;
}
