import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FUZZ_RUNS, fuzz } from './fuzz.js';

test('mutated corpus manifests: reading, parsing, every yamllint rule and the object gate give findings, never an exception or a hang', async () => {
  assert.deepEqual(await fuzz(new URL('./yaml-fuzz-target.ts', import.meta.url)), { runs: FUZZ_RUNS });
});
