import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EvalBudget, PolicySet } from '../../src/policy/rego/index.js';

const compile = (source: string) => PolicySet.compile([{ path: 'p.rego', source: `package p\nimport rego.v1\n${source}` }]);

/** The rule on each input in turn with one set (results remembered) and with a fresh set each: same values, same steps. */
function assertAsFresh(source: string, rule: string, inputs: unknown[]): void {
  const shared = compile(source);
  for (const input of inputs) {
    const fresh = new EvalBudget();
    const reused = new EvalBudget();
    const want = compile(source).evalRule(rule, { input, budget: fresh });
    assert.deepEqual(shared.evalRule(rule, { input, budget: reused }), want, JSON.stringify(input));
    assert.equal(reused.steps, fresh.steps, `steps on ${JSON.stringify(input)}`);
  }
}

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
