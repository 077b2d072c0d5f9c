import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PolicySet, RegoError } from '../../src/policy/rego/index.js';

const v0Policy = `package main

import future.keywords.in

deny[msg] {
  input.kind == "Deployment"
  c := input.spec.template.spec.containers[_]
  not c.resources.limits.memory
  msg := sprintf("container %q has no memory limit", [c.name])
}

warn[msg] {
  some c in input.spec.template.spec.containers
  endswith(c.image, ":latest")
  msg := sprintf("container %s uses a latest tag", [c.name])
}
`;

const v1Lib = `package lib.k8s

import rego.v1

containers contains c if some c in input.spec.template.spec.containers

names := {c.name | some c in containers}
`;

const deployment = {
  kind: 'Deployment',
  spec: {
    template: {
      spec: {
        containers: [
          { name: 'app', image: 'nginx:latest', resources: { limits: { memory: '1Gi' } } },
          { name: 'sidecar', image: 'envoy:1.2' },
        ],
      },
    },
  },
};

test('v0 conftest-style policy: partial sets with sprintf messages', () => {
  const set = PolicySet.compile([{ path: 'policy/main.rego', source: v0Policy }]);
  assert.deepEqual(set.evalRule('data.main.deny', { input: deployment }).value, ['container "sidecar" has no memory limit']);
  assert.deepEqual(set.evalRule('data.main.warn', { input: deployment }).value, ['container app uses a latest tag']);
});

test('v0 and v1 modules work together; rule names per package', () => {
  const set = PolicySet.compile([
    { path: 'main.rego', source: v0Policy },
    { path: 'lib.rego', source: v1Lib },
  ]);
  assert.deepEqual(set.evalRule('data.lib.k8s.names', { input: deployment }).value, ['app', 'sidecar']);
  assert.deepEqual([...set.packages()], [
    ['lib.k8s', ['containers', 'names']],
    ['main', ['deny', 'warn']],
  ]);
});

test('query bindings: all solutions, sets as sorted arrays, big integers exact', () => {
  const set = PolicySet.compile([{ path: 'a.rego', source: 'package a\n\nbig := 10000000000000000000 + 1\n\nf(x) := x * 2\n' }]);
  assert.deepEqual(set.query('x := [1, 2][_]; y := data.a.f(x)').rows, [
    { x: 1, y: 2 },
    { x: 2, y: 4 },
  ]);
  assert.deepEqual(set.evalRule('data.a.big').value, 10000000000000000001n);
  assert.deepEqual(set.query('x := {3, 1, 2}').rows, [{ x: [1, 2, 3] }]);
});

test('undefined vs false, default and else', () => {
  const src = `package t
import rego.v1
default allow := false
allow if input.user == "admin"
level := "high" if input.n > 10
else := "low"
admin_only := true if input.user == "admin"
`;
  const set = PolicySet.compile([{ path: 't.rego', source: src }]);
  assert.equal(set.evalRule('data.t.allow', { input: { user: 'bob' } }).value, false);
  assert.equal(set.evalRule('data.t.level', { input: { n: 3 } }).value, 'low');
  assert.equal(set.evalRule('data.t.level', {}).value, 'low');
  assert.equal(set.evalRule('data.t.admin_only', { input: { user: 'bob' } }).value, undefined);
});

test('print output is captured, not written', () => {
  const set = PolicySet.compile([{ path: 'p.rego', source: 'package p\nimport rego.v1\nr if {\n  print("value:", input.x, input.missing)\n}\n' }]);
  const res = set.evalRule('data.p.r', { input: { x: [1] } });
  assert.equal(res.value, true);
  assert.deepEqual(res.prints, ['value: [1] <undefined>']);
});

test('with replaces input, data and functions; http.send refused otherwise', () => {
  const src = `package w
import rego.v1
allow if http.send({"url": "x"}).status_code == 200
mock(_) := {"status_code": 200}
t if allow with http.send as mock
`;
  const set = PolicySet.compile([{ path: 'w.rego', source: src }]);
  assert.equal(set.evalRule('data.w.t').value, true);
  assert.throws(() => set.evalRule('data.w.allow'), (e: unknown) => e instanceof RegoError && e.code === 'eval_builtin_error' && e.message.startsWith('w.rego:3:10: eval_builtin_error: http.send: refused'));
});

