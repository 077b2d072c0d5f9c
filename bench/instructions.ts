/**
 * `npm run bench -- --instructions`: what the whole check and the floor cost in instructions executed, counted by
 * valgrind's callgrind (every thread of the process) with V8 in its `--predictable` mode (one thread: no concurrent
 * compiling or collecting; fixed hash and random seeds). A build on a tree counts the same to ~0.03% from one process
 * to the next (~0.4% from one round of a bench to the next), where its wall time here moves by 20% within minutes: a
 * change of half a percent shows, and with
 * `--against REV` is told apart from the revision's in one run. Instructions are not time — no cache misses, page
 * faults, system calls' waits, nor the second core's work — so a change that saves only those (reading files in a
 * row, a thread) does not show here: read it beside the wall-time table. As there, the processes run without
 * NODE_EXTRA_CA_CERTS (bench/environment.ts): with this machine's, `node -e 0` counts 0.507 billion, without 0.091.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tree } from './tree.js';
import { childEnvironment } from './environment.js';

/**
 * Runs of a CLI command before it is measured, so that it reads every cache it fills: a new build's first run compiles
 * the schema validators and keeps them (with the compiled policies, its code and the setup files), the second keeps
 * V8's code for those validators, and only from the third does a run read what a user's every later run reads (a 1k
 * run, a fresh cache: 3.93–3.99 billion instructions on the second run, 3.662 on the third and fourth).
 */
export const CACHE_WARM_UP_RUNS = 2;

/** A row's counts, one a round; a CLI row ran CACHE_WARM_UP_RUNS times before, uncounted. */
export interface CountedRow {
  label: string;
  instructions: number[];
}

const REFS = /I\s+refs:\s+([\d,]+)/;

/** Instructions of `node --predictable …args` in `cwd`, all threads; a failing exit (other than 1, "findings") throws. */
export function countInstructions(args: readonly string[], cwd: string): number {
  const child = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', 'node', '--predictable', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    env: childEnvironment({ NO_COLOR: '1' }),
  });
  if (child.error) throw child.error;
  if (child.status !== 0 && child.status !== 1) throw new Error(`valgrind node --predictable ${args.join(' ')} exited with ${child.status ?? child.signal}:\n${child.stderr}`);
  const refs = REFS.exec(child.stderr)?.[1];
  if (refs === undefined) throw new Error(`callgrind printed no instruction count for node ${args.join(' ')}`);
  return Number(refs.replaceAll(',', ''));
}

export function hasValgrind(): boolean {
  return spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** A CLI command counted: its row's label and the arguments after `node --predictable`, run in the tree. */
export interface CountedCommand {
  label: string;
  args: string[];
}

/**
 * The rows of one tree: the floor (bench/floor.ts's read and js-yaml `loadAll` of the files: its process on the tree
 * less its process on an empty folder, so without Node's and tsx's start-up, as the wall-time floor is timed), `node -e
 * 0`, then each command, a whole process, start-up included, as in the wall-time table, `rounds` times, in turn.
 */
export function instructionRows(tree: Tree, project: string, commands: readonly CountedCommand[], rounds: number): CountedRow[] {
  const empty = mkdtempSync(join(tmpdir(), 'gitops-check-bench-empty-'));
  try {
    const floorScript = ['--import', 'tsx', join(project, 'bench/floor.ts')];
    const floor = countInstructions([...floorScript, tree.root], project) - countInstructions([...floorScript, empty], project);
    for (const { args } of commands) for (let i = 0; i < CACHE_WARM_UP_RUNS; i++) spawnSync('node', ['--predictable', ...args], { cwd: tree.root, stdio: 'ignore', env: childEnvironment({}) });
    const rows = commands.map(({ label }): CountedRow => ({ label, instructions: [] }));
    for (let round = 0; round < rounds; round++) commands.forEach(({ args }, i) => rows[i]!.instructions.push(countInstructions(args, tree.root)));
    return [
      { label: 'floor: read + js-yaml `loadAll`, one thread (in-process)', instructions: [floor] },
      { label: '`node -e 0`', instructions: [countInstructions(['-e', '0'], tree.root)] },
      ...rows,
    ];
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
}
