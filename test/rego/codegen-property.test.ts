import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { EvalBudget, PolicySet, RegoError, toJS } from '../../src/policy/rego/index.js';

// Random policies made of the constructs the JavaScript compiler emits (iteration, refs with `_`, negation,
// comprehensions, `every`, functions, comparisons, builtins), nested in random order: each must give the same
// value or error, and take the same steps, compiled (src/policy/rego/codegen.ts) and interpreted.

type Kind = 'item' | 'str' | 'int' | 'arr';

/** Reads random choices in turn; past the end, always 0. */
class Choices {
  private i = 0;
  constructor(private readonly picks: number[]) {}
  pick(n: number): number {
    return (this.picks[this.i++] ?? 0) % n;
  }
}

const STRINGS = ['"a"', '"b"', '"x"'];

/** A body of 1–5 expressions, each using only variables bound before it, with the variables it binds. */
function body(ch: Choices, scope: Map<string, Kind>, names: { n: number }): string[] {
  const out: string[] = [];
  const length = 1 + ch.pick(5);
  const fresh = () => `v${names.n++}`;
  const of = (kind: Kind) => [...scope].filter(([, k]) => k === kind).map(([name]) => name);
  for (let e = 0; e < length; e++) {
    const items = of('item');
    const strs = of('str');
    const ints = of('int');
    const arrs = of('arr');
    const item = items.length > 0 ? items[ch.pick(items.length)]! : undefined;
    switch (ch.pick(13)) {
      case 0: {
        const v = fresh();
        out.push(`some ${v} in input.items`);
        scope.set(v, 'item');
        break;
      }
      case 1: {
        const k = fresh();
        const w = fresh();
        out.push(`some ${k}, ${w} in input.m`);
        scope.set(k, 'str').set(w, 'int');
        break;
      }
      case 2:
        if (item) out.push(`${item}.a ${['>', '<', '==', '!=', '>='][ch.pick(5)]} ${ch.pick(4)}`);
        else if (ints.length > 0) out.push(`${ints[ch.pick(ints.length)]} != ${ch.pick(3)}`);
        break;
      case 3:
        if (item) out.push(`not ${item}.b == ${STRINGS[ch.pick(3)]}`);
        else if (strs.length > 0) out.push(`not startswith(${strs[ch.pick(strs.length)]}, "a")`);
        break;
      case 4:
        if (item) {
          const t = fresh();
          out.push(`${t} := [x | some x in ${item}.tags; x != ${STRINGS[ch.pick(3)]}]`);
          scope.set(t, 'arr');
        }
        break;
      case 5:
        if (item) {
          const i = fresh();
          const tag = fresh();
          out.push(`some ${i}, ${tag} in ${item}.tags`);
          scope.set(i, 'int').set(tag, 'str');
        }
        break;
      case 6:
        if (item) out.push(`${item}.tags[_] == ${STRINGS[ch.pick(3)]}`);
        else out.push(`input.items[_].a == ${ch.pick(4)}`);
        break;
      case 7: {
        const c = fresh();
        out.push(arrs.length > 0 ? `${c} := count(${arrs[ch.pick(arrs.length)]})` : `${c} := count({x | some x in input.items[_].tags})`);
        scope.set(c, 'int');
        break;
      }
      case 8:
        if (item) out.push(`every x in ${item}.tags { x != ${STRINGS[ch.pick(3)]} }`);
        break;
      case 9:
        if (item) out.push(`f(${item}.a) > ${ch.pick(3)}`);
        else if (ints.length > 0) out.push(`f(${ints[ch.pick(ints.length)]}) != 0`);
        break;
      case 10:
        // A negation over a function whose body is random too.
        out.push(`not g(${item ?? 'input.items[0]'})`);
        break;
      case 12:
        // A variable bound already, matched rather than bound.
        if (item && strs.length > 0) out.push(`some ${strs[ch.pick(strs.length)]} in ${item}.tags`);
        else if (strs.length > 1) out.push(`${strs[0]} = ${strs[1]}`);
        break;
      case 11: {
        const s = fresh();
        out.push(item ? `${s} := object.get(${item}, "b", "none")` : `${s} := object.get(input, ["m", ${STRINGS[ch.pick(3)]}], 0)`);
        scope.set(s, item ? 'str' : 'int');
        break;
      }
    }
  }
  return out;
}

function policy(picks: number[]): string {
  const ch = new Choices(picks);
  const names = { n: 0 };
  const scope = new Map<string, Kind>();
  const main = body(ch, scope, names);
  const head = [...scope.keys()];
  const g = body(ch, new Map([['it', 'item' as Kind]]), names);
  return `package p
import rego.v1

out contains [${head.length > 0 ? head.join(', ') : '1'}] if {
\t${main.join('\n\t')}
}

total := count(out)

f(x) := x * 2 if x > 1
f(x) := 0 if x <= 1

g(it) if {
\t${g.join('\n\t')}
}
`;
}

const input = fc.record({
  items: fc.array(
    fc.record({
      a: fc.integer({ min: 0, max: 4 }),
      b: fc.constantFrom('a', 'b', 'x'),
      tags: fc.array(fc.constantFrom('a', 'b', 'x', 'z'), { maxLength: 3 }),
    }),
    { maxLength: 3 },
  ),
  m: fc.dictionary(fc.constantFrom('a', 'b', 'x'), fc.integer({ min: 0, max: 3 }), { maxKeys: 3 }),
});

function outcome(set: PolicySet, ref: string, doc: unknown): { result: string; steps: number } {
  const budget = new EvalBudget({ maxSteps: 20_000, maxDepth: 50 });
  try {
    const { value } = set.evalRuleValue(ref, { input: doc, budget });
    return { result: value === undefined ? 'undefined' : JSON.stringify(toJS(value), (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)), steps: budget.steps };
  } catch (e) {
    if (!(e instanceof RegoError)) throw e;
    return { result: e.message, steps: budget.steps };
  }
}

test('random policies: compiled to JavaScript and interpreted, the same values, errors and steps', () => {
  let checked = 0;
  const results = new Set<string>();
  fc.assert(
    fc.property(fc.array(fc.nat(), { minLength: 10, maxLength: 60 }), fc.array(input, { minLength: 1, maxLength: 3 }), (picks, docs) => {
      const source = policy(picks);
      let compiled: PolicySet;
      let interpreted: PolicySet;
      try {
        compiled = PolicySet.compile([{ path: 'p.rego', source }]);
        interpreted = PolicySet.compile([{ path: 'p.rego', source }], undefined, { interpret: true });
      } catch (e) {
        // A generated body the compiler refuses (an unused variable, say) is not what this test is about.
        if (e instanceof RegoError) return;
        throw e;
      }
      for (const doc of docs) {
        for (const ref of ['data.p.out', 'data.p.total']) {
          const want = outcome(interpreted, ref, doc);
          assert.deepEqual(outcome(compiled, ref, doc), want, `${ref} on ${JSON.stringify(doc)}\n${source}`);
          results.add(want.result);
        }
      }
      checked++;
    }),
    { numRuns: 300, seed: 20261202 },
  );
  // Most generated policies compile, and their results vary.
  assert.ok(checked >= 200, `${checked} policies checked`);
  assert.ok(results.size >= 100, `${results.size} distinct results`);
});