test('conflicting complete rule values are an eval_conflict_error', () => {
  const set = PolicySet.compile([{ path: 'c.rego', source: 'package c\n\nx := 1\n\nx := 2\n' }]);
  assert.throws(() => set.evalRule('data.c.x'), { message: 'c.rego:5:1: eval_conflict_error: rule data.c.x produced conflicting values' });
});

test('the evaluation budget stops runaway policies with an error naming the rule', () => {
  const src = 'package b\nimport rego.v1\nn := count([1 | some a in numbers.range(1, 100); some b in numbers.range(1, 100); some c in numbers.range(1, 100)])\n';
  const set = PolicySet.compile([{ path: 'b.rego', source: src }]);
  assert.throws(() => set.evalRule('data.b.n', { limits: { maxSteps: 10000 } }), { message: /eval_budget_error: evaluation exceeded 10000 steps in data\.b\.n$/ });
});

test('values follow OPA ordering: sets of mixed types, strings by code point', () => {
  const set = PolicySet.compile([]);
  assert.deepEqual(set.query('x := {"b", 1, null, [1], {"a": 1}, false, "\uffff", "\u{1F600}"}').rows, [
    { x: [null, false, 1, 'b', '\uffff', '\u{1F600}', [1], { a: 1 }] },
  ]);
  assert.deepEqual(set.query('x := sort(["b", "a", "B"])').rows, [{ x: ['B', 'a', 'b'] }]);
});

test('sets of documents: equal objects are one element whether read from the input or built', () => {
  const set = PolicySet.compile([
    {
      path: 'p.rego',
      source: `package p
import rego.v1
docs contains d if some d in input.items
docs contains {"a": 1, "b": [1, 2, {"c": "x"}]}
docs contains {"b": [1, 2, {"c": "y"}], "a": 1}
n := count(docs)
has_built if {"a": 1, "b": [1, 2, {"c": "x"}]} in docs
nums := {x | some x in [1, 1.0, 2, 2.5, 2.5]}
`,
    },
  ]);
  const input = { items: [{ a: 1, b: [1, 2, { c: 'x' }] }, { b: [1, 2, { c: 'x' }], a: 1 }, { a: 1, b: [1, 2, { c: 'z' }] }] };
  assert.equal(set.evalRule('data.p.n', { input }).value, 3);
  assert.equal(set.evalRule('data.p.has_built', { input }).value, true);
  assert.deepEqual(set.evalRule('data.p.nums', { input }).value, [1, 2, 2.5]);
});

test('a call argument with several values gives one call per value, the other arguments unchanged', () => {
  const set = PolicySet.compile([{ path: 'p.rego', source: 'package p\nimport rego.v1\nout := {y | y := concat("-", ["a", input.xs[_], "z", input.ys[_]])}\n' }]);
  assert.deepEqual(set.evalRule('data.p.out', { input: { xs: ['1', '2'], ys: ['u', 'v'] } }).value, ['a-1-z-u', 'a-1-z-v', 'a-2-z-u', 'a-2-z-v']);
});

test('rules are planned once per policy set: evaluated again on other inputs, and the same source in another set, they answer afresh', () => {
  const source = (factor: number) => `package t

import rego.v1

double(x) := x * ${factor}

pairs contains [i, v] if {
  some i, v in input.xs
  v > 1
}

total := sum([double(v) | some v in input.xs])

positive if every v in input.xs { v > 0 }
`;
  const a = PolicySet.compile([{ path: 'a.rego', source: source(2) }]);
  const b = PolicySet.compile([{ path: 'b.rego', source: source(3) }]);
  assert.deepEqual(a.evalRule('data.t.pairs', { input: { xs: [1, 2, 3] } }).value, [[1, 2], [2, 3]]);
  assert.deepEqual(a.evalRule('data.t.pairs', { input: { xs: [5] } }).value, [[0, 5]]);
  assert.equal(a.evalRule('data.t.total', { input: { xs: [1, 2] } }).value, 6);
  assert.equal(b.evalRule('data.t.total', { input: { xs: [1, 2] } }).value, 9);
  assert.equal(a.evalRule('data.t.positive', { input: { xs: [1, -1] } }).value, undefined);
  assert.equal(a.evalRule('data.t.positive', { input: { xs: [1] } }).value, true);
});

