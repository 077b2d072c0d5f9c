import { join } from 'node:path';
import { decodeSource } from '../../src/documents/read.js';
import { parseYamlFile } from '../../src/documents/parse-file.js';
import { checkKubernetesObject } from '../../src/documents/kubernetes-object.js';
import { lintFile } from '../../src/lint/run.js';
import { loadLintConfig } from '../../src/lint/config/load.js';
import type { Finding } from '../../src/model/finding.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { applyMutations, mutatedSeedArb } from './mutations.js';
import { manifestSeeds } from './seeds.js';
import { assertOneLine, type FuzzTarget } from './fuzz-target.js';

const seeds = manifestSeeds();
// Every yamllint rule on, so each rule meets the broken input.
const lintConfig = loadLintConfig({ cwd: REPO_ROOT, explicit: 'test/lint/configs/all-rules.yaml' });

/** How many lines a finding may point into (YAML's line breaks); Infinity when the text is unknown. */
export function lineCount(text: string | undefined): number {
  return text === undefined ? Infinity : text.split(/\r\n|\r|\n|\u0085|\u2028|\u2029/).length;
}

/**
 * A finding a user can act on: one-line message, a position inside the file. `lines` is counted once
 * per file by the caller: a file can have thousands of findings.
 */
export function assertFinding(finding: Finding, lines: number): void {
  assertOneLine(`${finding.check} message`, finding.message);
  if (!(Number.isInteger(finding.line) && finding.line >= 1 && finding.line <= lines)) throw new Error(`line ${finding.line} outside the file (${lines} lines): ${finding.message}`);
  if (!(Number.isInteger(finding.column) && finding.column >= 1)) throw new Error(`column ${finding.column}: ${finding.message}`);
  if (finding.severity !== 'error' && finding.severity !== 'warning') throw new Error(`severity ${String(finding.severity)}`);
}

/** Mutated corpus manifests through reading, parsing, the YAML pass and the object gate: findings only. */
export const fuzzTarget: FuzzTarget<{ seed: number; mutations: Parameters<typeof applyMutations>[1] }> = {
  arbitrary: mutatedSeedArb(seeds.length),
  check({ seed, mutations }) {
    const { path } = seeds[seed]!;
    const bytes = applyMutations(seeds[seed]!.bytes, mutations);
    const read = decodeSource(bytes, path, join('/fuzz', path));
    if (read.finding) return assertFinding(read.finding, Infinity);
    const parsed = parseYamlFile(read.file);
    const lines = lineCount(read.file.text);
    for (const error of parsed.errors) assertOneLine('syntax error', error.message);
    for (const finding of lintFile(parsed, lintConfig)) assertFinding(finding, lines);
    for (const doc of parsed.documents) {
      const gate = checkKubernetesObject(doc);
      if (gate) assertFinding(gate, lines);
    }
  },
};
