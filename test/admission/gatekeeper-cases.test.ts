import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const FIXTURES = join(REPO_ROOT, 'test/admission/fixtures/gatekeeper');

/** The output lines of a run over one fixture tree (each has failures: exit 1). */
function linesOf(fixture: string): string[] {
  const r = runCli(['--no-builtin-policies'], join(FIXTURES, fixture));
  assert.equal(r.code, 1, r.stderr);
  return r.lines;
}

test('templates Gatekeeper would reject are FAILs on the template, at the Rego line when the interpreter names one; a repository without clusters/ is one set', () => {
  assert.deepEqual(linesOf('no-clusters'), [
    'PASS - apps/config.yaml - Namespace shop',
    // An evaluation error is reported on the object, naming where in the template it arose; the other constraints still run.
    'FAIL - apps/config.yaml:7:1 - K8sConflict conflict: evaluation failed on ConfigMap settings: eval_conflict_error: complete rules must not produce multiple outputs (policies/templates.yaml:148:9) (gatekeeper/K8sConflict/conflict)',
    // input.review as Gatekeeper builds it for a create; input.parameters from the constraint.
    'FAIL - apps/config.yaml:7:1 - {"kind":{"group":"","kind":"ConfigMap","version":"v1"},"name":"settings","namespace":"shop","nsLabels":{"team":"shop"},"objectNamespace":"shop","oldObject":"absent","operation":"CREATE","parameters":{"note":"from the constraint"},"userInfo":{}} (gatekeeper/K8sReviewShape/shape)',
    // data.inventory.cluster holds the set's Namespaces: shop, not default.
    'FAIL - apps/config.yaml:14:1 - namespace default is not defined in the inventory (gatekeeper/K8sNamespaceExists/namespace-exists)',
    // No metadata.namespace: the object lands in `default`, as `kubectl apply` would put it.
    'FAIL - apps/config.yaml:14:1 - {"kind":{"group":"","kind":"ConfigMap","version":"v1"},"name":"defaults","namespace":"default","nsLabels":{},"objectNamespace":"default","oldObject":"absent","operation":"CREATE","parameters":{"note":"from the constraint"},"userInfo":{}} (gatekeeper/K8sReviewShape/shape)',
    'PASS - policies/constraints.yaml - K8sReviewShape shape',
    'PASS - policies/constraints.yaml - K8sConflict conflict',
    'PASS - policies/constraints.yaml - K8sCelOnly cel',
    'PASS - policies/constraints.yaml - K8sNamespaceExists namespace-exists',
    'PASS - policies/templates.yaml - ConstraintTemplate k8sreviewshape',
    'FAIL - policies/templates.yaml:26:9 - ConstraintTemplate wrongname: metadata.name must be the lowercase of the constraint kind K8sWrongName (k8swrongname) (gatekeeper/K8sWrongName)',
    'FAIL - policies/templates.yaml:43:3 - ConstraintTemplate nokind: spec.crd.spec.names.kind is missing: the template defines no constraint kind (gatekeeper/nokind)',
    'FAIL - policies/templates.yaml:57:15 - ConstraintTemplate k8sotherteam: target "audit.example.com" is not admission.k8s.gatekeeper.sh, the target Gatekeeper\'s validating webhook evaluates (gatekeeper/K8sOtherTeam)',
    'FAIL - policies/templates.yaml:72:13 - ConstraintTemplate k8snoviolation: the rego defines no violation rule in package k8snoviolation (gatekeeper/K8sNoViolation)',
    'FAIL - policies/templates.yaml:88:11 - ConstraintTemplate k8sbadlib: lib package helpers must start with "lib." (gatekeeper/K8sBadLib)',
    // A parse error at the end of a lib: the end of its last line.
    'FAIL - policies/templates.yaml:94:51 - ConstraintTemplate k8sbadlib: rego_parse_error: unexpected eof token: expected ) (gatekeeper/K8sBadLib)',
    'WARN - policies/templates.yaml:111:9 - ConstraintTemplate k8scelonly: only K8sNativeValidation (CEL) code, which gitops-check does not evaluate in templates: constraints of kind K8sCelOnly are not checked (gatekeeper/K8sCelOnly)',
    // A folded scalar's lines do not map to the file's: the error is placed at the value.
    'FAIL - policies/templates.yaml:130:19 - ConstraintTemplate k8sfolded: rego_parse_error: unexpected } token (gatekeeper/K8sFolded)',
    'PASS - policies/templates.yaml - ConstraintTemplate k8sconflict',
    'PASS - policies/templates.yaml - ConstraintTemplate k8snamespaceexists',
    '3 files, 17 documents · 8 passed · 8 failed · 1 warning · 0 skipped · T s',
  ]);
});

