import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, runCli } from '../helpers/cli.js';

const POD = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: web}\nspec:\n  containers:\n    - name: app\n      image: nginx:latest\n      resources: {limits: {memory: 1Gi}}\n`;
const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n';

test('severity per path glob: the last matching override that names the check wins over the global map', () => {
  const config = [
    'severity:',
    '  "builtin/*": off',
    '  builtin/k8s.image-tag: error',
    'overrides:',
    '  - files: ["clusters/dev/**"]',
    '    severity: {builtin/k8s.image-tag: warning}',
    '  - files: ["clusters/*/web/sandbox/**", "clusters/lab/**"]',
    '    severity: {builtin/k8s.image-tag: off}',
    '',
  ].join('\n');
  const root = makeTree({
    '.gitops-check.yaml': config,
    'base/ns.yaml': NAMESPACE,
    'clusters/prod/web/pod.yaml': POD('prod'),
    'clusters/dev/web/pod.yaml': POD('dev'),
    'clusters/dev/web/sandbox/pod.yaml': POD('sandbox'),
  });
  const r = runCli(['-q', 'clusters', 'base'], root);
  assert.deepEqual(r.lines, [
    'WARN - clusters/dev/web/pod.yaml:7:14 - app in the Pod dev has an image, nginx:latest, using the latest tag (builtin/k8s.image-tag)',
    'FAIL - clusters/prod/web/pod.yaml:7:14 - app in the Pod prod has an image, nginx:latest, using the latest tag (builtin/k8s.image-tag)',
  ]);
  assert.equal(r.code, 1);
});

test('overrides are validated like the rest of the config: exit 2 naming line:column', () => {
  const cases: Array<[string, string]> = [
    ['overrides:\n  - files: ["a/**"]\n', '.gitops-check.yaml:2:5: overrides[0] must have required property \'severity\''],
    ['overrides:\n  - files: ["a/**"]\n    severity: {schema: fatal}\n', '.gitops-check.yaml:3:24: overrides[0].severity.schema must be one of "error", "warning", "off"'],
    ['overrides:\n  - files: ["a/**"]\n    severity: {}\n    level: x\n', '.gitops-check.yaml:4:5: unknown key "level" in overrides[0]'],
    ['baseline: [x]\n', '.gitops-check.yaml:1:11: baseline must be a string'],
  ];
  for (const [config, message] of cases) {
    const r = runCli([], makeTree({ '.gitops-check.yaml': config, 'base/ns.yaml': NAMESPACE }));
    assert.equal(r.code, 2, config);
    assert.equal(r.stderr, `gitops-check: ${message}\n`);
  }
});

test('an unquoted off (YAML 1.1 false) in an override means off', () => {
  const root = makeTree({
    '.gitops-check.yaml': 'severity: {"builtin/*": off, builtin/k8s.image-tag: error}\noverrides:\n  - files: ["clusters/dev/**"]\n    severity:\n      builtin/k8s.image-tag: off\n',
    'base/ns.yaml': NAMESPACE,
    'clusters/dev/web/pod.yaml': POD('dev'),
  });
  const r = runCli(['-q', 'clusters', 'base'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.lines, []);
});
