import { dirname, resolve } from 'node:path';
import type { Finding } from '../../model/finding.js';
import type { GitopsContext } from '../context.js';
import { resolveFrom } from '../auxiliary-files.js';
import { kustomizationEntries } from '../kustomization.js';
import { findingIn } from '../objects.js';

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * `gitops/kustomize-missing-file`: a path a kustomization.yaml names (resources, components, patches,
 * generator and Helm values files) that does not exist, or a resource or component directory that
 * holds no kustomization file (kustomize build fails on both).
 */
export function checkKustomizeFiles(ctx: GitopsContext): Finding[] {
  const findings: Finding[] = [];
  for (const doc of ctx.kustomizations) {
    const absPath = doc.file.absPath;
    if (absPath === undefined) continue;
    for (const entry of kustomizationEntries(doc)) {
      const abs = resolve(dirname(absPath), entry.target);
      const shown = resolveFrom(doc, entry.target);
      const found = ctx.stat(abs);
      let problem: string | undefined;
      if (!found) problem = `${shown} does not exist`;
      else if (found.isDirectory() && (entry.role === 'resource' || entry.role === 'component')) {
        if (!KUSTOMIZATION_NAMES.some((name) => ctx.stat(resolve(abs, name))?.isFile())) problem = `the directory ${shown} has no kustomization.yaml`;
      } else if (found.isDirectory()) problem = `${shown} is a directory, not a file`;
      if (problem) findings.push(findingIn(doc, entry.path, 'gitops/kustomize-missing-file', 'error', `${entry.field} entry ${entry.target}: ${problem}`));
    }
  }
  return findings;
}
