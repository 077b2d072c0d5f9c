/** yamllint's built-in configurations (`extends: default`, `extends: relaxed`), as yamllint 1.29 ships them. */
export const PROFILES: Readonly<Record<string, Record<string, unknown>>> = {
  default: {
    'yaml-files': ['*.yaml', '*.yml', '.yamllint'],
    rules: {
      braces: 'enable',
      brackets: 'enable',
      colons: 'enable',
      commas: 'enable',
      comments: { level: 'warning' },
      'comments-indentation': { level: 'warning' },
      'document-end': 'disable',
      'document-start': { level: 'warning' },
      'empty-lines': 'enable',
      'empty-values': 'disable',
      'float-values': 'disable',
      hyphens: 'enable',
      indentation: 'enable',
      'key-duplicates': 'enable',
      'key-ordering': 'disable',
      'line-length': 'enable',
      'new-line-at-end-of-file': 'enable',
      'new-lines': 'enable',
      'octal-values': 'disable',
      'quoted-strings': 'disable',
      'trailing-spaces': 'enable',
      truthy: { level: 'warning' },
    },
  },
  relaxed: {
    extends: 'default',
    rules: {
      braces: { level: 'warning', 'max-spaces-inside': 1 },
      brackets: { level: 'warning', 'max-spaces-inside': 1 },
      colons: { level: 'warning' },
      commas: { level: 'warning' },
      comments: 'disable',
      'comments-indentation': 'disable',
      'document-start': 'disable',
      'empty-lines': { level: 'warning' },
      hyphens: { level: 'warning' },
      indentation: { level: 'warning', 'indent-sequences': 'consistent' },
      'line-length': { level: 'warning', 'allow-non-breakable-inline-mappings': true },
      truthy: 'disable',
    },
  },
};

/**
 * What runs when no yamllint configuration is found: yamllint's `default` minus the rules about
 * layout only (spacing, indentation, blank lines, comments, line length, `---`), which would flood a
 * repository never linted before. What stays changes meaning or loses data: duplicate keys (error)
 * and YAML 1.1 booleans like `on`/`yes` (warning). Syntax errors are always reported.
 */
export const GITOPS_CHECK_DEFAULT: Record<string, unknown> = {
  extends: 'default',
  rules: {
    braces: 'disable',
    brackets: 'disable',
    colons: 'disable',
    commas: 'disable',
    comments: 'disable',
    'comments-indentation': 'disable',
    'document-start': 'disable',
    'empty-lines': 'disable',
    hyphens: 'disable',
    indentation: 'disable',
    'line-length': 'disable',
    'new-line-at-end-of-file': 'disable',
    'new-lines': 'disable',
    'trailing-spaces': 'disable',
  },
};