test('expressions that bind nothing are tested in place: values at hand, several values, undefined arguments, functions and their replacements', () => {
  const src = `package p
import rego.v1

small(x) if x < 3
yes(_) := true

big contains v if {
  some v in input.xs
  v > 1
  not small(v)
  v != 4
}
a_names contains n if {
  some n in input.names
  startswith(n, "a")
}
any_a if startswith(input.names[_], "a")
missing if startswith(input.nothing, "a")
replaced contains v if {
  some v in input.xs
  small(v) with small as yes
}
`;
  const set = PolicySet.compile([{ path: 'p.rego', source: src }]);
  const input = { xs: [1, 2, 3, 4, 5], names: ['b', 'ab', 'ac'] };
  assert.deepEqual(set.evalRule('data.p.big', { input }).value, [3, 5]);
  assert.deepEqual(set.evalRule('data.p.a_names', { input }).value, ['ab', 'ac']);
  assert.equal(set.evalRule('data.p.any_a', { input }).value, true);
  assert.equal(set.evalRule('data.p.missing', { input }).value, undefined);
  assert.deepEqual(set.evalRule('data.p.replaced', { input }).value, [1, 2, 3, 4, 5]);
});

test('bindings and nested calls in place: one value bound and unbound again, iteration, patterns, replacements of nested calls', () => {
  const src = `package p
import rego.v1

last(s) := seg if {
  parts := split(s, "/")
  seg := parts[count(parts) - 1]
}
double(x) := x * 2
triple(x) := x * 3
names contains n if {
  some s in input.paths
  n := upper(last(s))
}
doubled contains [x, y] if {
  some x in input.xs
  y = double(x)
  y > 4
}
same contains z if {
  some x in input.xs
  y := double(x)
  double(x) = y
  z = y
  z > 8
}
each contains [i, v] if v := input.xs[i]
pattern := [a, b] if [a, b] := [input.xs[0], double(input.xs[1])]
no_value if x := input.nothing.here
nested contains v if {
  some x in input.xs
  v := double(double(x))
}
`;
  const set = PolicySet.compile([{ path: 'p.rego', source: src }]);
  const input = { paths: ['a/b/c', 'd', 'e/f'], xs: [1, 2, 3, 4, 5] };
  assert.deepEqual(set.evalRule('data.p.names', { input }).value, ['C', 'D', 'F']);
  assert.deepEqual(set.evalRule('data.p.doubled', { input }).value, [[3, 6], [4, 8], [5, 10]]);
  assert.deepEqual(set.evalRule('data.p.same', { input }).value, [10]);
  assert.deepEqual(set.evalRule('data.p.each', { input }).value, [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5]]);
  assert.deepEqual(set.evalRule('data.p.pattern', { input }).value, [1, 4]);
  assert.equal(set.evalRule('data.p.no_value', { input }).value, undefined);
  assert.deepEqual(set.evalRule('data.p.nested', { input }).value, [4, 8, 12, 16, 20]);
  const mocked = set.query('v := data.p.nested with data.p.double as data.p.triple', { input }).rows;
  assert.deepEqual(mocked, [{ v: [9, 18, 27, 36, 45] }]);
});

test('function arguments: variables of their own take the values as they are, repeated variables and patterns match, else branches and conflicts', () => {
  const src = `package p
import rego.v1

same(x, x) := true
first([a, _]) := a
size(x) := "small" if x < 10
else := "large"
clash(x) := 1 if x > 0
clash(x) := 2 if x > 1
`;
  const set = PolicySet.compile([{ path: 'p.rego', source: src }]);
  const value = (q: string) => set.query(`v := data.p.${q}`).rows[0]?.['v'];
  assert.equal(value('same(1, 1)'), true);
  assert.equal(value('same(1, 2)'), undefined);
  assert.equal(value('first([3, 4])'), 3);
  assert.equal(value('first(3)'), undefined);
  assert.equal(value('size(3)'), 'small');
  assert.equal(value('size(30)'), 'large');
  assert.equal(value('clash(1)'), 1);
  assert.throws(() => value('clash(2)'), /p\.rego:9:1: eval_conflict_error: function data\.p\.clash produced conflicting values/);
});
