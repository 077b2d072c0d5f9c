import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EvalBudget, PolicySet } from '../../src/policy/rego/index.js';

const compile = (source: string) => PolicySet.compile([{ path: 'p.rego', source: `package p\nimport rego.v1\n${source}` }]);

/** The rule on each input, with a fresh set (nothing remembered) and with one set in turn: same values, same steps. */
function assertAsFresh(source: string, rule: string, inputs: unknown[]): void {
  const shared = compile(source);
  for (const input of inputs) {
    const fresh = new EvalBudget();
    const reused = new EvalBudget();
    const want = compile(source).evalRule(rule, { input, budget: fresh });
    const got = shared.evalRule(rule, { input, budget: reused });
    assert.deepEqual(got, want, JSON.stringify(input));
    assert.equal(reused.steps, fresh.steps, `steps on ${JSON.stringify(input)}`);
  }
}

const KINDS = `
paths := {"Pod": ["spec"], "Deployment": ["spec", "template", "spec"]}
spec := object.get(input, paths[input.kind], null)
deny contains c.name if some c in spec.containers
deny contains "unnamed" if not input.metadata.name
`;

test('an input whose kind selects nothing reuses the result of an earlier one of that kind, steps included', () => {
  const pod = { kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a' }] } };
  assertAsFresh(KINDS, 'data.p.deny', [
    { kind: 'Service', metadata: { name: 's' } },
    { kind: 'Service', metadata: { name: 't' } },
    { kind: 'Service', metadata: { name: 's', labels: { a: 'b' } }, spec: { containers: [{ name: 'x' }] } },
    { kind: 'Service', metadata: {} },
    { kind: 'Service' },
    pod,
    { ...pod, spec: { containers: [{ name: 'b' }] } },
    { kind: 'Deployment', spec: { template: { spec: { containers: [{ name: 'c' }] } } } },
    { kind: ['Service'] },
    {},
  ]);
});

test('results that read a whole object or array of the input, print, or ask for the time are not reused', () => {
  assertAsFresh('n := count(input.items)\n', 'data.p.n', [{ items: [1] }, { items: [1, 2] }]);
  assertAsFresh('x := input\n', 'data.p.x', [{ a: 1 }, { a: 2 }]);
  assertAsFresh('n := count(object.keys(input))\n', 'data.p.n', [{ a: 1 }, { a: 1, b: 2 }]);
  assertAsFresh('ks contains k if some k, _ in input\n', 'data.p.ks', [{ a: 1 }, { b: 1 }]);
  const printing = compile('p if {\n  print(input.kind)\n  input.kind == "A"\n}\n');
  assert.deepEqual(printing.evalRule('data.p.p', { input: { kind: 'A' } }).prints, ['A']);
  assert.deepEqual(printing.evalRule('data.p.p', { input: { kind: 'A' } }).prints, ['A']);
  const clock = compile('t := time.now_ns() if input.kind == "A"\n');
  const first = clock.evalRule('data.p.t', { input: { kind: 'A' } }).value;
  const later = () => clock.evalRule('data.p.t', { input: { kind: 'A' } }).value;
  const start = Date.now();
  while (Date.now() - start < 3);
  assert.notEqual(later(), first);
});

test('a reuse that would exhaust the budget evaluates again and fails where the evaluation does', () => {
  const source = 'n := count([x | some x in numbers.range(1, 1000)]) if input.kind == "A"\n';
  const input = { kind: 'A' };
  const limits = { maxSteps: 500, maxDepth: 200 };
  const fresh = (() => {
    try {
      compile(source).evalRule('data.p.n', { input, limits });
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  })();
  assert.match(fresh, /eval_budget_error: evaluation exceeded 500 steps in data\.p\.n/);
  const set = compile(source);
  assert.equal(set.evalRule('data.p.n', { input }).value, 1000);
  assert.throws(() => set.evalRule('data.p.n', { input, limits }), (e: Error) => e.message === fresh);
});

test('results are told apart by every value read, however the values would join into one string', () => {
  const source = 'r := concat("|", [input.a, input.b]) if {\n  input.a != "q"\n  input.a != "r"\n}\n';
  assertAsFresh(source, 'data.p.r', [
    { a: 'x\u0000y', b: 'z' },
    { a: 'x', b: 'y\u0000z' },
    { a: 'x\u0000y', b: 'z' },
    { a: '\u0000\u0002', b: 'z' },
    { b: 'z' },
    { a: 1, b: 'z' },
    { a: '1', b: 'z' },
    { a: 'x', b: null },
    { a: 'x' },
    { a: 'x', b: ['z'] },
    { a: 'q', b: 'z' },
  ]);
});

test('a path read many times is one condition of the reuse', () => {
  const source = 'r := input.kind if {\n  input.kind != "A"\n  input.kind != "B"\n  not input.spec.x\n  input.kind != "C"\n}\n';
  assertAsFresh(source, 'data.p.r', [{ kind: 'D' }, { kind: 'D', spec: {} }, { kind: 'D', spec: { x: true } }, { kind: 'E' }, { kind: 'A' }, { kind: 'D', spec: { x: 0 } }]);
});
