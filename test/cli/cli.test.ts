import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, symlinkSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeTree, REPO_ROOT, runCli } from '../helpers/cli.js';

const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: web\ndata:\n  a: "1"\n`;

test('--version prints the package version, --help the usage; both exit 0', () => {
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const v = runCli(['--version'], REPO_ROOT);
  assert.equal(v.code, 0);
  assert.equal(v.stdout, `${version}\n`);
  const h = runCli(['--help'], REPO_ROOT);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /^Usage: gitops-check \[options\] \[command\] \[paths\.\.\.\]/);
  assert.match(h.stdout, /--exclude <glob>/);
});

test('an unknown option or output format is a usage error: exit 2, one line', () => {
  const r = runCli(['--frobnicate'], REPO_ROOT);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, "error: unknown option '--frobnicate'\n");
  const o = runCli(['-o', 'xml'], REPO_ROOT);
  assert.equal(o.code, 2);
  assert.equal(o.stderr, "error: option '-o, --output <format[=file]>' argument 'xml' is invalid. Allowed formats are text, json, github, sarif, junit, tap, yamllint.\n");
});

test('a path that does not exist is exit 2 with one line naming it', () => {
  const root = makeTree({ 'a.yaml': namespace('a') });
  const r = runCli(['a.yaml', 'nope/missing.yaml'], root);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'gitops-check: path does not exist: nope/missing.yaml\n');
  const g = runCli(['nothing/**/*.yaml'], root);
  assert.equal(g.code, 2);
  assert.equal(g.stderr, 'gitops-check: no files match: nothing/**/*.yaml\n');
});

test('default trees are base/ and clusters/ when they exist, in sorted order; other folders are not checked', () => {
  const root = makeTree({
    'clusters/kind/web/cm.yaml': configMap('b'),
    'base/ns.yaml': namespace('web'),
    'base/a/z.yml': namespace('z'),
    'docs/not-checked.yaml': 'kind: [',
    'README.md': '# not yaml',
  });
  const r = runCli([], root);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.lines, [
    'PASS - base/a/z.yml - Namespace z',
    'PASS - base/ns.yaml - Namespace web',
    'PASS - clusters/kind/web/cm.yaml - ConfigMap web/b',
    '3 files, 3 documents · 3 passed · 0 failed · 0 warnings · 0 skipped · T s',
  ]);
});

test('without base/ or clusters/ the working directory is checked, .json manifests included, dot folders left out', () => {
  const root = makeTree({
    'apps/ns.json': JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'j' } }),
    'apps/ns.yaml': namespace('y'),
    '.github/workflows/ci.yml': 'on: push\n',
    'notes.txt': 'x',
  });
  const r = runCli([], root);
  assert.deepEqual(r.lines, [
    'PASS - apps/ns.json - Namespace j',
    'PASS - apps/ns.yaml - Namespace y',
    '2 files, 2 documents · 2 passed · 0 failed · 0 warnings · 0 skipped · T s',
  ]);
});

test('explicit files, directories and globs; each file once; --exclude (repeatable) and .gitignore respected', () => {
  const root = makeTree({
    '.gitignore': 'generated/\n',
    'base/a.yaml': namespace('a'),
    'base/b.yaml': namespace('b'),
    'base/generated/g.yaml': namespace('g'),
    'other/c.yaml': namespace('c'),
    'other/d.yaml': namespace('d'),
  });
  const r = runCli(['other/d.yaml', 'base', 'other/*.yaml', '--exclude', 'other/c.yaml', '--exclude', 'b.yaml'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.lines, [
    'PASS - base/a.yaml - Namespace a',
    'PASS - other/d.yaml - Namespace d',
    '2 files, 2 documents · 2 passed · 0 failed · 0 warnings · 0 skipped · T s',
  ]);
});

test('- reads one stream from stdin, shown as stdin', () => {
  const root = makeTree({});
  const r = runCli(['-'], root, { input: `${namespace('one')}---\n${namespace('two')}` });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.lines, [
    'PASS - stdin - Namespace one',
    'PASS - stdin - Namespace two',
    '1 file, 2 documents · 2 passed · 0 failed · 0 warnings · 0 skipped · T s',
  ]);
});

test('symbolic links are followed inside the checked root only, and a link loop ends', () => {
  const outside = makeTree({ 'secret.yaml': namespace('outside') });
  const root = makeTree({ 'base/real/a.yaml': namespace('a') });
  symlinkSync(join(outside, 'secret.yaml'), join(root, 'base/out.yaml'));
  symlinkSync(join(root, 'base/real'), join(root, 'base/alias'));
  symlinkSync(join(root, 'base'), join(root, 'base/real/loop'));
  const r = runCli([], root);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.lines, [
    'PASS - base/real/a.yaml - Namespace a',
    '1 file, 1 document · 1 passed · 0 failed · 0 warnings · 0 skipped · T s',
  ]);
});

test('multi-document files, empty documents and comment-only files are fine', () => {
  const root = makeTree({
    'base/multi.yaml': `---\n${namespace('a')}---\n---\n# nothing here\n---\n${namespace('b')}---\n`,
    'base/comments.yaml': '# This file will be generated automatically.\n\n\n',
    'base/empty.yaml': '',
  });
  const r = runCli([], root);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.lines, [
    'PASS - base/multi.yaml - Namespace a',
    'PASS - base/multi.yaml - Namespace b',
    '3 files, 2 documents · 2 passed · 0 failed · 0 warnings · 0 skipped · T s',
  ]);
});

