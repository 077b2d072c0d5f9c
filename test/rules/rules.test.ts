import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPORA, makeTree, REPO_ROOT, runCli } from '../helpers/cli.js';
import type { JsonReport } from '../../src/report/json.js';
import { RULES as LINT_RULES } from '../../src/lint/rules/index.js';
import { RULES, ruleFor } from '../../src/rules/registry.js';
import { rulesMarkdownTable, withRulesTable } from '../../src/rules/listing.js';

const ids = (prefix: string) => RULES.filter((r) => r.id.startsWith(prefix)).map((r) => r.id).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

test('gitops-check rules lists every check id: severity, on by default, origin, one line', () => {
  const r = runCli(['rules'], REPO_ROOT);
  assert.equal(r.code, 0, r.stderr);
  const rows = r.lines.map((l) => l.split(/ {2,}/));
  assert.deepEqual(rows[0], ['check id', 'severity', 'default', 'origin', 'description']);
  assert.deepEqual(rows.slice(1).map((row) => row[0]), RULES.map((x) => x.id));
  assert.deepEqual(rows.find((row) => row[0] === 'yaml/truthy'), ['yaml/truthy', 'warning', 'on', 'yamllint rule', 'Unquoted truthy values such as `yes`, `on`, `no`.']);
  assert.deepEqual(rows.find((row) => row[0] === 'yaml/line-length'), ['yaml/line-length', 'error', 'off', 'yamllint rule', 'A line longer than the maximum (80 by default).']);
  assert.deepEqual(rows.find((row) => row[0] === 'gitops/duplicate'), ['gitops/duplicate', 'error', 'on', 'GitOps check', 'The same group, kind, namespace and name twice in one cluster.']);
  assert.deepEqual(rows.find((row) => row[0] === 'vap/<policy>'), ['vap/<policy>', 'varies', 'on', 'admission policy', 'A ValidatingAdmissionPolicy of the repository (CEL), evaluated as the API server would.']);
});

test('gitops-check rules <id> explains one check with a bad and a good example; families by any id of theirs; unknown ids exit 2', () => {
  const r = runCli(['rules', 'builtin/k8s.host-network'], REPO_ROOT);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    [
      'builtin/k8s.host-network: The pod uses the host network.',
      'severity: error · on by default · origin: built-in policy',
      '',
      "hostNetwork: true puts the pod in the node's network namespace: it sees and can bind every interface of the node. Remove it. Turn it off with `disabledRules: [k8s.host-network]` or `severity: {builtin/k8s.host-network: off}`, or for one object with the annotation `gitops-check.io/ignore: \"k8s.host-network\"` and `gitops-check.io/ignore-reason`.",
      '',
      'Bad:',
      '    spec:',
      '      hostNetwork: true',
      '      containers:',
      '        - name: web',
      '          image: ghcr.io/example/web:1.4.2',
      '',
      'Good:',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: ghcr.io/example/web:1.4.2',
      '',
    ].join('\n'),
  );
  assert.equal(runCli(['rules', 'gatekeeper/K8sRequiredLabels/must-have-owner'], REPO_ROOT).lines[0], "gatekeeper/<constraint kind>/<name>: A Gatekeeper Constraint of the repository, evaluated as the cluster's webhook would.");
  assert.equal(runCli(['rules', 'policy/main'], REPO_ROOT).lines[0], "policy/<namespace>: A Rego policy of the repository (conftest's conventions), by package.");
  for (const rule of RULES) {
    const one = runCli(['rules', rule.family ? `${rule.family}x` : rule.id], REPO_ROOT);
    assert.equal(one.code, 0, rule.id);
    assert.ok(one.stdout.includes('\nBad:\n') && one.stdout.includes('\nGood:\n'), rule.id);
  }
  const unknown = runCli(['rules', 'yaml/nope'], REPO_ROOT);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stderr, 'gitops-check: unknown check id "yaml/nope" (gitops-check rules lists them)\n');
});

