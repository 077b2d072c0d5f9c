import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlFile } from '../../src/documents/parse-file.js';
import type { ParsedDocument } from '../../src/documents/types.js';
import { createAuxiliaryFiles } from '../../src/gitops/auxiliary-files.js';

function documents(files: Record<string, string>): ParsedDocument[] {
  return Object.entries(files).flatMap(([path, text]) => parseYamlFile({ path, text }).documents);
}

test('files a kustomization names as patches, generator inputs or Helm values, and values files by name, are not standalone manifests', () => {
  const docs = documents({
    'overlay/kustomization.yaml': [
      'resources:',
      '  - ../base',
      'patchesStrategicMerge:',
      '  - merge.yaml',
      'patches:',
      '  - path: patches/replicas.yaml',
      'patchesJson6902:',
      '  - path: json.yaml',
      'configMapGenerator:',
      '  - name: settings',
      '    files:',
      '      - config=settings.yaml',
      'helmCharts:',
      '  - name: podinfo',
      '    valuesFile: podinfo.yaml',
      '',
    ].join('\n'),
    'overlay/merge.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
    'overlay/patches/replicas.yaml': 'kind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n',
    'overlay/json.yaml': '- op: add\n  path: /x\n  value: 1\n',
    'overlay/settings.yaml': 'log: debug\n',
    'overlay/podinfo.yaml': 'replicaCount: 2\n',
    'charts/web/values.yaml': 'image: web\n',
    'charts/web/values-prod.yaml': 'image: web\n',
    // A Kubernetes object named like values is a manifest.
    'base/grafana-values.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: grafana-values\n',
    'base/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
  });
  const roleOf = createAuxiliaryFiles(docs);
  assert.deepEqual(
    docs.map((doc) => [doc.file.path, roleOf(doc)]),
    [
      ['overlay/kustomization.yaml', undefined],
      ['overlay/merge.yaml', { role: 'kustomize patch', by: 'overlay/kustomization.yaml' }],
      ['overlay/patches/replicas.yaml', { role: 'kustomize patch', by: 'overlay/kustomization.yaml' }],
      ['overlay/json.yaml', { role: 'kustomize patch', by: 'overlay/kustomization.yaml' }],
      ['overlay/settings.yaml', { role: 'generator input', by: 'overlay/kustomization.yaml' }],
      ['overlay/podinfo.yaml', { role: 'Helm values', by: 'overlay/kustomization.yaml' }],
      ['charts/web/values.yaml', { role: 'Helm values' }],
      ['charts/web/values-prod.yaml', { role: 'Helm values' }],
      ['base/grafana-values.yaml', undefined],
      ['base/deploy.yaml', undefined],
    ],
  );
});
