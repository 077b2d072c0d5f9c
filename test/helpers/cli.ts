import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './temp.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = resolve(REPO_ROOT, '../shared');
export const CORPORA = join(SHARED, 'corpora');
const BIN = join(REPO_ROOT, 'bin/gitops-check.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout lines with the summary's elapsed time replaced by `T s`, so outputs compare exactly. */
  lines: string[];
}

/** Far beyond any test's run (the slowest take a few seconds). */
const CLI_TIMEOUT_MS = 180_000;

/** Runs the built command as a user would: `node bin/gitops-check.js ...args` in `cwd`. */
export function runCli(args: string[], cwd: string, options: { input?: string | Buffer; env?: Record<string, string> } = {}): CliResult {
  const out = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    input: options.input ?? '',
    env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '', ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // A run that hangs (workers waiting on one another) fails its test instead of holding the suite.
    timeout: CLI_TIMEOUT_MS,
  });
  if (out.error) throw new Error(`gitops-check ${args.join(' ')}: ${out.error.message}`);
  return { code: out.status, stdout: out.stdout, stderr: out.stderr, lines: normalizeLines(out.stdout) };
}

export function normalizeLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(/ · \d+\.\d+ s$/, ' · T s'));
}

/** Writes a tree of files (path → content) into a fresh temporary directory and returns it. */
export function makeTree(files: Record<string, string | Buffer>): string {
  const root = tempDir('gitops-check-test-');
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

/** A CRD for `example.com/v1 Widget` whose `spec.size` has the given JSON schema type. */
export function widgetCrd(sizeType: string): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Widget, plural: widgets, singular: widget }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: { type: ${sizeType} }
`;
}
