import { parseYamlFile } from '../../src/documents/parse-file.js';
import { lintFile } from '../../src/lint/run.js';
import { resolveConfig } from '../../src/lint/config/resolve.js';
import type { LintConfig } from '../../src/lint/config/model.js';

/** A configuration from its value, as if read from `.yamllint` in /project. */
export function configOf(value: unknown): LintConfig {
  return resolveConfig(value, {
    file: '.yamllint',
    dir: '/project',
    locate: () => ({ line: 1, column: 1 }),
    load: () => {
      throw new Error('no other configuration in this test');
    },
  });
}

/**
 * The YAML pass over `text` with the given yamllint `rules` (no `extends`: only these), as yamllint's
 * parsable lines without the file name, by line then column.
 */
export function lint(text: string, rules: Record<string, unknown>, path = 'test.yaml'): string[] {
  return lintWith(text, configOf({ rules }), path);
}

export function lintWith(text: string, config: LintConfig, path = 'test.yaml'): string[] {
  const parsed = parseYamlFile({ path, absPath: `/project/${path}`, text });
  return lintFile(parsed, config)
    .map((f) => ({ f, line: `${f.line}:${f.column}: [${f.severity}] ${f.message} (${f.check.replace(/^yaml\//, '')})` }))
    .sort((a, b) => a.f.line - b.f.line || a.f.column - b.f.column || (a.line < b.line ? -1 : 1))
    .map((x) => x.line);
}
