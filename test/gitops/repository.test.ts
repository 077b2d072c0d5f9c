import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlFile } from '../../src/documents/parse-file.js';
import { collectObjects } from '../../src/gitops/objects.js';
import { buildRepository, contextTrees, DEFAULT_LAYOUT } from '../../src/gitops/repository.js';

const object = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

function repositoryOf(paths: string[], layout = DEFAULT_LAYOUT) {
  const docs = paths.flatMap((path) => parseYamlFile({ path, text: object(path) }).documents);
  return buildRepository(collectObjects(docs), layout);
}

test('the default layout: clusters/<name>/ each receive base/ and their own tree; namespace directories', () => {
  const paths = ['base/a.yaml', 'clusters/kind/default/b.yaml', 'clusters/gke/c.yaml', 'clusters/readme.yaml', 'apps/d.yaml'];
  const repo = repositoryOf(paths);
  assert.deepEqual(
    repo.clusters.map((c) => [c.name, c.objects.map((o) => o.doc.file.path)]),
    [
      ['gke', ['base/a.yaml', 'clusters/gke/c.yaml']],
      ['kind', ['base/a.yaml', 'clusters/kind/default/b.yaml']],
    ],
  );
  assert.deepEqual(paths.map((p) => repo.clustersReceiving(p)), [['gke', 'kind'], ['kind'], ['gke'], [], []]);
  assert.deepEqual(paths.map((p) => repo.namespaceDirectory(p)), [undefined, { namespace: 'default', path: 'clusters/kind/default/' }, undefined, undefined, undefined]);
});

test('a Flux layout: shared trees and per-cluster included trees, placed in that order', () => {
  const layout = { clustersDir: 'clusters/', shared: ['./infrastructure'], include: { prod: ['apps/prod/'] } };
  const repo = repositoryOf(['apps/prod/a.yaml', 'apps/staging/b.yaml', 'clusters/prod/c.yaml', 'clusters/staging/d.yaml', 'infrastructure/e.yaml'], layout);
  const [prod, staging] = repo.clusters;
  assert.deepEqual(prod!.objects.map((o) => [o.doc.file.path, prod!.placement(o.doc.file.path)]), [
    ['apps/prod/a.yaml', 'included'],
    ['clusters/prod/c.yaml', 'cluster'],
    ['infrastructure/e.yaml', 'shared'],
  ]);
  assert.deepEqual(staging!.objects.map((o) => o.doc.file.path), ['clusters/staging/d.yaml', 'infrastructure/e.yaml']);
});

test("files of one directory get the same answers, unless an included tree or a shared tree takes one of them", () => {
  const layout = { clustersDir: 'clusters', shared: ['clusters/prod/web/shared.yaml'], include: { staging: ['clusters/prod/web/promoted.yaml'] } };
  const paths = ['clusters/prod/web/a.yaml', 'clusters/prod/web/b.yaml', 'clusters/prod/web/promoted.yaml', 'clusters/prod/web/shared.yaml', 'clusters/prod/api/c.yaml', 'clusters/staging/web/d.yaml'];
  const repo = repositoryOf(paths, layout);
  assert.deepEqual(paths.map((p) => repo.clustersReceiving(p)), [['prod'], ['prod'], ['prod', 'staging'], ['prod', 'staging'], ['prod'], ['staging']]);
  assert.deepEqual(
    paths.map((p) => repo.namespaceDirectory(p)?.path),
    ['clusters/prod/web/', 'clusters/prod/web/', 'clusters/prod/web/', 'clusters/prod/web/', 'clusters/prod/api/', 'clusters/staging/web/'],
  );
  const [prod, staging] = repo.clusters;
  assert.deepEqual(paths.map((p) => [prod!.placement(p), staging!.receives(p) ? staging!.placement(p) : '-']), [
    ['cluster', '-'],
    ['cluster', '-'],
    ['cluster', 'included'],
    ['cluster', 'shared'],
    ['cluster', '-'],
    ['shared', 'cluster'],
  ]);
});

test('clusters named like properties every object has (constructor, toString) are clusters like any other', () => {
  const paths = ['clusters/constructor/ns/a.yaml', 'clusters/toString/b.yaml'];
  const repo = repositoryOf(paths);
  assert.deepEqual(repo.clusters.map((c) => [c.name, c.objects.length]), [
    ['constructor', 1],
    ['toString', 1],
  ]);
  assert.deepEqual(contextTrees(paths, DEFAULT_LAYOUT), ['base', 'clusters/constructor', 'clusters/toString']);
});
