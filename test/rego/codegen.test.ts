import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { readCorpora } from '../../bench/tree.js';
import { runConformance } from '../../scripts/conformance.js';
import { parseYamlFile } from '../../src/documents/parse-file.js';
import type { Rule } from '../../src/policy/rego/ast.js';
import { generatedResults } from '../../src/policy/rego/codegen.js';
import { compileModules } from '../../src/policy/rego/compiler.js';
import { EvalBudget, PolicySet, RegoError, toJS, type ModuleSource } from '../../src/policy/rego/index.js';
import { parseModule } from '../../src/policy/rego/parser.js';

// Rules compiled to JavaScript (src/policy/rego/codegen.ts) are held to the interpreter's closures they replace.

const POLICY = resolve(import.meta.dirname, '../../policy');
const builtinModules: ModuleSource[] = readdirSync(POLICY, { recursive: true, encoding: 'utf8' })
  .filter((path) => path.endsWith('.rego') && !path.endsWith('_test.rego'))
  .sort()
  .map((path) => ({ path: `policy/${path}`, source: readFileSync(join(POLICY, path), 'utf8') }));

test('OPA conformance: every case has the same outcome compiled to JavaScript as interpreted', () => {
  const root = resolve(import.meta.dirname, '../../../shared/opa-conformance/v1');
  const compiled = runConformance(root);
  const interpreted = runConformance(root, (modules) => PolicySet.compile(modules, undefined, { interpret: true }));
  assert.equal(compiled.length, 665);
  assert.deepEqual(compiled, interpreted);
});

test('every definition of the built-in library is compiled to JavaScript', () => {
  const c = compileModules(builtinModules.map((m) => parseModule(m.source, m.path)));
  const chain = (r: Rule | undefined): Rule[] => (r ? [r, ...chain(r.elseRule)] : []);
  const rules = c.modules.flatMap((m) => m.rules.flatMap(chain));
  const closures = () => () => false;
  const left = rules.filter((r) => generatedResults(r, c, closures) === undefined).map((r) => `${r.pos.file}:${r.pos.line}`);
  assert.ok(rules.length >= 20, `${rules.length} definitions`);
  assert.deepEqual(left, []);
});

test('the built-in library on every corpus document: the same results, taking the same steps, both ways', () => {
  const compiled = PolicySet.compile(builtinModules);
  const interpreted = PolicySet.compile(builtinModules, undefined, { interpret: true });
  const outcome = (set: PolicySet, input: unknown) => {
    const budget = new EvalBudget();
    const { value } = set.evalRuleValue('data.gitops_check.builtin.deny', { input, budget });
    return { results: JSON.stringify(toJS(value!)), steps: budget.steps };
  };
  let documents = 0;
  let results = 0;
  for (const file of readCorpora()) {
    for (const doc of parseYamlFile({ path: file.path, text: file.text }).documents) {
      if (doc.value === null || typeof doc.value !== 'object') continue;
      const want = outcome(interpreted, doc.value);
      assert.deepEqual(outcome(compiled, doc.value), want, `${file.corpus}/${file.path} document ${doc.ref.index}`);
      documents++;
      results += (JSON.parse(want.results) as unknown[]).length;
    }
  }
  assert.ok(documents > 350, `${documents} documents`);
  assert.ok(results > 300, `${results} results`);
});

test('compiled rules: a `with` runs the interpreted definition; errors keep their places', () => {
  const modules = [
    {
      path: 'p.rego',
      source: `package p
import rego.v1

names contains n if some n in input.names
first := x if x := input.items[0]
count_names := count(names)
mocked := n if n := count_names with input as {"names": ["a", "b", "c"]}
conflict := {"a": x | some x in [1, 2]}
allowed contains n if {
	some n in input.names
	not data.blocked[n]
}
`,
    },
  ];
  const set = PolicySet.compile(modules);
  const input = { names: ['x', 'y'], items: ['i0'] };
  assert.deepEqual(set.evalRule('data.p.names', { input }).value, ['x', 'y']);
  assert.equal(set.evalRule('data.p.first', { input }).value, 'i0');
  assert.equal(set.evalRule('data.p.count_names', { input }).value, 2);
  assert.equal(set.evalRule('data.p.mocked', { input }).value, 3);
  // `not` over base data, which the evaluator walks (a callback in the compiled code).
  assert.deepEqual(set.evalRule('data.p.allowed', { input, data: { blocked: { y: true } } }).value, ['x']);
  assert.throws(
    () => set.evalRule('data.p.conflict', { input }),
    (e: unknown) => e instanceof RegoError && e.message === 'p.rego:8:13: eval_conflict_error: object keys must be unique',
  );
});

test('a body too deep to compile to JavaScript runs with the closures', () => {
  const body = Array.from({ length: 3000 }, (_, i) => `x${i + 1} := ${i === 0 ? 'input.a' : `x${i}`}`).join('\n\t');
  const set = PolicySet.compile([{ path: 'p.rego', source: `package p\nimport rego.v1\nr := x3000 if {\n\t${body}\n}\n` }]);
  assert.equal(set.evalRule('data.p.r', { input: { a: 7 } }).value, 7);
});

test('a process that may not compile code from strings evaluates with the closures', () => {
  const index = resolve(import.meta.dirname, '../../src/policy/rego/index.ts');
  const script = `const { PolicySet } = await import(${JSON.stringify(index)});
const set = PolicySet.compile([{ path: 'p.rego', source: 'package p\\nimport rego.v1\\nnames contains n if some n in input.names\\n' }]);
console.log(JSON.stringify(set.evalRule('data.p.names', { input: { names: ['b', 'a'] } }).value));`;
  const r = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, '["a","b"]\n');
});
