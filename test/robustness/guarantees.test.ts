import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPORA, makeTree, runCli } from '../helpers/cli.js';

/**
 * Loaded before the CLI (NODE_OPTIONS=--import): every way out to the network (fetch, sockets, DNS)
 * is logged to NET_TRAP_LOG and refused, so a test can tell whether a run tried.
 */
const NET_TRAP = `
import net from 'node:net';
import dns from 'node:dns';
import { appendFileSync } from 'node:fs';
const refuse = (what) => { appendFileSync(process.env.NET_TRAP_LOG, what + '\\n'); throw new Error('network disabled by the test'); };
globalThis.fetch = async (url) => refuse('fetch ' + String(url));
net.Socket.prototype.connect = function () { refuse('connect'); };
dns.lookup = (host) => refuse('dns ' + host);
dns.promises.lookup = async (host) => refuse('dns ' + host);
`;

function trapped(args: string[], cwd: string) {
  const trap = makeTree({ 'net-trap.mjs': NET_TRAP, 'net.log': '' });
  const r = runCli(args, cwd, { env: { NODE_OPTIONS: `--import ${join(trap, 'net-trap.mjs')}`, NET_TRAP_LOG: join(trap, 'net.log') } });
  return { ...r, network: readFileSync(join(trap, 'net.log'), 'utf8').split('\n').filter(Boolean) };
}

test('no network: a run over every corpus manifest, with the built-in policies, opens no connection', () => {
  const r = trapped(['--builtin-policies', '.'], CORPORA);
  assert.deepEqual(r.network, []);
  assert.equal(r.stderr, '');
  assert.match(r.lines.at(-1)!, /^\d+ files, \d+ documents · /);
  assert.equal(r.code, 1);
});

test('the network trap works: a schema location URL, named by the user, is the one thing fetched', () => {
  const root = makeTree({ 'base/widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n' });
  const r = trapped(['--schema-location', 'https://schemas.example.invalid/{{ .ResourceKind }}.json'], root);
  assert.deepEqual(r.network, ['fetch https://schemas.example.invalid/widget.json']);
});

test('no code execution from checked files or the config: language tags and shell syntax are plain data', () => {
  const tags = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: tags',
    'data:',
    '  a: !!python/object/apply:os.system ["touch PWNED"]',
    `  b: !!js/function "function () { require('fs').writeFileSync('PWNED', '') }"`,
    '  c: $(touch PWNED)',
    '  d: !<tag:yaml.org,2002:js/eval> "process.exit(42)"',
    '',
  ].join('\n');
  const root = makeTree({ 'base/tags.yaml': tags });
  const r = runCli([], root);
  assert.deepEqual(r.lines, [
    'FAIL - base/tags.yaml:6:3 - ConfigMap tags: data.a: expected string, got array (schema)',
    '1 file, 1 document · 0 passed · 1 failed · 0 warnings · 0 skipped · T s',
  ]);
  const configured = makeTree({ '.gitops-check.yaml': 'exclude: [!!python/object/apply:os.system ["touch PWNED"]]\n', 'base/tags.yaml': tags });
  const c = runCli([], configured);
  assert.equal(c.stderr, 'gitops-check: .gitops-check.yaml:1:11: exclude[0] must be a string\n');
  assert.equal(c.code, 2);
  assert.equal(existsSync(join(root, 'PWNED')) || existsSync(join(configured, 'PWNED')), false);
});

test('policies cannot reach the host: environment, HTTP and DNS builtins are refused with a FAIL naming the rule', () => {
  const policy = [
    'package main',
    'import rego.v1',
    'deny contains msg if {',
    '\tmsg := sprintf("%v", [opa.runtime().env])',
    '}',
    'warn contains msg if {',
    '\tmsg := sprintf("%v", [http.send({"method": "get", "url": "http://127.0.0.1:9/"})])',
    '}',
    'violation contains msg if {',
    '\tmsg := sprintf("%v", [net.lookup_ip_addr("example.com")])',
    '}',
    '',
  ].join('\n');
  const root = makeTree({ 'policy/host.rego': policy, 'base/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n' });
  const r = trapped(['--no-builtin-policies'], root);
  const refused = (name: string, at: string) =>
    `FAIL - base/ns.yaml:1:1 - policy evaluation failed: policy/host.rego:${at}: eval_builtin_error: ${name}: refused: policies may not reach the network or host; replace it in tests with 'with ${name} as ...' (policy/main)`;
  assert.deepEqual(r.lines, [refused('opa.runtime', '4:24'), refused('net.lookup_ip_addr', '10:24'), refused('http.send', '7:24'), '1 file, 1 document · 0 passed · 1 failed · 0 warnings · 0 skipped · T s']);
  assert.deepEqual(r.network, []);
});

test('a run writes nothing inside the checked repository', () => {
  const root = makeTree({ 'base/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n', 'policy/p.rego': 'package main\nimport rego.v1\ndeny contains "no" if input.kind == "Secret"\n' });
  const before = readdirSync(root, { recursive: true }).sort();
  assert.equal(runCli(['-o', 'json'], root).code, 0);
  assert.deepEqual(readdirSync(root, { recursive: true }).sort(), before);
});
