import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CORPORA, REPO_ROOT } from '../helpers/cli.js';

/** A real file the fuzzers start from: its display path and bytes. */
export interface Seed {
  path: string;
  bytes: Buffer;
}

function filesBelow(dir: string, ends: string[]): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesBelow(full, ends));
    else if (entry.isFile() && ends.some((e) => entry.name.endsWith(e))) out.push(full);
  }
  return out.sort();
}

function seedsBelow(dir: string, ends: string[], base: string): Seed[] {
  return filesBelow(dir, ends).map((full) => ({ path: relative(base, full), bytes: readFileSync(full) }));
}

/** Every manifest of the shared corpora (read-only; never copied into the repository). */
export const manifestSeeds = (): Seed[] => seedsBelow(CORPORA, ['.yaml', '.yml'], CORPORA);

/** The built-in Rego library and its tests. */
export const policySeeds = (): Seed[] => seedsBelow(join(REPO_ROOT, 'policy'), ['.rego'], REPO_ROOT);

/** Configuration files that exercise most keys: ours and yamllint's. */
export const configSeeds = (): Seed[] => [
  {
    path: '.gitops-check.yaml',
    bytes: Buffer.from(
      [
        'paths: [base, clusters]',
        'exclude: ["*.tmpl.yaml", "clusters/old/**"]',
        'kubernetesVersion: "1.30"',
        'clusters:',
        '  production:',
        '    kubernetesVersion: "1.29"',
        'strict: true',
        'ignoreMissingSchemas: false',
        'schemaLocations: []',
        'skipKinds: [SealedSecret, v1/Secret]',
        'severity:',
        '  yaml/line-length: warning',
        '  builtin/*: off',
        'maxFileSize: 1048576',
        'maxFindingsPerFile: 100',
        'failOnWarn: false',
        '',
      ].join('\n'),
    ),
  },
  { path: '.yamllint.yaml', bytes: readFileSync(join(REPO_ROOT, 'test/lint/configs/all-rules.yaml')) },
];
