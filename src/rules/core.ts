import { SUPPRESSION_CHECK } from '../adoption/suppressions.js';
import type { RuleDoc } from './model.js';

/** The checks that are neither yamllint rules, built-in policies nor GitOps checks. */
export const CORE_RULES: RuleDoc[] = [
  {
    id: 'schema',
    severity: 'error',
    onByDefault: true,
    origin: 'schema',
    summary: 'The document does not match the Kubernetes schema of its apiVersion and kind.',
    explanation:
      'Every object is validated against the OpenAPI schema of its apiVersion/kind for the cluster\'s Kubernetes version (kubeconform\'s job): unknown fields (strict by default), wrong types, missing required fields, enum values; removed apiVersions fail and deprecated ones warn; a kind with no schema fails unless --ignore-missing-schemas. A document that is not a Kubernetes object (not a mapping, no string apiVersion/kind) is reported here too. Fix the field the message names, or the apiVersion/kind.',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec:\n  replicas: "2"      # a string, not an integer\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec:\n  replicas: 2\n',
  },
  {
    id: 'file',
    severity: 'error',
    onByDefault: true,
    origin: 'file',
    summary: 'A file or directory that cannot be checked: unreadable, binary, not UTF-8/UTF-16, or too large.',
    explanation:
      'A file found under the checked trees that is not text the YAML pass can read: a permission problem, NUL bytes, an unknown encoding, or more bytes than maxFileSize (--max-file-size). Fix the file, or leave it out with --exclude or the config\'s exclude.',
    bad: '# clusters/prod/logo.yaml: a PNG with a .yaml name\n',
    good: '# exclude: ["**/*.png.yaml"] in .gitops-check.yaml, or rename the file\n',
  },
  {
    id: 'policy',
    severity: 'error',
    onByDefault: true,
    origin: 'gitops-check',
    summary: 'The policy pass could not evaluate a document (an evaluation limit was hit).',
    explanation:
      'A Rego rule ran past its evaluation budget on a document, or failed in a way that is not the policy\'s verdict. The finding names the rule; the rest of the run goes on. Simplify the rule or the document.',
    bad: '# a rule that recurses over a huge document without bound\n',
    good: '# a rule that walks only the fields it needs\n',
  },
  {
    id: SUPPRESSION_CHECK,
    severity: 'warning',
    onByDefault: true,
    origin: 'gitops-check',
    summary: 'A suppression gives no reason, or suppresses nothing any more.',
    explanation:
      'Suppressions (`# gitops-check:ignore <id> -- <reason>` on a finding\'s line or the line above, `# gitops-check:ignore-file <id> -- <reason>`, the annotation `gitops-check.io/ignore` with `gitops-check.io/ignore-reason`) must say why, after ` -- ` or in the reason annotation. One whose check id suppressed no finding in the run is stale: remove it, so silenced checks do not pile up.',
    bad: 'metadata:\n  name: web\nspec:\n  # gitops-check:ignore builtin/k8s.image-tag\n  image: nginx:latest\n',
    good: 'metadata:\n  name: web\nspec:\n  # gitops-check:ignore builtin/k8s.image-tag -- pinned by the image policy controller\n  image: nginx:latest\n',
  },
  {
    id: 'policy/<namespace>',
    family: 'policy/',
    severity: 'varies',
    onByDefault: true,
    origin: 'your policy',
    summary: "A Rego policy of the repository (conftest's conventions), by package.",
    explanation:
      'Rules `deny`, `violation` (error) and `warn` (warning), with `_suffix` variants, in the packages --namespace selects (default main) of policy/ or --policy. A result with a `path` is located at that node. `exception` rules turn results into EXCP lines. Change the manifest to satisfy the policy, or add an exception in the policy.',
    bad: '# policy/main.rego: deny contains "replicas must be at least 2" if input.spec.replicas < 2\nspec:\n  replicas: 1\n',
    good: 'spec:\n  replicas: 2\n',
  },
  {
    id: 'gatekeeper/<constraint kind>/<name>',
    family: 'gatekeeper/',
    severity: 'varies',
    onByDefault: true,
    origin: 'admission policy',
    summary: "A Gatekeeper Constraint of the repository, evaluated as the cluster's webhook would.",
    explanation:
      'ConstraintTemplates (Rego) and their Constraints found in the checked trees are evaluated against the manifests their match selects, so a change the admission webhook would reject fails the pull request instead of the sync. Constraints with enforcementAction warn or dryrun give warnings. Change the manifest, or the Constraint\'s match.',
    bad: '# Constraint K8sRequiredLabels must-have-owner requires label owner\nmetadata:\n  name: web\n',
    good: 'metadata:\n  name: web\n  labels: { owner: team-web }\n',
  },
  {
    id: 'vap/<policy>',
    family: 'vap/',
    severity: 'varies',
    onByDefault: true,
    origin: 'admission policy',
    summary: 'A ValidatingAdmissionPolicy of the repository (CEL), evaluated as the API server would.',
    explanation:
      'ValidatingAdmissionPolicies and their bindings found in the checked trees are evaluated against the manifests they match; a validation that fails is a finding with the policy\'s message. Bindings with validationActions [Warn] or [Audit] only give warnings. Change the manifest, or the binding\'s match.',
    bad: '# policy: object.spec.replicas <= 5\nspec:\n  replicas: 10\n',
    good: 'spec:\n  replicas: 5\n',
  },
];
