import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, makeTree, runCli, widgetCrd } from '../helpers/cli.js';
import { DiskCache } from '../../src/cache/disk-cache.js';
import { DocumentCache } from '../../src/cache/documents.js';
import { parseYamlFile } from '../../src/documents/parse-file.js';
import { tempDir } from '../helpers/temp.js';

const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
const cacheHome = () => tempDir('gitops-check-documents-');
const documentEntries = (home: string) => {
  const dir = join(home, 'gitops-check', 'documents');
  return existsSync(dir) ? readdirSync(dir) : [];
};

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: web\ndata:\n  a: "1"\n`;

const repository = () =>
  makeTree({
    'base/namespaces.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n',
    'base/crds/widget.yaml': widgetCrd('integer'),
    // Two context files defining the same object, and a named file duplicating a third context file.
    'clusters/kind/web/a.yaml': configMap('twice'),
    'clusters/kind/web/b.yaml': configMap('twice'),
    'clusters/kind/web/c.yaml': `# the first\n---\n${configMap('named')}`,
    'clusters/kind/web/d.yaml': configMap('named'),
    'clusters/kind/web/widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: web\nspec:\n  size: large\n',
  });

const named = ['clusters/kind/web/widget.yaml', 'clusters/kind/web/d.yaml'];
const expected = [
  'FAIL - clusters/kind/web/d.yaml:4:9 - duplicate ConfigMap web/named: already defined at clusters/kind/web/c.yaml:6 (gitops/duplicate)',
  'FAIL - clusters/kind/web/widget.yaml:7:3 - Widget web/w: spec.size: expected integer, got string (schema)',
  '2 files, 2 documents · 0 passed · 2 failed · 0 warnings · 0 skipped · T s',
];

test('a run naming files reads the rest of the repository from the document cache, with the same report', () => {
  const tree = repository();
  const env = { XDG_CACHE_HOME: cacheHome() };
  const uncached = runCli(['--no-cache', ...named], tree, { env });
  assert.deepEqual(uncached.lines, expected);
  assert.deepEqual(documentEntries(env.XDG_CACHE_HOME), [], '--no-cache writes nothing');

  const first = runCli(named, tree, { env });
  assert.deepEqual(first.lines, expected);
  assert.equal(documentEntries(env.XDG_CACHE_HOME).length, 1, 'one cache file for the working directory');
  // The next run takes the context from the cache: the message still names the exact line of a context file.
  assert.deepEqual(runCli(named, tree, { env }).lines, expected);

  // A context file that changed is parsed again, not taken from the cache.
  writeFileSync(join(tree, 'base/crds/widget.yaml'), widgetCrd('string'));
  assert.deepEqual(runCli(named, tree, { env }).lines, [expected[0], 'PASS - clusters/kind/web/widget.yaml - Widget web/w', '2 files, 2 documents · 1 passed · 1 failed · 0 warnings · 0 skipped · T s']);
});

test('context documents come from the cache by content: what the cache holds is what the checks see', () => {
  const tree = repository();
  const home = cacheHome();
  const disk = new DiskCache(join(home, 'gitops-check'), version);
  // The cache says the CRD file holds a CRD whose size is a string; the file on disk says integer.
  const text = widgetCrd('string');
  const cache = new DocumentCache(disk, realpathSync(tree));
  cache.save([{ key: DocumentCache.key(widgetCrd('integer')), documents: parseYamlFile({ path: 'x.yaml', text }).documents }]);
  const r = runCli(named, tree, { env: { XDG_CACHE_HOME: home } });
  assert.deepEqual(r.lines, [expected[0], 'PASS - clusters/kind/web/widget.yaml - Widget web/w', '2 files, 2 documents · 1 passed · 1 failed · 0 warnings · 0 skipped · T s']);
});

