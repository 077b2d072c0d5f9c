import type { CheckOptions } from '../../src/pipeline/run.js';

/** A run over every file of `root` with no pass and no yamllint rule: tests add the passes they need. */
export function bareOptions(root: string): CheckOptions {
  return {
    cwd: root,
    paths: ['.'],
    exclude: [],
    maxFileSize: 1 << 20,
    severity: {},
    yamllint: { rules: [], ignores: () => true, isYamlFile: () => true, source: 'none' },
    passes: [],
    repoPasses: [],
    readStdin: async () => new Uint8Array(),
  };
}
