import type { ConfigFile } from '../../src/config/schema.js';
import { runChecks } from '../../src/pipeline/run.js';
import { formatText } from '../../src/report/text.js';
import { createGitopsPass } from '../../src/gitops/pass.js';
import { normalizeLines } from '../helpers/cli.js';
import { bareOptions } from '../helpers/run-options.js';

/**
 * Runs the pipeline over `dir` (the repository root) with the GitOps pass wired as the CLI will wire
 * it, and no other pass or yamllint rule; returns the quiet text report's `gitops/*` lines.
 */
export async function gitopsLines(dir: string, config: ConfigFile = {}, paths: string[] = ['.']): Promise<string[]> {
  const report = await runChecks({
    ...bareOptions(dir),
    paths,
    maxFileSize: 10 * 1024 * 1024,
    severity: config.severity ?? {},
    repoPasses: [createGitopsPass({ cwd: dir, config })],
  });
  return normalizeLines(formatText(report, { color: false, quiet: true })).filter((line) => / \(gitops\/[a-z-]+\)$/.test(line));
}