test('the registry lists exactly the ids the code has: yamllint rules, built-in Rego rule ids, GitOps checks', () => {
  assert.deepEqual(ids('yaml/'), ['yaml/syntax', ...[...LINT_RULES.keys()].map((id) => `yaml/${id}`)].sort());
  const rego = sourceFiles(join(REPO_ROOT, 'policy/k8s')).filter((f) => !f.endsWith('_test.rego'));
  const builtin = new Set(rego.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/"id": "(k8s\.[a-z-]+)"/g)].map((m) => `builtin/${m[1]}`)));
  assert.deepEqual(ids('builtin/'), [...builtin].sort());
  const gitops = new Set(sourceFiles(join(REPO_ROOT, 'src/gitops')).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/'(gitops\/[a-z-]+)'/g)].map((m) => m[1]!)));
  assert.deepEqual(ids('gitops/'), [...gitops].sort());
});

test('every check id the corpora and the admission fixtures make the code emit (yamllint default profile on) is in the registry', { skip: !existsSync(CORPORA) && 'no ../shared/corpora' }, () => {
  const root = makeTree({ 'yamllint.yaml': 'extends: default\nrules: {anchors: {forbid-unused-anchors: true}, key-ordering: enable, empty-values: enable, quoted-strings: enable, octal-values: enable, float-values: enable, document-end: enable}\n' });
  const emitted = new Set<string>();
  for (const corpus of readdirSync(CORPORA).filter((name) => !name.endsWith('.md'))) {
    const r = runCli(['-o', 'json', '--yamllint-config', join(root, 'yamllint.yaml'), '.'], join(CORPORA, corpus));
    const report = JSON.parse(r.stdout) as JsonReport;
    for (const f of [...report.findings, ...report.muted]) emitted.add(f.check);
  }
  // The admission fixtures add the ids named at run time: gatekeeper/<kind>/<name>, vap/<policy>.
  for (const fixture of ['gatekeeper/per-cluster', 'gatekeeper/no-clusters', 'vap/repo', 'vap/crd-params']) {
    const report = JSON.parse(runCli(['-o', 'json', '.'], join(REPO_ROOT, 'test/admission/fixtures', fixture)).stdout) as JsonReport;
    for (const f of [...report.findings, ...report.muted]) emitted.add(f.check);
  }
  assert.ok([...emitted].some((id) => id.startsWith('gatekeeper/')) && [...emitted].some((id) => id.startsWith('vap/')), [...emitted].join());
  assert.ok(emitted.size >= 15, [...emitted].join());
  assert.deepEqual([...emitted].filter((id) => !ruleFor(id)), []);
});

test("each yamllint rule's and built-in policy's bad example gets its finding, and its good example does not", () => {
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: web}\n';
  const runnable = RULES.filter((r) => r.id.startsWith('yaml/') || r.id.startsWith('builtin/'));
  const files: Record<string, string> = {
    'yamllint.yaml': 'extends: default\nrules: {anchors: {forbid-unused-anchors: true}, key-ordering: enable, empty-values: enable, quoted-strings: enable, octal-values: enable, float-values: {require-numeral-before-decimal: true}, document-end: enable}\n',
  };
  runnable.forEach((r, i) => {
    const wrap = (example: string) => (r.id.startsWith('builtin/') ? pod + example : example);
    files[`bad/${i}.yaml`] = wrap(r.bad);
    files[`good/${i}.yaml`] = wrap(r.good);
  });
  const root = makeTree(files);
  const report = JSON.parse(runCli(['-o', 'json', '--yamllint-config', 'yamllint.yaml', 'bad', 'good'], root).stdout) as JsonReport;
  const checksOf = (file: string) => report.findings.filter((f) => f.file === file).map((f) => f.check);
  const wrong = runnable.flatMap((r, i) => [
    ...(checksOf(`bad/${i}.yaml`).includes(r.id) ? [] : [`bad example of ${r.id}: ${checksOf(`bad/${i}.yaml`).join(', ')}`]),
    ...(checksOf(`good/${i}.yaml`).includes(r.id) ? [`good example of ${r.id}`] : []),
  ]);
  assert.deepEqual(wrong, []);
});

test("the README's check table is the generated one (npm run rules-table writes it)", () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  assert.equal(withRulesTable(readme), readme);
  assert.ok(readme.includes(rulesMarkdownTable()));
});
