import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, runCli } from '../helpers/cli.js';

const ok = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n';
const noKind = 'apiVersion: v1\nmetadata:\n  name: x\n';

test('an unknown key in .gitops-check.yaml is exit 2 with the key line:column', () => {
  const root = makeTree({ '.gitops-check.yaml': 'paths:\n  - base\nkubernetesVerison: "1.29"\n', 'base/a.yaml': ok });
  const r = runCli([], root);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'gitops-check: .gitops-check.yaml:3:1: unknown key "kubernetesVerison"\n');
});

test('a wrong type or value is exit 2 at the value, nested keys named by their path', () => {
  const cases: Array<[string, string]> = [
    ['failOnWarn: "yes please"\n', '.gitops-check.yaml:1:13: failOnWarn must be true or false'],
    ['exclude: docs/\n', '.gitops-check.yaml:1:10: exclude must be a list'],
    ['clusters:\n  kind:\n    kubernetesVersion: latest\n', '.gitops-check.yaml:3:24: clusters.kind.kubernetesVersion must look like "1.29" or "1.29.0"'],
    ['clusters:\n  kind:\n    version: "1.29"\n', '.gitops-check.yaml:3:5: unknown key "version" in clusters.kind'],
    ['severity:\n  schema: fatal\n', '.gitops-check.yaml:2:11: severity.schema must be one of "error", "warning", "off"'],
    ['paths: [base\n', '.gitops-check.yaml:2:1: syntax error: expected \',\' or \']\', but got \'<stream end>\''],
  ];
  for (const [config, expected] of cases) {
    const r = runCli([], makeTree({ '.gitops-check.yaml': config, 'base/a.yaml': ok }));
    assert.equal(r.code, 2, config);
    assert.equal(r.stderr, `gitops-check: ${expected}\n`, config);
  }
});

test('--config names another file; a missing one is exit 2', () => {
  const root = makeTree({ 'ci/check.yaml': 'paths: [apps]\n', 'apps/a.yaml': ok, 'base/b.yaml': noKind });
  const r = runCli(['--config', 'ci/check.yaml'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.lines, ['PASS - apps/a.yaml - Namespace ok', '1 file, 1 document · 1 passed · 0 failed · 0 warnings · 0 skipped · T s']);
  const missing = runCli(['--config', 'nope.yaml'], root);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'gitops-check: nope.yaml: config file does not exist\n');
});

test('config paths and excludes apply; path arguments override the config paths', () => {
  const root = makeTree({
    '.gitops-check.yaml': 'paths: [apps, infra]\nexclude: ["**/skip-*.yaml"]\n',
    'apps/a.yaml': ok,
    'apps/skip-me.yaml': noKind,
    'infra/b.yaml': ok,
    'base/c.yaml': noKind,
  });
  assert.deepEqual(runCli([], root).lines, [
    'PASS - apps/a.yaml - Namespace ok',
    'PASS - infra/b.yaml - Namespace ok',
    '2 files, 2 documents · 2 passed · 0 failed · 0 warnings · 0 skipped · T s',
  ]);
  assert.equal(runCli(['base'], root).code, 1);
});

test('severity overrides: a check turned into a warning passes unless --fail-on-warn; off removes it', () => {
  const root = makeTree({ '.gitops-check.yaml': 'severity:\n  schema: warning\n', 'base/a.yaml': noKind });
  const warned = runCli([], root);
  assert.equal(warned.code, 0);
  assert.deepEqual(warned.lines, [
    "WARN - base/a.yaml:1:1 - missing 'kind' key (schema)",
    '1 file, 1 document · 0 passed · 0 failed · 1 warning · 0 skipped · T s',
  ]);
  assert.equal(runCli(['--fail-on-warn'], root).code, 1);
  const off = makeTree({ '.gitops-check.yaml': 'severity:\n  "sch*": off\n  yaml/*: "off"\n', 'base/a.yaml': noKind });
  assert.deepEqual(runCli([], off).lines, ['PASS - base/a.yaml - document 1', '1 file, 1 document · 1 passed · 0 failed · 0 warnings · 0 skipped · T s']);
});
