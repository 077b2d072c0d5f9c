import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FUZZ_RUNS, fuzz } from './fuzz.js';

test('corpus objects with values replaced, deleted or added anywhere: the schema pass, the built-in policies and the GitOps checks give findings, never an exception or a hang', async () => {
  assert.deepEqual(await fuzz(new URL('./schema-fuzz-target.ts', import.meta.url)), { runs: FUZZ_RUNS });
});
