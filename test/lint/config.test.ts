import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadLintConfig } from '../../src/lint/config/load.js';
import { ConfigError } from '../../src/model/errors.js';
import { configOf, lintWith } from './helpers.js';
import ignore from 'ignore';
import { pathMatcher } from '../../src/lint/config/patterns.js';
import { tempDir } from '../helpers/temp.js';

function tree(files: Record<string, string>): string {
  const root = tempDir('lint-config-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** No user-global file, whatever the machine has. */
const NO_ENV = { env: {}, home: '/nonexistent' };

function enabled(cwd: string, extra: Partial<Parameters<typeof loadLintConfig>[0]> = {}): string[] {
  const config = loadLintConfig({ cwd, ...NO_ENV, ...extra });
  return config.rules.map((s) => `${s.rule.id}:${s.level}`);
}

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.format();
    throw error;
  }
  assert.fail('expected a ConfigError');
}

test('without any yamllint configuration: duplicate keys (error) and YAML 1.1 booleans (warning) only', () => {
  const root = tree({ 'base/x.yaml': 'a: 1\n' });
  assert.deepEqual(enabled(join(root, 'base')), ['key-duplicates:error', 'truthy:warning']);
});

test('.yamllint, .yamllint.yaml, .yamllint.yml: in the working directory first, then its parents', () => {
  const root = tree({
    '.yamllint.yml': 'rules:\n  colons: enable\n',
    'repo/.yamllint.yaml': 'rules:\n  commas: enable\n',
    'repo/.yamllint': 'rules:\n  hyphens: {level: warning}\n',
    'repo/sub/dir/.keep': '',
  });
  assert.deepEqual(enabled(join(root, 'repo/sub/dir')), ['hyphens:warning']);
  assert.deepEqual(enabled(join(root, 'repo/sub')), ['hyphens:warning']);
  assert.deepEqual(enabled(root), ['colons:error']);
});

test('YAMLLINT_CONFIG_FILE, else $XDG_CONFIG_HOME/yamllint/config, when no project file exists', () => {
  const root = tree({ 'user.yaml': 'rules:\n  braces: enable\n', 'xdg/yamllint/config': 'rules:\n  brackets: enable\n', 'project/.keep': '' });
  const cwd = join(root, 'project');
  assert.deepEqual(enabled(cwd, { env: { YAMLLINT_CONFIG_FILE: join(root, 'user.yaml'), XDG_CONFIG_HOME: join(root, 'xdg') } }), ['braces:error']);
  assert.deepEqual(enabled(cwd, { env: { XDG_CONFIG_HOME: join(root, 'xdg') } }), ['brackets:error']);
});

test('--yamllint-config wins over everything; `yamllint:` in .gitops-check.yaml wins over files found', () => {
  const root = tree({
    '.yamllint': 'rules:\n  colons: enable\n',
    'other.yaml': 'extends: relaxed\nrules:\n  line-length: disable\n',
    '.gitops-check.yaml': 'yamllint:\n  rules:\n    trailing-spaces: enable\n',
  });
  assert.deepEqual(enabled(root, { explicit: 'other.yaml', embeddedIn: '.gitops-check.yaml' }), [
    'braces:warning', 'brackets:warning', 'colons:warning', 'commas:warning', 'empty-lines:warning', 'hyphens:warning',
    'indentation:warning', 'key-duplicates:error', 'new-line-at-end-of-file:error', 'new-lines:error', 'trailing-spaces:error',
  ]);
  assert.deepEqual(enabled(root, { embeddedIn: '.gitops-check.yaml' }), ['trailing-spaces:error']);
});

