import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FUZZ_RUNS, fuzz } from './fuzz.js';

/** A whole run per input costs ~20 inputs of the other properties. */
const RUNS = Math.max(10, Math.round(FUZZ_RUNS / 4));

test('one file of a repository with admission policies mutated: the whole command ends in exit 0 or 1 with findings inside the files, never exit 2, an exception or a hang', async () => {
  assert.deepEqual(await fuzz(new URL('./pipeline-fuzz-target.ts', import.meta.url), RUNS), { runs: RUNS });
});
