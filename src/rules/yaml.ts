import { GITOPS_CHECK_DEFAULT, PROFILES } from '../lint/config/profiles.js';
import type { RuleDoc } from './model.js';

const DEFAULT_RULES = PROFILES['default']!['rules'] as Record<string, unknown>;
const LEFT_OUT = GITOPS_CHECK_DEFAULT['rules'] as Record<string, unknown>;

/**
 * A yamllint rule: its severity is its level in yamllint's `default` profile (error unless the profile
 * says warning); it is on by default when that profile enables it and gitops-check's default keeps it.
 */
function yamllint(rule: string, summary: string, explanation: string, bad: string, good: string): RuleDoc {
  const setting = DEFAULT_RULES[rule];
  const enabled = setting !== undefined && setting !== 'disable';
  const level = typeof setting === 'object' && setting !== null && (setting as { level?: string }).level === 'warning' ? 'warning' : 'error';
  return {
    id: `yaml/${rule}`,
    severity: level,
    onByDefault: enabled && LEFT_OUT[rule] !== 'disable',
    origin: 'yamllint rule',
    summary,
    explanation: `${explanation} Configure it as in yamllint (.yamllint, or yamllint: in .gitops-check.yaml); \`# yamllint disable-line rule:${rule}\` works too.`,
    bad,
    good,
  };
}

/** The YAML pass: syntax errors and yamllint's 23 rules, with yamllint's ids. */
export const YAML_RULES: RuleDoc[] = [
  {
    id: 'yaml/syntax',
    severity: 'error',
    onByDefault: true,
    origin: 'YAML syntax',
    summary: 'The file is not valid YAML.',
    explanation:
      "PyYAML's (so yamllint's) message and position, one per broken document. A document that does not parse is not checked further; the file's other documents still are. Always on.",
    bad: 'metadata:\n  name: web\n   labels: {}\n',
    good: 'metadata:\n  name: web\n  labels: {}\n',
  },
  yamllint('anchors', 'Anchors and aliases: undeclared, duplicated or unused.', 'An alias to an anchor that does not exist breaks the document (gitops-check reports it as yaml/syntax); a duplicated or unused anchor is usually a mistake (forbid-unused-anchors).', 'a: &x 1\nb: 2\n', 'a: &x 1\nb: *x\n'),
  yamllint('braces', 'Spaces inside flow mappings `{ }`, or flow mappings at all.', 'Keeps `{}` mappings written one way.', 'labels: {  app: web }\n', 'labels: {app: web}\n'),
  yamllint('brackets', 'Spaces inside flow sequences `[ ]`, or flow sequences at all.', 'Keeps `[]` sequences written one way.', 'args: [  a, b ]\n', 'args: [a, b]\n'),
  yamllint('colons', 'Spaces before and after colons.', 'A space before a colon, or more than one after it, is layout noise.', 'name : web\n', 'name: web\n'),
  yamllint('commas', 'Spaces before and after commas.', 'A space before a comma, or none after it, in flow collections.', 'args: [a ,b]\n', 'args: [a, b]\n'),
  yamllint('comments', 'Comment formatting: a space after `#`, spaces before an inline comment.', 'Keeps comments readable and distinct from the values they follow.', 'replicas: 2 #two\n', 'replicas: 2  # two\n'),
  yamllint('comments-indentation', 'Comments indented like the content around them.', 'A comment indented unlike the lines it describes misleads the reader about what it belongs to.', 'spec:\n    # replicas\n  replicas: 2\n', 'spec:\n  # replicas\n  replicas: 2\n'),
  yamllint('document-end', 'Documents end (or do not end) with `...`.', 'Requires or forbids the document end marker.', 'a: 1\n', 'a: 1\n...\n'),
  yamllint('document-start', 'Documents start (or do not start) with `---`.', 'Requires or forbids the document start marker; with several documents in a file, `---` makes each start visible.', 'apiVersion: v1\n', '---\napiVersion: v1\n'),
  yamllint('empty-lines', 'Too many blank lines.', 'Limits consecutive blank lines, and blank lines at the start and end of a file.', 'a: 1\n\n\n\nb: 2\n', 'a: 1\n\nb: 2\n'),
  yamllint('empty-values', 'Keys with no value in block mappings.', 'A key with no value is null, which is rarely what a manifest means.', 'resources:\nlimits:\n', 'resources: {}\n'),
  yamllint('float-values', 'Floats written ambiguously (`.5`, `1e3`, `.nan`).', 'Restricts float spellings that readers or other parsers take differently.', 'ratio: .5\n', 'ratio: 0.5\n'),
  yamllint('hyphens', 'Spaces after the `-` of a sequence item.', 'More than one space after a hyphen is layout noise.', 'args:\n  -   a\n', 'args:\n  - a\n'),
  yamllint('indentation', 'Indentation: consistent width, and sequences indented (or not) as configured.', 'Inconsistent indentation is where YAML changes meaning silently: a key one space off belongs to another mapping.', 'spec:\n  replicas: 2\n  template:\n     metadata: {}\n', 'spec:\n  replicas: 2\n  template:\n    metadata: {}\n'),
  yamllint('key-duplicates', 'A mapping has the same key twice; tools disagree on which value wins.', 'The API server, kubectl and kustomize disagree on which value wins (the YAML spec forbids it); the later value silently replaces the earlier one.', 'data:\n  LOG_LEVEL: info\n  LOG_LEVEL: debug\n', 'data:\n  LOG_LEVEL: debug\n'),
  yamllint('key-ordering', 'Mapping keys not in alphabetical order.', 'Keeps large mappings (ConfigMap data, labels) easy to scan.', 'data:\n  b: 1\n  a: 2\n', 'data:\n  a: 2\n  b: 1\n'),
  yamllint('line-length', 'A line longer than the maximum (80 by default).', 'Long lines are hard to review in a diff. Long URLs and other unbreakable words can be allowed.', `description: ${'a'.repeat(80)}\n`, 'description: >-\n  a folded\n  description\n'),
  yamllint('new-line-at-end-of-file', 'No newline at the end of the file.', 'Tools that append or concatenate files break on a last line without a newline.', 'a: 1', 'a: 1\n'),
  yamllint('new-lines', 'Line endings other than the configured type (unix by default).', 'Mixed or Windows line endings make noisy diffs.', 'a: 1\r\n', 'a: 1\n'),
  yamllint('octal-values', 'Octal-looking numbers (`0755`, `0o755`).', 'YAML 1.1 reads `0755` as 493: a file mode or a zip code becomes another number. Quote it or write it in decimal.', 'defaultMode: 0644\n', 'defaultMode: 420\n'),
  yamllint('quoted-strings', 'Strings quoted (or not) as configured.', 'Keeps quoting consistent; by default every string value must be quoted, so none is read as another type.', 'name: web\n', "name: 'web'\n"),
  yamllint('trailing-spaces', 'Spaces at the end of a line.', 'Invisible, and noise in every diff that touches the line.', 'name: web  \n', 'name: web\n'),
  yamllint(
    'truthy',
    'Unquoted truthy values such as `yes`, `on`, `no`.',
    'YAML 1.1, which Kubernetes tools read, takes `on`, `off`, `yes`, `no` for booleans: `on:` in a GitHub workflow or a value `no` in a ConfigMap becomes true or false. Quote them, or write true/false.',
    'data:\n  ENABLED: yes\n',
    'data:\n  ENABLED: "yes"\n',
  ),
];