test('extends: a rule given as a mapping keeps the options it inherits; `enable` of a disabled rule takes the defaults', () => {
  const config = configOf({ extends: 'relaxed', rules: { braces: { level: 'error' }, truthy: 'enable', 'line-length': { max: 100 } } });
  const options = (id: string) => config.rules.find((s) => s.rule.id === id);
  assert.deepEqual(options('braces'), { ...options('braces'), level: 'error' });
  assert.equal(options('braces')!.options['max-spaces-inside'], 1);
  assert.deepEqual(options('truthy')!.options, { level: 'error', 'allowed-values': ['true', 'false'], 'check-keys': true });
  assert.equal(options('line-length')!.options['allow-non-breakable-inline-mappings'], true);
  assert.equal(options('line-length')!.options.max, 100);
});

test('extends: another file, relative to the configuration that names it', () => {
  const root = tree({ 'conf/base.yaml': 'rules:\n  colons: {level: warning}\n', 'conf/child.yaml': 'extends: base.yaml\nrules:\n  commas: enable\n' });
  assert.deepEqual(enabled(root, { explicit: 'conf/child.yaml' }), ['colons:warning', 'commas:error']);
});

test('ignore (all rules) and per-rule ignore: gitignore patterns on the file path; syntax errors are still reported', () => {
  const config = configOf({
    ignore: 'vendor/\n*.generated.yaml',
    rules: { colons: 'enable', 'trailing-spaces': { ignore: ['legacy/**'] } },
  });
  const text = 'a:  1 \nb: [\n';
  assert.deepEqual(lintWith(text, config, 'app/x.yaml'), [
    '1:4: [error] too many spaces after colon (colons)',
    '1:6: [error] trailing spaces (trailing-spaces)',
    "3:1: [error] syntax error: expected the node content, but found '<stream end>' (syntax)",
  ]);
  assert.deepEqual(lintWith(text, config, 'legacy/old/x.yaml'), [
    '1:4: [error] too many spaces after colon (colons)',
    "3:1: [error] syntax error: expected the node content, but found '<stream end>' (syntax)",
  ]);
  assert.deepEqual(lintWith(text, config, 'vendor/lib/x.yaml'), ["3:1: [error] syntax error: expected the node content, but found '<stream end>' (syntax)"]);
  assert.deepEqual(lintWith(text, config, 'a.generated.yaml'), ["3:1: [error] syntax error: expected the node content, but found '<stream end>' (syntax)"]);
});

test('ignore-from-file reads .gitignore-style files next to the configuration', () => {
  const root = tree({ '.yamllint': 'ignore-from-file: [.lintignore]\nrules:\n  colons: enable\n', '.lintignore': '# generated\nout/\n' });
  const config = loadLintConfig({ cwd: root, ...NO_ENV });
  assert.equal(config.ignores('out/a.yaml'), true);
  assert.equal(config.ignores('src/a.yaml'), false);
});

test('yaml-files: only matching file names get the yamllint rules', () => {
  const config = configOf({ 'yaml-files': ['*.yaml'], rules: { colons: 'enable' } });
  assert.deepEqual(lintWith('a:  1\n', config, 'x.yaml'), ['1:4: [error] too many spaces after colon (colons)']);
  assert.deepEqual(lintWith('a:  1\n', config, 'x.yml'), []);
});

test('locale orders keys for key-ordering; without it, by code point', () => {
  const text = 'a: 1\nB: 2\nc: 3\n';
  assert.deepEqual(lintWith(text, configOf({ rules: { 'key-ordering': 'enable' } })), ['2:1: [error] wrong ordering of key "B" in mapping (key-ordering)']);
  assert.deepEqual(lintWith(text, configOf({ locale: 'en_US.UTF-8', rules: { 'key-ordering': 'enable' } })), []);
});