test('a document without kind or apiVersion fails, as kubeval; kustomization files are recognised by name', () => {
  const root = makeTree({
    'base/kustomization.yaml': 'resources:\n  - ns.yaml\n',
    'base/ns.yaml': 'apiVersion: v1\nmetadata:\n  name: x\n',
    'base/nover.yaml': 'kind: Namespace\nmetadata:\n  name: y\n',
    'base/list.yaml': '- a\n- b\n',
    'base/scalar.yaml': 'just a string\n',
    'base/badkind.yaml': 'apiVersion: v1\nkind: 3\n',
  });
  const r = runCli(['--quiet'], root);
  assert.equal(r.code, 1);
  assert.deepEqual(r.lines, [
    "FAIL - base/badkind.yaml:2:7 - 'kind' must be a non-empty string (schema)",
    'FAIL - base/list.yaml:1:1 - document is a list, not a Kubernetes object (a mapping with apiVersion and kind) (schema)',
    "FAIL - base/nover.yaml:1:1 - missing 'apiVersion' key (schema)",
    "FAIL - base/ns.yaml:1:1 - missing 'kind' key (schema)",
    'FAIL - base/scalar.yaml:1:1 - document is a string, not a Kubernetes object (a mapping with apiVersion and kind) (schema)',
  ]);
  const all = runCli([], root);
  assert.ok(all.lines.includes('PASS - base/kustomization.yaml - Kustomization'));
  assert.equal(all.lines.at(-1), '6 files, 6 documents · 1 passed · 5 failed · 0 warnings · 0 skipped · T s');
});

test('--quiet prints failures and warnings only; exit 0 when there are none', () => {
  const root = makeTree({ 'base/ns.yaml': namespace('a') });
  const r = runCli(['--quiet'], root);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '');
});

test('-o json gives the documented shape', () => {
  const root = makeTree({ 'base/ns.yaml': namespace('a'), 'base/bad.yaml': 'apiVersion: v1\n' });
  const r = runCli(['-o', 'json'], root);
  assert.equal(r.code, 1);
  assert.deepEqual(JSON.parse(r.stdout), {
    version: 1,
    files: 2,
    documents: 2,
    summary: { passed: 1, failed: 1, warnings: 0, skipped: 0, excepted: 0, baselined: 0, suppressed: 0, fixed: 0 },
    results: [
      { file: 'base/bad.yaml', document: { index: 0, apiVersion: 'v1', kind: null, namespace: null, name: null }, status: 'fail' },
      { file: 'base/ns.yaml', document: { index: 0, apiVersion: 'v1', kind: 'Namespace', namespace: null, name: 'a' }, status: 'pass' },
    ],
    findings: [
      {
        file: 'base/bad.yaml',
        line: 1,
        column: 1,
        severity: 'error',
        check: 'schema',
        message: "missing 'kind' key",
        document: { index: 0, apiVersion: 'v1', kind: null, namespace: null, name: null },
      },
    ],
    muted: [],
    fixed: [],
  });
});

test('a directory named like a manifest is walked, not read; one passed explicitly is walked too', () => {
  const root = makeTree({ 'base/x.yaml/inner.yaml': namespace('inner') });
  mkdirSync(join(root, 'base/empty.yaml'));
  const r = runCli([], root);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.lines, [
    'PASS - base/x.yaml/inner.yaml - Namespace inner',
    '1 file, 1 document · 1 passed · 0 failed · 0 warnings · 0 skipped · T s',
  ]);
});
