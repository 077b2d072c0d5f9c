import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PolicySet } from '../../src/policy/rego/index.js';
import { parseModule } from '../../src/policy/rego/parser.js';

const compileError = (source: string) => {
  try {
    PolicySet.compile([{ path: 'policy/x.rego', source }]);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

test('v0 and v1 detection and rule kinds', () => {
  const v0 = parseModule('package a\n\ndeny[msg] {\n  msg := "x"\n}\n\np[k] = v {\n  k := "a"\n  v := 1\n}\n', 'a.rego');
  assert.equal(v0.v1, false);
  assert.deepEqual(v0.rules.map((r) => r.kind), ['multi', 'complete']);
  const v1 = parseModule('package a\n\np[x] if x := 1\n\nq contains 2\n\nf(x) := x\n', 'a.rego');
  assert.equal(v1.v1, true);
  assert.deepEqual(v1.rules.map((r) => r.kind), ['complete', 'multi', 'func']);
  assert.deepEqual(v1.rules.map((r) => [r.pos.line, r.pos.col]), [[3, 1], [5, 1], [7, 1]]);
});

test('parse errors carry file:line:col', () => {
  assert.equal(compileError('package a\n\np := [1, 2\n'), 'policy/x.rego:4:1: rego_parse_error: unexpected eof token: expected ]');
  assert.equal(compileError('package a\np := "abc\n'), 'policy/x.rego:2:6: rego_parse_error: non-terminated string');
});

test('unsafe vars are compile errors at the var position', () => {
  assert.equal(compileError('package a\nimport rego.v1\n\np if {\n  x > 1\n}\n'), 'policy/x.rego:5:3: rego_unsafe_var_error: var x is unsafe');
  assert.equal(compileError('package a\nimport rego.v1\n\np contains y if {\n  x := 1\n}\n'), 'policy/x.rego:4:12: rego_unsafe_var_error: var y is unsafe');
});

test('unknown builtin and recursion are compile errors', () => {
  assert.equal(compileError('package a\n\np := no_such.fn(1)\n'), 'policy/x.rego:3:6: rego_type_error: undefined function no_such.fn');
  assert.equal(compileError('package a\nimport rego.v1\n\np if q\nq if p\n'), 'policy/x.rego:4:1: rego_recursion_error: rule data.a.p is recursive: data.a.p -> data.a.q -> data.a.p');
});

test('body expressions are reordered so vars are bound before use', () => {
  const set = PolicySet.compile([{ path: 'r.rego', source: 'package r\n\np := y {\n  y = x + 1\n  x = 2\n}\n' }]);
  assert.equal(set.evalRule('data.r.p').value, 3);
});

test('v0 with future keywords keeps v0 meaning; contains() calls do not make a module v1', () => {
  const withFuture = parseModule('package a\nimport future.keywords.if\n\ndeny[msg] if {\n  msg := "x"\n}\n', 'a.rego');
  assert.equal(withFuture.v1, false);
  assert.equal(withFuture.rules[0]!.kind, 'multi');
  const callsContains = parseModule('package a\n\ndeny[msg] {\n  contains(input.x, "y")\n  msg := "x"\n}\n', 'a.rego');
  assert.equal(callsContains.v1, false);
  assert.equal(callsContains.rules[0]!.kind, 'multi');
  const set = PolicySet.compile([{ path: 'a.rego', source: 'package a\n\ndeny[msg] {\n  contains(input.x, "y")\n  msg := "x"\n}\n' }]);
  assert.deepEqual(set.evalRule('data.a.deny', { input: { x: 'xyz' } }).value, ['x']);
});

test('strict builtin errors carry the call position', () => {
  const set = PolicySet.compile([{ path: 'p.rego', source: 'package p\nimport rego.v1\n\nn := x if {\n  x := count(input.n)\n}\n' }]);
  assert.equal(set.evalRule('data.p.n', { input: { n: 5 } }).value, undefined);
  assert.throws(() => set.evalRule('data.p.n', { input: { n: 5 }, strictBuiltinErrors: true }), {
    message: 'p.rego:5:8: eval_type_error: count: operand 1 must be one of {array, object, set, string} but got number',
  });
});
