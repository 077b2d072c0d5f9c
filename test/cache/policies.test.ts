import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeTree, runCli, SHARED } from '../helpers/cli.js';
import { DiskCache, sha256 } from '../../src/cache/disk-cache.js';
import { compiledPolicyStore } from '../../src/cache/policies.js';
import { PolicySet } from '../../src/policy/rego/index.js';
import { runConformance } from '../../scripts/conformance.js';
import { tempDir } from '../helpers/temp.js';

const cacheHome = () => tempDir('gitops-check-policies-');
const policyEntries = (home: string) => {
  const dir = join(home, 'gitops-check', 'policies');
  return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
};

test("OPA's conformance cases give the same outcomes from a compiled form stored on disk and restored as when compiled", () => {
  const root = resolve(SHARED, 'opa-conformance/v1');
  const cache = new DiskCache(join(cacheHome(), 'gitops-check'), 'test');
  let restored = 0;
  const throughDisk = (modules: Parameters<typeof PolicySet.compile>[0]) => {
    const store = compiledPolicyStore(cache, modules)!;
    PolicySet.compile(modules, store);
    const kept = store.load();
    // Modules that do not compile are never stored: compiling them again gives the error.
    if (kept === undefined) return PolicySet.compile(modules);
    restored++;
    return PolicySet.compile(modules, { load: () => kept, save: () => assert.fail('a restored set is not stored again') });
  };
  const expected = runConformance(root);
  assert.deepEqual(runConformance(root, throughDisk), expected);
  assert.ok(restored > 500, `${restored} cases ran from a restored compilation`);
});

const POLICY = (message: string) => `package main\n\nimport rego.v1\n\ndeny contains msg if {\n  input.kind == "ConfigMap"\n  msg := "${message}"\n}\n`;

test('the built-in library and the user policies are compiled once, kept, and taken by the next run; an edited policy is compiled again', () => {
  const home = cacheHome();
  const env = { XDG_CACHE_HOME: home };
  const root = makeTree({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: "1"}\n', 'policy/main.rego': POLICY('no config maps') });
  const uncached = runCli(['--no-cache'], root, { env });
  assert.deepEqual(policyEntries(home), [], '--no-cache writes nothing');
  assert.deepEqual(uncached.lines, ['FAIL - cm.yaml:1:1 - no config maps (policy/main)', '1 file, 1 document · 0 passed · 1 failed · 0 warnings · 0 skipped · T s']);
  const cold = runCli([], root, { env });
  const kept = policyEntries(home);
  assert.equal(kept.length, 2, 'the built-in library and the user set');
  const warm = runCli([], root, { env });
  assert.deepEqual(policyEntries(home), kept, 'a warm run adds nothing');
  assert.deepEqual([cold.lines, warm.lines, warm.code], [uncached.lines, uncached.lines, uncached.code]);
  writeFileSync(join(root, 'policy/main.rego'), POLICY('config maps are not allowed'));
  const edited = runCli([], root, { env });
  assert.equal(edited.lines[0], 'FAIL - cm.yaml:1:1 - config maps are not allowed (policy/main)');
  assert.equal(policyEntries(home).length, 3);
});

test('a user policy that does not compile is not kept: every run exits 2 at its position', () => {
  const home = cacheHome();
  const env = { XDG_CACHE_HOME: home };
  const root = makeTree({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n', 'policy/main.rego': 'package main\n\ndeny contains msg if {\n  msg := undefined_fn(1)\n}\n' });
  for (let run = 0; run < 2; run++) {
    const r = runCli([], root, { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^gitops-check: policy\/main\.rego:4:10: rego_type_error: undefined function undefined_fn\n$/);
  }
  // The user's set is compiled first: the built-in library is not reached either.
  assert.deepEqual(policyEntries(home), []);
});

test('a corrupted, truncated or foreign entry reads as missing and is compiled and stored again; the report is unchanged', () => {
  const home = cacheHome();
  const env = { XDG_CACHE_HOME: home };
  const root = makeTree({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n', 'policy/main.rego': POLICY('no config maps') });
  const expected = runCli([], root, { env });
  const [a, b] = policyEntries(home);
  const bytes = readFileSync(a!);
  bytes[bytes.length - 1] ^= 0xff;
  writeFileSync(a!, bytes);
  writeFileSync(b!, readFileSync(b!).subarray(0, 100));
  const repaired = runCli([], root, { env });
  assert.deepEqual([repaired.lines, repaired.code], [expected.lines, expected.code]);
  // An entry whose checksum holds but whose body is not serialized data.
  writeFileSync(a!, `gitops-check cache 1 sha256=${sha256('not serialized')}\nnot serialized`);
  const replaced = runCli([], root, { env });
  assert.deepEqual([replaced.lines, replaced.code], [expected.lines, expected.code]);
  assert.ok(!readFileSync(a!, 'utf8').includes('not serialized'));
  for (const entry of [a!, b!]) {
    const body = readFileSync(entry);
    const newline = body.indexOf('\n');
    assert.equal(body.toString('latin1', 0, newline), `gitops-check cache 1 sha256=${sha256(body.subarray(newline + 1))}`, 'rewritten whole');
  }
});
