import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGitopsPass } from '../../src/gitops/pass.js';
import { portionOf } from '../../src/pipeline/portions.js';
import { inShard } from '../../src/pipeline/shard.js';
import type { Target } from '../../src/discovery/discover.js';
import type { RepoPass } from '../../src/pipeline/run.js';

const files = (...paths: string[]): Target[] => paths.map((path) => ({ path, absPath: `/repo/${path}` }));
const cluster = (name: string, size: number) => files(...Array.from({ length: size }, (_, i) => `clusters/${name}/${i}.yaml`));
const CLUSTER_A = cluster('a', 8);
const CLUSTER_B = cluster('b', 6);
const CLUSTER_C = cluster('c', 4);
const APPS = files('apps/y.yaml', 'apps/z.yaml');
// What every cluster receives (the default layout's shared tree).
const BASE = files('base/x.yaml', 'base/y.yaml', 'base/z.yaml', 'base/w.yaml');
const TARGETS = [...APPS, ...BASE, ...CLUSTER_A, ...CLUSTER_B, ...CLUSTER_C];
const gitops = createGitopsPass({ cwd: '/repo', config: {} });
const paths = (targets: readonly Target[]) => targets.map((file) => file.path).sort();

test('--jobs in parts: whole clusters to the least busy worker, largest first; the shared tree checked by one worker each (path hash) and read by all', () => {
  const [one, two] = [1, 2].map((index) => portionOf([gitops], TARGETS, [], { index, count: 2 })!);
  const base = (index: number) => BASE.filter((file) => inShard(file.path, { index, count: 2 }));
  // a (8 files) to worker 1, b (6) to worker 2, c (4) to worker 2, apps (2) to worker 1: 10 and 10, and the 4
  // shared files each: 14, within a quarter over an even share of the 24 files (12).
  assert.deepEqual(paths(one!.targets), paths([...APPS, ...CLUSTER_A, ...base(1)]));
  assert.deepEqual(paths(two!.targets), paths([...CLUSTER_B, ...CLUSTER_C, ...base(2)]));
  assert.ok(base(1).length > 0 && base(2).length > 0, 'both workers check some of the shared tree');
  assert.deepEqual(paths([...one!.reads]), paths(base(2)), 'what it reads but does not check: the shared files the other worker checks');
  assert.deepEqual(paths([...two!.reads]), paths(base(1)));
  // What its clusters find on those counts: the other worker reports it.
  assert.deepEqual([paths([...one!.reportedElsewhere]), paths([...two!.reportedElsewhere])], [paths(base(2)), paths(base(1))]);
  // Its setup files the other worker reads go to it whole; of the others, only what the passes take from them.
  assert.deepEqual([paths([...one!.readElsewhere]), paths([...two!.readElsewhere])], [paths(base(1)), paths(base(2))]);
  assert.deepEqual(paths([...one!.checkedElsewhere]), paths(two!.targets));
  assert.deepEqual(paths([...two!.checkedElsewhere]), paths(one!.targets));

  // A context file (read, not checked: pre-commit's rest of the tree) goes with its cluster's worker.
  const context = files('clusters/c/context.yaml', 'base/context.yaml');
  const [first, second] = [1, 2].map((index) => portionOf([gitops], TARGETS, context, { index, count: 2 })!);
  assert.deepEqual([first!.targets, second!.targets], [one!.targets, two!.targets]);
  assert.deepEqual(paths([...second!.reads]), paths([...base(1), ...context]));
  assert.deepEqual(paths([...first!.reads]), paths([...base(2), context[1]!]));
  assert.deepEqual(paths([...first!.reportedElsewhere]), paths(base(2)), 'a context file is reported by no worker');
  assert.deepEqual(paths([...first!.checkedElsewhere]), paths(two!.targets), 'nor checked: each worker reads its setup files itself');
});

test('--jobs in parts: not when a worker would read over an even share of the files by a quarter, nor when the run is not in parts or the pass cannot hand its end over', () => {
  // Three workers: a's 8 files and the 4 shared ones, against an even share of 8.
  assert.equal(portionOf([gitops], TARGETS, [], { index: 1, count: 3 }), undefined);
  // Two clusters of 4: dealt out evenly, but with the 4 shared files each worker would read 8 files of 12.
  assert.ok(portionOf([gitops], [...cluster('d', 4), ...cluster('e', 4)], [], { index: 1, count: 2 }));
  assert.equal(portionOf([gitops], [...cluster('d', 4), ...cluster('e', 4), ...BASE], [], { index: 1, count: 2 }), undefined);
  // Only shared files: nothing to deal out.
  assert.equal(portionOf([gitops], BASE, [], { index: 1, count: 2 }), undefined);
  // A shared tree inside a cluster's own tree: no parts.
  const nested = createGitopsPass({ cwd: '/repo', config: { layout: { shared: ['clusters/a'] } } });
  assert.equal(portionOf([nested], TARGETS, [], { index: 1, count: 2 }), undefined);
  const withoutHandOver: RepoPass = Object.assign(() => [], { inParts: (...args: Parameters<NonNullable<RepoPass['inParts']>>) => ({ ...gitops.inParts!(...args)!, handOver: undefined }) });
  assert.equal(portionOf([withoutHandOver], TARGETS, [], { index: 1, count: 2 }), undefined);
});
