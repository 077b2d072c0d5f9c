import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { makeTree, runCli } from '../helpers/cli.js';

const TREE = {
  'base/deploy.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.25\n',
  'base/more.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: web\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n',
  'policy/deny.rego':
    'package main\nimport rego.v1\ndeny contains msg if {\n\tinput.kind == "ConfigMap"\n\tmsg := "no ConfigMaps"\n}\nexception contains rules if {\n\tinput.metadata.name == "nothing"\n\trules := ["x"]\n}\n',
};

interface Table {
  title: string;
  stages: Array<{ name: string; seconds: number; share: string; count: string }>;
  items: Array<{ name: string; seconds: number; count: string }>;
  /** Items past the ten listed. */
  more: number;
}

/** The `--timings` table as a user reads it: every row's name, seconds, share and count. */
function readTable(stderr: string): Table {
  const [head, tail = ''] = stderr.split('\n\n');
  const [title, stageHeader, ...stageLines] = head!.trimEnd().split('\n');
  assert.match(stageHeader!, /^stage +seconds +share +count$/);
  const row = (line: string) => {
    const m = /^(\S.*?) +(\d+\.\d{3})(?: +(\d+\.\d%))?(?: +([\d,]+))?$/.exec(line);
    assert.ok(m, `a table row: ${JSON.stringify(line)}`);
    return { name: m[1]!, seconds: Number(m[2]), share: m[3] ?? '', count: m[4] ?? '' };
  };
  const [itemHeader, ...itemLines] = tail.trimEnd().split('\n');
  assert.match(itemHeader!, /^slowest rules and kinds +seconds +share +count$/);
  const more = /^\((\d+) more\)$/.exec(itemLines.at(-1)!);
  if (more) itemLines.pop();
  return { title: title!, stages: stageLines.map(row), items: itemLines.map(row), more: more ? Number(more[1]) : 0 };
}

const counts = (rows: Array<{ name: string; count: string }>) => Object.fromEntries(rows.map((r) => [r.name, r.count]));

test('--timings: after the report, stderr has the run\'s wall time by stage and its slowest rules and kinds, counted; the report is the same', () => {
  const root = makeTree(TREE);
  const plain = runCli(['-o', 'json', '--no-builtin-policies'], root);
  const timed = runCli(['-o', 'json', '--no-builtin-policies', '--timings'], root);
  assert.equal(plain.stderr, '');
  assert.equal(timed.code, plain.code);
  assert.equal(timed.code, 1);
  // The JSON report holds no time: byte for byte the same.
  assert.equal(timed.stdout, plain.stdout);

  const table = readTable(timed.stderr);
  assert.equal(table.title, 'timings (wall seconds; one thread)');
  // In the order the run went: the passes are made before the files stream through them. No pre-scan: the run
  // before found the files that hold setup documents (none here), and this one reads those first.
  assert.deepEqual(
    table.stages.map((s) => [s.name, s.count]),
    [
      ['start-up and configuration', '1'],
      ['discover', '1'],
      ['schema set-up', '1'],
      ['policy set-up', '1'],
      ['read', '2'],
      ['parse', '2'],
      ['YAML rules', '2'],
      ['schema', '3'],
      ['policy', '3'],
      ['keep for repo-wide checks', '2'],
      // Its parts and its end (here the end alone: base/ is kept to it); the admission passes find nothing in a streamed run and do not run.
      ['GitOps checks', '1'],
      ['report', '1'],
      ['output', '1'],
      ['other (between stages)', ''],
      ['total (wall)', ''],
    ],
  );
  // One thread: the rows add up to the wall time (each rounded to a millisecond).
  const total = table.stages.at(-1)!;
  assert.equal(total.share, '100.0%');
  const sum = table.stages.slice(0, -1).reduce((s, r) => s + r.seconds, 0);
  assert.ok(Math.abs(sum - total.seconds) <= 0.001 * table.stages.length, `${sum} against ${total.seconds}`);
  assert.ok(total.seconds > 0);

  // Each policy rule once per document, and each of its definitions where it was evaluated: the exception reads
  // the name alone, and the Service's is the Deployment's (web), so its result is reused. Each kind's validation
  // once per object of the kind. The slowest first.
  assert.deepEqual(counts(table.items), {
    'rule data.main.deny': '3',
    'rule data.main.deny (policy/deny.rego:3)': '3',
    'rule data.main.exception': '3',
    'rule data.main.exception (policy/deny.rego:7)': '2',
    'schema apps/v1/Deployment': '1',
    'schema v1/ConfigMap': '1',
    'schema v1/Service': '1',
  });
  const seconds = table.items.map((i) => i.seconds);
  assert.deepEqual(seconds, [...seconds].sort((a, b) => b - a));
});

test('--timings with worker threads: the stages summed over the threads, each document counted once', () => {
  const root = makeTree(TREE);
  const table = readTable(runCli(['-q', '--timings', '--jobs', '2', '--no-builtin-policies'], root).stderr);
  assert.equal(table.title, 'timings (wall seconds; stages summed over 3 threads: 2 workers and the main one)');
  const stages = counts(table.stages);
  // Each thread starts and makes the passes; the files and documents are split between the workers.
  assert.equal(stages['start-up and configuration'], '3');
  assert.equal(stages['policy set-up'], '2');
  for (const [name, count] of [['read', '2'], ['parse', '2'], ['YAML rules', '2'], ['schema', '3'], ['policy', '3']]) assert.equal(stages[name!], count, name);
  // The sum is not part of the wall time: no row for the rest, no share for the total.
  assert.equal(stages['other (between stages)'], undefined);
  assert.equal(table.stages.at(-1)!.name, 'total (wall)');
  assert.equal(table.stages.at(-1)!.share, '');
  assert.equal(counts(table.items)['rule data.main.deny'], '3');
  assert.equal(counts(table.items)['schema apps/v1/Deployment'], '1');
  assert.equal(table.more, 0);
});

test('--timings with more than ten rules and kinds lists the ten slowest and counts the rest', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 12; i++) files[`base/cm${i}.yaml`] = `apiVersion: v${i}.example.com/v1\nkind: Thing\nmetadata:\n  name: t${i}\n`;
  const root = makeTree(files);
  const table = readTable(runCli(['-q', '--timings', '--ignore-missing-schemas', '--no-builtin-policies'], root).stderr);
  assert.equal(table.items.length, 10);
  assert.equal(table.more, 2);
  for (const item of table.items) assert.match(item.name, /^schema v\d+\.example\.com\/v1\/Thing$/);
});

test('baseline --timings: the table follows the baseline command\'s line too', () => {
  const root = makeTree(TREE);
  const out = runCli(['baseline', '--timings', '--no-builtin-policies'], root);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /^wrote /);
  assert.equal(readTable(out.stderr).title, 'timings (wall seconds; one thread)');
});

test('--timings with files named: the context files taken from the document cache are a stage of their own, counted', () => {
  const root = makeTree({
    'base/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n',
    'clusters/a/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: web\n',
    'clusters/a/other.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n  namespace: web\n',
  });
  const args = ['-q', '--timings', '--cache-dir', join(root, 'cache'), 'clusters/a/cm.yaml'];
  const first = counts(readTable(runCli(args, root).stderr).stages);
  // The named file and the two context files are parsed; none was in the cache, which then holds them.
  assert.deepEqual([first['parse'], first['context from the document cache'], first['document cache saved']], ['3', '0', '1']);
  const second = counts(readTable(runCli(args, root).stderr).stages);
  assert.deepEqual([second['parse'], second['context from the document cache']], ['1', '2']);
});