test('a broken yamllint configuration is a ConfigError at file:line:col', () => {
  const root = tree({
    'unknown-rule.yaml': 'extends: default\nrules:\n  colon: enable\n',
    'bad-option.yaml': 'rules:\n  line-length:\n    max: long\n',
    'unknown-option.yaml': 'rules:\n  braces:\n    spaces: 1\n',
    'bad-level.yaml': 'rules:\n  braces:\n    level: fatal\n',
    'bad-rule.yaml': 'rules:\n  braces: yes\n',
    'conflict.yaml': 'rules:\n  quoted-strings:\n    required: true\n    extra-required: [x]\n',
    'both-ignores.yaml': 'ignore: a\nignore-from-file: b\n',
    'list.yaml': '- a\n',
    'syntax.yaml': 'rules: [\n',
    'missing-base.yaml': 'extends: nowhere.yaml\n',
  });
  const load = (name: string) => () => loadLintConfig({ cwd: root, explicit: name, ...NO_ENV });
  assert.equal(configError(load('unknown-rule.yaml')), 'unknown-rule.yaml:3:3: invalid yamllint config: no such rule: "colon"');
  assert.equal(configError(load('bad-option.yaml')), 'bad-option.yaml:3:10: invalid yamllint config: option "max" of "line-length" should be an integer');
  assert.equal(configError(load('unknown-option.yaml')), 'unknown-option.yaml:3:5: invalid yamllint config: unknown option "spaces" for rule "braces"');
  assert.equal(configError(load('bad-level.yaml')), 'bad-level.yaml:3:12: invalid yamllint config: level should be "error" or "warning"');
  assert.equal(configError(load('bad-rule.yaml')), 'bad-rule.yaml:2:11: invalid yamllint config: rule "braces": should be either "enable", "disable" or a mapping');
  assert.equal(configError(load('conflict.yaml')), 'conflict.yaml:2:3: invalid yamllint config: quoted-strings: cannot use both "required: true" and "extra-required"');
  assert.equal(configError(load('both-ignores.yaml')), 'both-ignores.yaml:2:1: invalid yamllint config: ignore and ignore-from-file keys cannot be used together');
  assert.equal(configError(load('list.yaml')), 'list.yaml:1:1: invalid yamllint config: not a mapping');
  assert.equal(configError(load('syntax.yaml')), "syntax.yaml:2:1: syntax error: expected the node content, but found '<stream end>'");
  assert.equal(configError(load('missing-base.yaml')), 'missing-base.yaml:1:10: invalid yamllint config: cannot read the configuration "nowhere.yaml" it extends');
  assert.equal(configError(load('absent.yaml')), 'absent.yaml: yamllint config file does not exist');
});

test('a mistake in `yamllint:` of .gitops-check.yaml is placed in that file', () => {
  const root = tree({ '.gitops-check.yaml': 'failOnWarn: true\nyamllint:\n  rules:\n    colons:\n      max-spaces-after: -x\n' });
  assert.equal(
    configError(() => loadLintConfig({ cwd: root, embeddedIn: '.gitops-check.yaml', ...NO_ENV })),
    '.gitops-check.yaml:5:25: invalid yamllint config: option "max-spaces-after" of "colons" should be an integer',
  );
});

test('path patterns: bare names match as the gitignore library matches them, case and all', () => {
  const sets = [['*.yaml', '*.yml', '.yamllint'], ['*.YAML', 'Chart.lock'], ['foo', '*-x.y_z'], ['*.yaml', 'dir/*.yml'], ['*.yaml', '!a.yaml'], ['*.yaml', ' ']];
  const paths = [
    'a.yaml', 'A.YAML', '.yaml', 'a.yaml.bak', 'x.yml', '.yamllint', '.YAMLLINT', 'a.yamllint', 'yaml', 'a.Yml', 'a.ya\u017fml', '\u212a.yaml',
    'chart.lock', 'Chart.lock', 'xChart.lock', 'foo', 'FOO', 'afoo', 'foo.yaml', 'q-X.Y_Z', '-x.y_z', 'dir/a.yml', 'd/a.yaml', 'a.yaml/b', '', 'a.yam', 'a.\u0130yaml',
  ];
  for (const patterns of sets) {
    const library = ignore({ allowRelativePaths: true }).add(patterns.filter((p) => p.trim() !== ''));
    const matches = pathMatcher(patterns);
    for (const path of paths) assert.equal(matches(path), path !== '' && library.ignores(path), `${JSON.stringify(patterns)} ${JSON.stringify(path)}`);
  }
});
