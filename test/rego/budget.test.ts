import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EvalBudget, PolicySet } from '../../src/policy/rego/index.js';

const compile = (source: string) => PolicySet.compile([{ path: 'p.rego', source: `package p\n\nimport rego.v1\n\n${source}` }]);

/** Runs the rule with the default budget: it must fail with `message`, well within `maxMs`. */
function assertStops(source: string, rule: string, message: string, maxMs = 15_000): void {
  const set = compile(source);
  const started = performance.now();
  assert.throws(() => set.evalRule(`data.p.${rule}`, { input: {} }), { message });
  const took = performance.now() - started;
  assert.ok(took < maxMs, `took ${took} ms`);
}

test('a comprehension over an enormous numbers.range is refused before the range is built', () => {
  assertStops('huge := [y | some y in numbers.range(1, 100000000)]\n', 'huge', 'p.rego:5:24: eval_budget_error: evaluation exceeded 1000000 steps in data.p.huge', 1000);
});

test('every element a comprehension iterates costs a step', () => {
  assertStops(
    'pairs := count({[a, b] | some a in numbers.range(1, 2000); some b in numbers.range(1, 2000)})\n',
    'pairs',
    'p.rego:5:60: eval_budget_error: evaluation exceeded 1000000 steps in data.p.pairs',
  );
});

test('a long-running every stops, naming the rule', () => {
  assertStops(
    'all_small if every a in numbers.range(1, 1500) { every b in numbers.range(1, 1500) { a + b > 0 } }\n',
    'all_small',
    'p.rego:5:61: eval_budget_error: evaluation exceeded 1000000 steps in data.p.all_small',
  );
});

test('references iterating a big collection cost a step per element', () => {
  assertStops(
    'xs := numbers.range(1, 900)\n\nn := count([1 | xs[i]; xs[j]; i != j])\n',
    'n',
    'p.rego:7:31: eval_budget_error: evaluation exceeded 1000000 steps in data.p.n',
  );
});

test('strings built by replace are charged before they exist', () => {
  const source = 'ab := concat("", [s | some _ in numbers.range(1, 5000); s := "ab"])\n\nxs := concat("", [s | some _ in numbers.range(1, 60000); s := "x"])\n\nbig := replace(ab, "", xs)\n';
  assertStops(source, 'big', 'p.rego:9:8: eval_budget_error: evaluation exceeded 1000000 steps in data.p.big', 5000);
});

test('sprintf refuses widths of a million and more, as Go does', () => {
  const set = compile('s := sprintf("[%1000000d|%3d|%.2000000f]", [1, 2, 1.5])\n');
  assert.equal(set.evalRule('data.p.s').value, '[%!(BADWIDTH)1|  2|%!(BADPREC)1.500000]');
});

test('deep walks over a deeply nested input end as a budget error, not a crash', () => {
  let deep: unknown = 'leaf';
  for (let i = 0; i < 20_000; i++) deep = { a: deep };
  const set = compile('paths := count([p | walk(input, [p, _])])\n');
  assert.throws(() => set.evalRule('data.p.paths', { input: deep }), (e: Error) => /eval_budget_error: evaluation (exceeded 1000000 steps in data\.p\.paths|too deep)/.test(e.message));
});

test('recursion through functions is refused when the policy is compiled, naming the rule', () => {
  assert.throws(() => compile('f(x) := y if y := f(x)\n\nr := f(1)\n'), { message: /^p\.rego:5:1: rego_recursion_error: rule data\.p\.f is recursive: data\.p\.f -> data\.p\.f$/ });
});

test('one budget is shared by every rule run on a document; after it is used up each further rule gets a hundredth', () => {
  const set = compile('slow := count([1 | some a in numbers.range(1, 3000); some b in numbers.range(1, 3000)])\n\nquick := count([1 | some a in numbers.range(1, 100)])\n\nmedium := count([1 | some a in numbers.range(1, 30000)])\n');
  const budget = new EvalBudget({ maxSteps: 100_000, maxDepth: 100 });
  budget.nextRule();
  assert.throws(() => set.evalRule('data.p.slow', { budget }), { message: /evaluation exceeded 100000 steps in data\.p\.slow$/ });
  budget.nextRule();
  assert.equal(set.evalRule('data.p.quick', { budget }).value, 100);
  budget.nextRule();
  assert.throws(() => set.evalRule('data.p.medium', { budget }), { message: /evaluation exceeded 100000 steps in data\.p\.medium$/ });
  // A fresh document has its whole budget again.
  assert.equal(set.evalRule('data.p.medium', { budget: new EvalBudget({ maxSteps: 100_000, maxDepth: 100 }) }).value, 30000);
});

test('policies cannot read the environment, files or the network', () => {
  const set = compile('env := opa.runtime().env\n\nfile := http.send({"method": "get", "url": "file:///etc/passwd"})\n\nip := net.lookup_ip_addr("example.com")\n\nmocked := opa.runtime().env.HOME\n\ntest_mocked if mocked == "/x" with opa.runtime as {"env": {"HOME": "/x"}}\n');
  assert.throws(() => set.evalRule('data.p.env'), { message: "p.rego:5:8: eval_builtin_error: opa.runtime: refused: policies may not reach the network or host; replace it in tests with 'with opa.runtime as ...'" });
  assert.throws(() => set.evalRule('data.p.file'), { message: /^p\.rego:7:9: eval_builtin_error: http\.send: refused/ });
  assert.throws(() => set.evalRule('data.p.ip'), { message: /^p\.rego:9:7: eval_builtin_error: net\.lookup_ip_addr: refused/ });
  assert.equal(set.evalRule('data.p.test_mocked').value, true);
  assert.throws(() => compile('x := io.read_file("/etc/passwd")\n'), { message: 'p.rego:5:6: rego_type_error: undefined function io.read_file' });
});
