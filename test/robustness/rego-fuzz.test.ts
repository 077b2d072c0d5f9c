import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FUZZ_RUNS, fuzz } from './fuzz.js';

test('mutated built-in policies and generated ones: lexer, parser, compiler and evaluator end in values or a one-line RegoError, never another exception or a hang', async () => {
  assert.deepEqual(await fuzz(new URL('./rego-fuzz-target.ts', import.meta.url)), { runs: FUZZ_RUNS });
});
