// `npm run bench -- --instructions` (bench/instructions.ts) rests on one fact: under callgrind, with V8's
// `--predictable`, a process counts the same instructions each time it runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tmpdir } from 'node:os';
import { countInstructions, hasValgrind } from '../../bench/instructions.js';

test('a process under callgrind with V8 `--predictable` counts the same instructions twice; a failing one throws', { skip: !hasValgrind() && 'valgrind is not installed' }, () => {
  const script = 'let s = 0; for (let i = 0; i < 1e7; i++) s += i % 7; if (s !== 29999994) process.exit(3)';
  const first = countInstructions(['-e', script], tmpdir());
  const second = countInstructions(['-e', script], tmpdir());
  assert.ok(first > 1e8, `${first} instructions: Node's start-up is more`);
  assert.ok(Math.abs(first - second) / first < 0.001, `${first} and ${second}`);
  assert.throws(() => countInstructions(['-e', 'process.exit(3)'], tmpdir()), /exited with 3/);
});