test('a context file whose stats are as saved is taken from the cache without being read', () => {
  const tree = repository();
  const home = cacheHome();
  const disk = new DiskCache(join(home, 'gitops-check'), version);
  const crd = 'base/crds/widget.yaml';
  const text = widgetCrd('string');
  // Saved as by a run long after the file was written: its stats on disk stand for another text.
  const record = { key: DocumentCache.key(text), documents: parseYamlFile({ path: crd, text }).documents, path: crd, stats: statSync(join(tree, crd)) };
  new DocumentCache(disk, realpathSync(tree), Date.now() + 60_000).save([record]);
  const r = runCli(named, tree, { env: { XDG_CACHE_HOME: home } });
  assert.deepEqual(r.lines, [expected[0], 'PASS - clusters/kind/web/widget.yaml - Widget web/w', '2 files, 2 documents · 1 passed · 1 failed · 0 warnings · 0 skipped · T s']);
});

test('documents JSON cannot carry exactly are not cached; the others come back equal', () => {
  const disk = new DiskCache(cacheHome(), version);
  const texts = {
    plain: 'a: 1\nb: [x, {c: d}]\n__proto__: p\n',
    nan: 'a: .nan\n',
    infinite: 'a: -.inf\n',
    negativeZero: 'a: -0.0\n',
    aliased: 'a: &x {b: 1}\nc: *x\n',
  };
  const writer = new DocumentCache(disk, '/repo');
  writer.save(Object.values(texts).map((text) => ({ key: DocumentCache.key(text), documents: parseYamlFile({ path: 'f.yaml', text }).documents })));
  const reader = new DocumentCache(disk, '/repo');
  const plain = reader.lookup(DocumentCache.key(texts.plain));
  const original = parseYamlFile({ path: 'f.yaml', text: texts.plain }).documents[0]!;
  assert.deepEqual(plain, [{ index: 0, line: 1, column: 1, value: original.value, shape: original.shape }]);
  assert.equal(plain![0]!.shape?.depth, 3, 'what parsing learned of the value comes back with it');
  assert.equal(Object.keys(plain![0]!.value as object).includes('__proto__'), true);
  for (const name of ['nan', 'infinite', 'negativeZero', 'aliased'] as const) {
    assert.equal(reader.lookup(DocumentCache.key(texts[name])), undefined, name);
  }
  assert.equal(new DocumentCache(disk, '/elsewhere').lookup(DocumentCache.key(texts.plain)), undefined, 'one cache per working directory');
});

test('a file whose stats are as saved is known without reading it; a changed or recently written one is not', () => {
  const dir = tempDir('gitops-check-stamps-');
  const disk = new DiskCache(cacheHome(), version);
  const files = { same: configMap('a'), grown: configMap('b'), replaced: configMap('c') };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const records = () =>
    Object.entries(files).map(([name, text]) => ({ key: DocumentCache.key(text), documents: parseYamlFile({ path: name, text }).documents, path: name, stats: statSync(join(dir, name)) }));
  // Written just now: their stats cannot tell a rewrite within the same clock tick from the text read.
  new DocumentCache(disk, dir).save(records());
  const now = new DocumentCache(disk, dir);
  for (const name of Object.keys(files)) assert.equal(now.keyOf(name, statSync(join(dir, name))), undefined, name);

  // As a run started long after they were written sees them.
  const later = () => new DocumentCache(disk, dir, Date.now() + 60_000);
  later().save(records());
  writeFileSync(join(dir, 'grown'), files.grown + '# more\n');
  writeFileSync(join(dir, 'next'), configMap('d'));
  renameSync(join(dir, 'next'), join(dir, 'replaced')); // same size, another inode
  const reader = later();
  assert.equal(reader.keyOf('same', statSync(join(dir, 'same'))), DocumentCache.key(files.same));
  assert.equal(reader.keyOf('grown', statSync(join(dir, 'grown'))), undefined);
  assert.equal(reader.keyOf('replaced', statSync(join(dir, 'replaced'))), undefined);
  assert.equal(reader.keyOf('other', statSync(join(dir, 'same'))), undefined, 'stats are known by path');
});
