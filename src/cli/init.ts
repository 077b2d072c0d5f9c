import { promises as fs } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../model/errors.js';
import { reason } from './outputs.js';

const CONFIG = `# gitops-check configuration. Flags given on the command line override these settings.

# Trees to check when no path is given (default: base/ and clusters/, those that exist, else .).
# paths: [base, clusters]

# Files to leave out: globs relative to this directory; a glob without / matches file names.
exclude: []

# Kubernetes version the manifests are validated against, and per cluster (directories under clusters/).
# kubernetesVersion: "1.30"
# clusters:
#   production:
#     kubernetesVersion: "1.29"

# Unknown fields are errors (strict); kinds without a schema fail unless ignoreMissingSchemas.
# strict: true
# ignoreMissingSchemas: false
# schemaLocations: []
# skipKinds: []

# Severity per check id or prefix glob: error | warning | off.
# severity:
#   yaml/line-length: warning
#   builtin/*: error

# Exit 1 on warnings too.
failOnWarn: false
`;

const workflow = (version: string) => `# gitops-check as a required status check: findings are annotated on the pull request's diff, listed
# in the job summary and uploaded to code scanning. Make the "gitops-check" job a required status
# check in the branch protection rules (or ruleset) of the default branch.
name: gitops-check

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read

jobs:
  gitops-check:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write # to upload SARIF
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      # Schema validators, policies and code compiled by earlier runs: restored on every run, saved by
      # pushes only, so that code a pull request's CRDs made is never run by later jobs.
      - name: Restore gitops-check's cache
        uses: actions/cache/restore@v4
        with:
          path: \${{ runner.temp }}/gitops-check-cache
          key: gitops-check-\${{ runner.os }}-\${{ github.run_id }}
          restore-keys: gitops-check-\${{ runner.os }}-
      - name: gitops-check
        run: npx --yes gitops-check@${version} --cache-dir "$RUNNER_TEMP/gitops-check-cache" -o text -o sarif=gitops-check.sarif
      - name: Save gitops-check's cache
        if: \${{ !cancelled() && github.event_name == 'push' }}
        uses: actions/cache/save@v4
        with:
          path: \${{ runner.temp }}/gitops-check-cache
          key: gitops-check-\${{ runner.os }}-\${{ github.run_id }}
      - name: Upload findings to code scanning
        if: \${{ !cancelled() }}
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: gitops-check.sarif
          category: gitops-check
`;

const preCommit = (version: string) => `# pre-commit (https://pre-commit.com): checks the staged manifests before each commit.
# Install the hook once with: pre-commit install
repos:
  - repo: local
    hooks:
      - id: gitops-check
        name: gitops-check
        language: node
        # staged YAML outside the configured paths (package.json, Helm charts) is not a manifest
        entry: gitops-check --only-in-paths
        additional_dependencies: ["gitops-check@${version}"]
        files: \\.(ya?ml|json)$
        exclude: (^|/)\\.
        require_serial: true
        # args: [--resident]   # runs after the first in a process kept between them (faster; see the README)
`;

/** The files `init` writes, relative to the repository root, with their content. */
export function initFiles(version: string): Array<{ path: string; content: string }> {
  return [
    { path: '.gitops-check.yaml', content: CONFIG },
    { path: '.github/workflows/gitops-check.yml', content: workflow(version) },
    { path: '.pre-commit-config.yaml', content: preCommit(version) },
  ];
}

/**
 * `gitops-check init`: writes the configuration, the GitHub workflow and the pre-commit config into
 * `cwd`. An existing file is never overwritten (created exclusively), only reported as skipped.
 */
export async function runInit(cwd: string, version: string, stdout: (text: string) => void): Promise<number> {
  for (const { path, content } of initFiles(version)) {
    const abs = resolve(cwd, path);
    const created = await fs
      .mkdir(dirname(abs), { recursive: true })
      .then(() => fs.writeFile(abs, content, { flag: 'wx' }))
      .then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          // 'wx' fails with EEXIST only when the file itself exists (a non-directory parent gives ENOTDIR).
          if (error.code === 'EEXIST' && error.syscall === 'open') return false;
          throw new ConfigError(`cannot write: ${reason(error)}`, path);
        },
      );
    stdout(created ? `created ${path}\n` : `skipped ${path} (it exists)\n`);
  }
  return 0;
}