test('spec.match: kinds, namespaces and excludedNamespaces globs, name, scope, namespaceSelector, source; enforcement actions, scoped too; invalid selectors and actions are FAILs on the constraint', () => {
  assert.deepEqual(linesOf('match'), [
    'PASS - constraints.yaml - K8sMatched system-namespaces',
    'PASS - constraints.yaml - K8sMatched settings-by-name',
    'PASS - constraints.yaml - K8sMatched cluster-scoped',
    'PASS - constraints.yaml - K8sMatched namespaced-in-kube',
    'PASS - constraints.yaml - K8sMatched team-shop',
    'PASS - constraints.yaml - K8sMatched generated-only',
    'FAIL - constraints.yaml:65:7 - K8sMatched bad-selector: spec.match.labelSelector: matchExpressions[0]: unknown operator "Bogus" (In, NotIn, Exists, DoesNotExist) (gatekeeper/K8sMatched/bad-selector)',
    'FAIL - constraints.yaml:73:22 - K8sMatched unknown-action: unknown enforcementAction "block" (deny, warn, dryrun or scoped) (gatekeeper/K8sMatched/unknown-action)',
    'PASS - constraints.yaml - K8sMatched scoped-warn-at-admission',
    'PASS - constraints.yaml - K8sMatched scoped-audit-only',
    // A Namespace is matched by its own labels and name; other cluster-scoped objects pass namespaceSelector.
    'FAIL - objects.yaml:1:1 - matched Namespace shop in namespace "" (gatekeeper/K8sMatched/cluster-scoped)',
    'WARN - objects.yaml:1:1 - matched Namespace shop in namespace "" (gatekeeper/K8sMatched/team-shop)',
    'FAIL - objects.yaml:7:1 - matched Namespace payments-system in namespace "" (gatekeeper/K8sMatched/cluster-scoped)',
    'FAIL - objects.yaml:12:1 - matched ConfigMap settings-a in namespace "payments-system" (gatekeeper/K8sMatched/settings-by-name)',
    'FAIL - objects.yaml:12:1 - matched ConfigMap settings-a in namespace "payments-system" (gatekeeper/K8sMatched/system-namespaces)',
    'WARN - objects.yaml:18:1 - matched ConfigMap settings-b in namespace "shop" (gatekeeper/K8sMatched/team-shop)',
    // kube-public has no Namespace object in the set: namespaceSelector (team-shop) does not match it.
    'FAIL - objects.yaml:24:1 - matched ConfigMap other in namespace "kube-public" (gatekeeper/K8sMatched/namespaced-in-kube)',
    'FAIL - objects.yaml:30:1 - matched ClusterRole reader in namespace "" (gatekeeper/K8sMatched/cluster-scoped)',
    // scopedEnforcementActions: the action for validation.gatekeeper.sh; scoped-audit-only does not act at admission.
    'WARN - objects.yaml:30:1 - matched ClusterRole reader in namespace "" (gatekeeper/K8sMatched/scoped-warn-at-admission)',
    'WARN - objects.yaml:30:1 - matched ClusterRole reader in namespace "" (gatekeeper/K8sMatched/team-shop)',
    'PASS - template.yaml - ConstraintTemplate k8smatched',
    '3 files, 17 documents · 9 passed · 7 failed · 1 warning · 0 skipped · T s',
  ]);
});

test('the schema pass knows ConstraintTemplate and the constraint kinds, and checks parameters against the template\'s schema', () => {
  assert.deepEqual(linesOf('parameters'), [
    'FAIL - constraints.yaml:7:5 - K8sRepos wrong-type: spec.parameters.repos: expected array, got string (schema)',
    'FAIL - constraints.yaml:16:5 - K8sRepos unknown-parameter: spec.parameters.registries: unknown field (schema)',
    // A v1beta1 template's schema is a legacy one: unknown parameters are kept.
    'PASS - constraints.yaml - K8sLegacyRepos legacy-keeps-unknown-fields',
    'FAIL - constraints.yaml:32:3 - K8sRepos typo: spec.paramaters: unknown field (schema)',
    // No template in the trees (e.g. installed from the Gatekeeper library): no `no schema` FAIL, one WARN.
    'WARN - constraints.yaml:36:7 - K8sFromTheLibrary template-installed-elsewhere: no ConstraintTemplate defines kind K8sFromTheLibrary in the checked trees: the constraint is not evaluated (gatekeeper/K8sFromTheLibrary/template-installed-elsewhere)',
    'PASS - templates.yaml - ConstraintTemplate k8srepos',
    'FAIL - templates.yaml:41:7 - ConstraintTemplate k8slegacyrepos: the target has no rego (gatekeeper/K8sLegacyRepos)',
    'FAIL - templates.yaml:42:7 - ConstraintTemplate k8slegacyrepos: spec.targets[0].regoo: unknown field (schema)',
    '2 files, 7 documents · 2 passed · 4 failed · 1 warning · 0 skipped · T s',
  ]);
});
