import { dirname, resolve } from 'node:path';
import type { Finding } from '../../model/finding.js';
import type { ParsedDocument } from '../../documents/types.js';
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
export function checkKustomizeFiles(ctx: GitopsContext, kustomizations: readonly ParsedDocument[]): Finding[] {
  const findings: Finding[] = [];
  for (const doc of kustomizations) {
    const absPath = doc.file.absPath;
    // A context file's findings are not reported: its entries are not looked for on disk.
    if (absPath === undefined || doc.contextOnly) continue;
    for (const entry of kustomizationEntries(doc)) {
      const abs = resolve(dirname(absPath), entry.target);
      const found = ctx.stat(abs);
      const isDirectory = found?.isDirectory() === true;
      const wantsKustomization = isDirectory && (entry.role === 'resource' || entry.role === 'component');
      if (found && (!isDirectory || (wantsKustomization && KUSTOMIZATION_NAMES.some((name) => ctx.stat(resolve(abs, name))?.isFile())))) continue;
      // Most entries are there: the path shown is worked out for those that are not.
      const shown = resolveFrom(doc, entry.target);
      const problem = !found ? `${shown} does not exist` : wantsKustomization ? `the directory ${shown} has no kustomization.yaml` : `${shown} is a directory, not a file`;
      findings.push(findingIn(doc, entry.path, 'gitops/kustomize-missing-file', 'error', `${entry.field} entry ${entry.target}: ${problem}`));
    }
  }
  return findings;
}
