import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { loadLintConfig } from '../../src/lint/config/load.js';
import { ConfigError } from '../../src/model/errors.js';
import { applyMutations, mutatedSeedArb, type Mutation } from './mutations.js';
import { configSeeds } from './seeds.js';
import { assertOneLine, type FuzzTarget } from './fuzz-target.js';

const seeds = configSeeds();
const OUR_KEYS = ['paths', 'exclude', 'kubernetesVersion', 'clusters', 'strict', 'ignoreMissingSchemas', 'schemaLocations', 'skipKinds', 'severity', 'maxFileSize', 'maxFindingsPerFile', 'failOnWarn', 'yamllint'];
const YAMLLINT_KEYS = ['extends', 'rules', 'ignore', 'yaml-files', 'locale', 'ignore-from-file'];
const RULES = ['line-length', 'indentation', 'truthy', 'key-duplicates', 'comments', 'braces', 'quoted-strings', 'document-start'];

/** Plausible keys with any values, nested one level into rules. */
const generatedArb: fc.Arbitrary<{ lint: boolean; value: Record<string, unknown> }> = fc.record({
  lint: fc.boolean(),
  value: fc.dictionary(
    fc.constantFrom(...OUR_KEYS, ...YAMLLINT_KEYS),
    fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.dictionary(fc.constantFrom(...RULES, 'level', 'max', 'spaces', 'present'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })),
    { maxKeys: 5 },
  ),
});

type Input = { mutated: { seed: number; mutations: Mutation[] } } | { generated: { lint: boolean; value: Record<string, unknown> } };

/** Loads one config file as the CLI would: a config or a ConfigError with one line, nothing else. */
async function load(name: string, content: Buffer | string, lint: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-check-fuzz-'));
  try {
    writeFileSync(join(dir, name), content);
    if (lint) loadLintConfig({ cwd: dir, explicit: name, env: {}, home: dir });
    else loadConfig(dir, name);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    assertOneLine('config error', error.format());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Mutated and generated .gitops-check.yaml and yamllint files through their loaders. */
export const fuzzTarget: FuzzTarget<Input> = {
  arbitrary: fc.oneof(mutatedSeedArb(seeds.length).map((mutated) => ({ mutated })), generatedArb.map((generated) => ({ generated }))),
  async check(input) {
    if ('mutated' in input) {
      const seed = seeds[input.mutated.seed]!;
      await load(seed.path, applyMutations(seed.bytes, input.mutated.mutations), seed.path.includes('yamllint'));
    } else {
      await load('config.yaml', stringify(input.generated.value), input.generated.lint);
    }
  },
};
