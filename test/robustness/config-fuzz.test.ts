import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FUZZ_RUNS, fuzz } from './fuzz.js';

test('mutated and generated config files (ours and yamllint\'s) load or fail with a one-line ConfigError, never another exception or a hang', async () => {
  assert.deepEqual(await fuzz(new URL('./config-fuzz-target.ts', import.meta.url)), { runs: FUZZ_RUNS });
});
