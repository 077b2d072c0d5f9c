import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { JsonReport } from '../../src/report/json.js';
import type { Finding } from '../../src/model/finding.js';
import { applyMutations, mutationArb, type Mutation } from './mutations.js';
import { repositorySeeds } from './seeds.js';
import { assertFinding, lineCount } from './yaml-fuzz-target.js';
import type { FuzzTarget } from './fuzz-target.js';

const repositories = repositorySeeds();

type Input = { repository: number; file: number; mutations: Mutation[] };

/**
 * One file of a whole repository (the admission fixtures: Gatekeeper templates and constraints,
 * ValidatingAdmissionPolicies and their bindings, CRDs, workloads) mutated, then the whole command run
 * on it as a user runs it: every pass, the repo-wide and admission checks, the JSON report. A broken
 * file in the checked tree must give exit 0 or 1 and findings inside the files, never exit 2.
 */
export const fuzzTarget: FuzzTarget<Input> = {
  arbitrary: fc.record({
    repository: fc.integer({ min: 0, max: repositories.length - 1 }),
    file: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    mutations: fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
  }),
  async check({ repository, file, mutations }) {
    const seeds = repositories[repository]!;
    const target = Math.floor(file * seeds.length);
    const root = mkdtempSync(join(tmpdir(), 'gitops-check-fuzz-'));
    const texts = new Map<string, string>();
    try {
      seeds.forEach((seed, i) => {
        const bytes = i === target ? applyMutations(seed.bytes, mutations) : seed.bytes;
        mkdirSync(dirname(join(root, seed.path)), { recursive: true });
        writeFileSync(join(root, seed.path), bytes);
        texts.set(seed.path.split('\\').join('/'), bytes.toString('utf8'));
      });
      const stdout: string[] = [];
      const stderr: string[] = [];
      const code = await main(['-o', 'json'], { cwd: root, stdout: (s) => void stdout.push(s), stderr: (s) => stderr.push(s), readStdin: async () => new Uint8Array(), colorSupported: false });
      if (code !== 0 && code !== 1) throw new Error(`exit ${code}: ${stderr.join('')}`);
      const report = JSON.parse(stdout.join('')) as JsonReport;
      if (report.files !== seeds.length) throw new Error(`${report.files} files reported of ${seeds.length}`);
      for (const finding of report.findings) assertFinding(finding as Finding, lineCount(texts.get(finding.file)));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
