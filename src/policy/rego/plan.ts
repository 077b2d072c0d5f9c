/**
 * Rule bodies, expressions and terms compiled once into closures: an evaluation runs small
 * closures, each of one shape, instead of dispatching on every node of the syntax tree (and
 * looking up what it decided about the node last time) each time it reaches it. A rule definition
 * runs as JavaScript compiled from it where codegen.ts can make that; queries, the definitions it
 * cannot compile and every evaluation under a `with` run here.
 */
import { RegoError, type CallTerm, type Expr, type Rule, type Term } from './ast.js';
import { BUILTINS } from './builtins/index.js';
import type { Compiled } from './compiler.js';
import { generatedResults } from './codegen.js';
import type { Ctx, Evaluator } from './evaluator.js';
import { RObject, RSet, equal, index, indexPath, isCollection, objectOf, type Value } from './values.js';

/** Variables' values by slot (see slotOf): undefined while unbound. */
export type Frame = (Value | undefined)[];
/** Continuations return true to stop the search (a solution was enough). */
export type K = () => boolean;
export type VK = (v: Value) => boolean;

/** Each solution of a body. */
export type BodyFn = (ev: Evaluator, f: Frame, ctx: Ctx, k: K) => boolean;
/** Each value of a term. */
export type TermFn = (ev: Evaluator, f: Frame, ctx: Ctx, k: VK) => boolean;
/** Each way a term (possibly with unbound variables) matches a value. */
export type UnifyFn = (ev: Evaluator, v: Value, f: Frame, ctx: Ctx, k: K) => boolean;
/** Each combination of the values of a list of terms. */
type TermsFn = (ev: Evaluator, f: Frame, ctx: Ctx, k: (vs: Value[]) => boolean) => boolean;

const INDIRECT = Symbol('indirect');

/**
 * A variable's slot in frames: one numbering per policy set, so a frame is a plain array that
 * grows to the slots its rule uses, read and written without hashing names.
 */
const slotNumbers = new WeakMap<Compiled, Map<string, number>>();

export function slotOf(c: Compiled, name: string): number {
  let slots = slotNumbers.get(c);
  if (slots === undefined) slotNumbers.set(c, (slots = new Map()));
  let slot = slots.get(name);
  if (slot === undefined) slots.set(name, (slot = slots.size));
  return slot;
}

/**
 * The plans of one policy set's syntax, made on first use: a node belongs to one set, so one plan serves
 * every evaluation.
 */
function planned<N extends object, P>(compile: (node: N, c: Compiled) => P): (node: N, c: Compiled) => P {
  const plans = new WeakMap<N, P>();
  return (node, c) => {
    let plan = plans.get(node);
    if (plan === undefined) plans.set(node, (plan = compile(node, c)));
    return plan;
  };
}

export const bodyOf = planned(compileBody);
export const termOf = planned(compileTerm);
export const termsOf = planned(compileTerms);
export const unifyOf = planned(compileUnify);

/** A rule's argument patterns, and each value it gives: its body, then its head (a `contains` rule's element, else its value). */
export interface RulePlan {
  args: UnifyFn[];
  /** When each argument pattern is a variable of its own: their slots, which take the arguments as they are. */
  params: number[] | undefined;
  results: TermFn;
}

export const ruleOf = planned((r: Rule, c: Compiled): RulePlan => {
  const closures = (): TermFn => {
    const body = bodyOf(r.body, c);
    const head = termOf(r.kind === 'multi' ? r.key! : r.value, c);
    return r.body.length === 0 ? head : (ev, f, ctx, k) => body(ev, f, ctx, () => head(ev, f, ctx, k));
  };
  const slots = r.args.map((a) => varSlot(a, c));
  const params = slots.every((s) => s !== undefined) && new Set(slots).size === slots.length ? (slots as number[]) : undefined;
  return { args: r.args.map((a) => unifyOf(a, c)), params, results: generatedResults(r, c, closures) ?? closures() };
});

// ---- bodies and expressions ----

function compileBody(body: Expr[], c: Compiled): BodyFn {
  if (body.length === 0) return (_ev, _f, _ctx, k) => k();
  let rest: BodyFn | undefined;
  for (let i = body.length - 1; i >= 0; i--) rest = sequence(compileExpr(body[i]!, c), rest);
  return rest!;
}

/** An expression, then the rest of its body (undefined: the body's continuation itself). */
function sequence({ run, plain, test }: ExprPlan, then: BodyFn | undefined): BodyFn {
  if (test === undefined) return then === undefined ? run : (ev, f, ctx, k) => run(ev, f, ctx, () => then(ev, f, ctx, k));
  return (ev, f, ctx, k) => {
    const ok = test(ev, f, ctx);
    if (ok === INDIRECT) return plain(ev, f, ctx, then === undefined ? k : () => then(ev, f, ctx, k));
    if (ok === false) return false;
    if (ok === true) return then === undefined ? k() : then(ev, f, ctx, k);
    try {
      return then === undefined ? k() : then(ev, f, ctx, k);
    } finally {
      f[ok] = undefined;
    }
  };
}

/**
 * An expression with at most one solution, checked without a continuation (none made per
 * evaluation): after its step, whether it holds, the slot of the variable it bound when it held by
 * binding one (unbound again once the rest of the body has run), or INDIRECT when it must run in
 * full, having done nothing yet.
 */
type TestFn = (ev: Evaluator, f: Frame, ctx: Ctx) => boolean | number | typeof INDIRECT;

/** An expression's step and evaluation (run), its evaluation alone (plain), and its test where it has one. */
interface ExprPlan {
  run: BodyFn;
  plain: BodyFn;
  test: TestFn | undefined;
}

function compileExpr(e: Expr, c: Compiled): ExprPlan {
  const pos = e.pos;
  const core = compileCore(e, c);
  const holds = (ev: Evaluator, f: Frame, ctx: Ctx): boolean => {
    let found = false;
    core(ev, f, ctx, () => (found = true));
    return found;
  };
  const plain: BodyFn = e.negated ? (ev, f, ctx, k) => (holds(ev, f, ctx) ? false : k()) : core;
  if (e.withs.length !== 0) {
    const withs = e.withs;
    const run: BodyFn = (ev, f, ctx, k) => {
      ev.step(pos);
      return ev.withs(withs, 0, f, ctx, (inner) => plain(ev, f, inner, k));
    };
    return { run, plain, test: undefined };
  }
  const run: BodyFn = (ev, f, ctx, k) => {
    ev.step(pos);
    return plain(ev, f, ctx, k);
  };
  const check = e.kind === 'term' ? checkOf(e.term, c) : undefined;
  if (e.negated) {
    return {
      run,
      plain,
      test: (ev, f, ctx) => {
        ev.step(pos);
        const ok = check === undefined ? INDIRECT : check(ev, f, ctx);
        return ok === INDIRECT ? !holds(ev, f, ctx) : !ok;
      },
    };
  }
  const test = check ?? (e.kind === 'term' ? bindingOf(e.term, c) : undefined);
  if (test === undefined) return { run, plain, test: undefined };
  return {
    run,
    plain,
    test: (ev, f, ctx) => {
      ev.step(pos);
      return test(ev, f, ctx);
    },
  };
}

function compileCore(e: Expr, c: Compiled): BodyFn {
  switch (e.kind) {
    case 'some':
      return (_ev, _f, _ctx, k) => k();
    case 'somein': {
      const domain = termOf(e.domain, c);
      const value = unifyOf(e.value, c);
      const key = e.key && unifyOf(e.key, c);
      const pos = e.pos;
      return (ev, f, ctx, k) =>
        domain(ev, f, ctx, (coll) => ev.each(coll, pos, (kv, val) => value(ev, val, f, ctx, key ? () => key(ev, kv, f, ctx, k) : k)));
    }
    case 'every': {
      const domain = termOf(e.domain, c);
      const value = unifyOf(e.value, c);
      const key = e.key && unifyOf(e.key, c);
      const body = bodyOf(e.body, c);
      const pos = e.pos;
      const yes = () => true;
      return (ev, f, ctx, k) =>
        domain(ev, f, ctx, (coll) => {
          if (!isCollection(coll)) return false;
          const all = !ev.each(coll, pos, (kv, val) => {
            let ok = false;
            value(ev, val, f, ctx, () => (key ? key(ev, kv, f, ctx, () => (ok = body(ev, f, ctx, yes))) : (ok = body(ev, f, ctx, yes))));
            return !ok;
          });
          return all ? k() : false;
        });
    }
    case 'term': {
      const t = e.term;
      if (t.type === 'call' && (t.builtin === 'eq' || t.builtin === 'assign')) return compileUnifyTerms(t.args[0]!, t.args[1]!, c);
      if (t.type === 'call') {
        const arity = arityOf(t, c);
        if (arity !== undefined && t.args.length === arity + 1) {
          const call = compileCall(t, t.args.slice(0, arity), c);
          const out = unifyOf(t.args[arity]!, c);
          return (ev, f, ctx, k) => call(ev, f, ctx, (v) => out(ev, v, f, ctx, k));
        }
      }
      const direct = directOf(t, c);
      const full = termOf(t, c);
      return (ev, f, ctx, k) => {
        if (direct?.ready(f, ctx)) {
          const v = direct.value(ev, f, ctx);
          return v === undefined || v === false ? false : k();
        }
        return full(ev, f, ctx, (v) => (v === false ? false : k()));
      };
    }
  }
}

/** Whether a term expression holds, when it has one value (see directOf): INDIRECT when it is not ready. */
type CheckFn = (ev: Evaluator, f: Frame, ctx: Ctx) => boolean | typeof INDIRECT;

function checkOf(t: Term, c: Compiled): CheckFn | undefined {
  // The output-argument form binds.
  if (t.type === 'call' && t.args.length !== arityOf(t, c)) return undefined;
  const direct = directOf(t, c);
  if (direct === undefined) return undefined;
  const { ready, value } = direct;
  return (ev, f, ctx) => {
    if (!ready(f, ctx)) return INDIRECT;
    const v = value(ev, f, ctx);
    return v !== undefined && v !== false;
  };
}

/**
 * `a = b` and `a := b` where a variable takes the other side's one value, or both sides have one
 * value each: as compileUnifyTerms decides, in place (see TestFn). Arrays and objects as patterns
 * match item by item, stopping at the first difference: those run in full.
 */
function bindingOf(t: Term, c: Compiled): TestFn | undefined {
  if (t.type !== 'call' || (t.builtin !== 'eq' && t.builtin !== 'assign') || t.args.length !== 2) return undefined;
  const [a, b] = t.args as [Term, Term];
  const ua = unboundOf(a, c);
  const ub = unboundOf(b, c);
  const sa = varSlot(a, c);
  const sb = varSlot(b, c);
  const da = directOf(a, c);
  const db = directOf(b, c);
  const pattern = b.type === 'array' || b.type === 'object';
  return (ev, f, ctx) => {
    if (ua(f)) {
      if (sa === undefined || ub(f) || db === undefined || !db.ready(f, ctx)) return INDIRECT;
      const v = db.value(ev, f, ctx);
      if (v === undefined) return false;
      f[sa] = v;
      return sa;
    }
    if (da === undefined || !da.ready(f, ctx)) return INDIRECT;
    const unboundB = ub(f);
    if (unboundB ? sb === undefined : pattern || db === undefined || !db.ready(f, ctx)) return INDIRECT;
    const va = da.value(ev, f, ctx);
    if (va === undefined) return false;
    if (unboundB) {
      f[sb!] = va;
      return sb!;
    }
    const vb = db!.value(ev, f, ctx);
    return vb !== undefined && equal(vb, va);
  };
}

/** The slot of a variable other than `input` and `data`. */
function varSlot(t: Term, c: Compiled): number | undefined {
  return t.type === 'var' && t.name !== 'input' && t.name !== 'data' ? slotOf(c, t.name) : undefined;
}

/** The output-argument form (`f(x, out)`) is told apart by the arity of what is called. */
export function arityOf(t: CallTerm, c: Compiled): number | undefined {
  return t.fnPath ? c.funcArity.get(t.fnPath.join('.')) : t.builtin ? BUILTINS.get(t.builtin)?.arity : undefined;
}

// ---- unification ----

/** True when the term has a variable not bound in the frame (`input` and `data` are always bound). */
type UnboundFn = (f: Frame) => boolean;

const never: UnboundFn = () => false;

export const unboundOf = planned(compileUnbound);

function compileUnbound(t: Term, c: Compiled): UnboundFn {
  switch (t.type) {
    case 'var': {
      const name = t.name;
      if (name === 'input' || name === 'data') return never;
      const slot = slotOf(c, name);
      return (f) => f[slot] === undefined;
    }
    case 'array': {
      const items = t.items.map((x) => unboundOf(x, c));
      return items.length === 0 ? never : (f) => items.some((u) => u(f));
    }
    case 'object': {
      const values = t.pairs.map(([, v]) => unboundOf(v, c));
      return values.length === 0 ? never : (f) => values.some((u) => u(f));
    }
    default:
      return never;
  }
}

/** `a = b` and `a := b`: the side with unbound variables matches the other's values. */
function compileUnifyTerms(a: Term, b: Term, c: Compiled): BodyFn {
  const ua = unboundOf(a, c);
  const ub = unboundOf(b, c);
  const ta = termOf(a, c);
  const tb = termOf(b, c);
  const fa = unifyOf(a, c);
  const fb = unifyOf(b, c);
  const pairwise = a.type === 'array' && b.type === 'array' ? compilePairwise(a.items, b.items, c) : undefined;
  return (ev, f, ctx, k) => {
    const unboundA = ua(f);
    const unboundB = ub(f);
    if (unboundA && unboundB && pairwise) return pairwise(ev, f, ctx, k);
    if (unboundA && !unboundB) return tb(ev, f, ctx, (vb) => fa(ev, vb, f, ctx, k));
    return ta(ev, f, ctx, (va) => fb(ev, va, f, ctx, k));
  };
}

function compilePairwise(as: Term[], bs: Term[], c: Compiled): BodyFn {
  if (as.length !== bs.length) return () => false;
  let rest: BodyFn = (_ev, _f, _ctx, k) => k();
  for (let i = as.length - 1; i >= 0; i--) {
    const first = compileUnifyTerms(as[i]!, bs[i]!, c);
    const then = rest;
    rest = (ev, f, ctx, k) => first(ev, f, ctx, () => then(ev, f, ctx, k));
  }
  return rest;
}

function compileUnify(t: Term, c: Compiled): UnifyFn {
  switch (t.type) {
    case 'var': {
      const name = t.name;
      if (name === 'input' || name === 'data') break;
      const slot = slotOf(c, name);
      return (_ev, v, f, _ctx, k) => {
        const cur = f[slot];
        if (cur !== undefined) return equal(cur, v) ? k() : false;
        f[slot] = v;
        try {
          return k();
        } finally {
          f[slot] = undefined;
        }
      };
    }
    case 'array': {
      const items = t.items.map((x) => unifyOf(x, c));
      const n = items.length;
      return (ev, v, f, ctx, k) => {
        if (!Array.isArray(v) || v.length !== n) return false;
        const go = (i: number): boolean => (i === n ? k() : items[i]!(ev, v[i]!, f, ctx, () => go(i + 1)));
        return go(0);
      };
    }
    case 'object': {
      const keys = t.pairs.map(([kt]) => termOf(kt, c));
      const values = t.pairs.map(([, vt]) => unifyOf(vt, c));
      const n = keys.length;
      return (ev, v, f, ctx, k) => {
        if (!(v instanceof RObject) || v.size !== n) return false;
        const go = (i: number): boolean => {
          if (i === n) return k();
          return keys[i]!(ev, f, ctx, (key) => {
            const val = v.get(key);
            return val === undefined ? false : values[i]!(ev, val, f, ctx, () => go(i + 1));
          });
        };
        return go(0);
      };
    }
    default:
      break;
  }
  const direct = directOf(t, c);
  const full = termOf(t, c);
  return (ev, v, f, ctx, k) => {
    if (direct?.ready(f, ctx)) {
      const tv = direct.value(ev, f, ctx);
      return tv !== undefined && equal(tv, v) ? k() : false;
    }
    return full(ev, f, ctx, (tv) => (equal(tv, v) ? k() : false));
  };
}

// ---- terms ----

function compileTerm(t: Term, c: Compiled): TermFn {
  switch (t.type) {
    case 'null':
    case 'bool':
    case 'num':
    case 'str': {
      const v = literal(t) as Value;
      return (_ev, _f, _ctx, k) => k(v);
    }
    case 'var': {
      const name = t.name;
      if (name === 'input') {
        return (ev, _f, ctx, k) => {
          ev.reads = undefined;
          return ctx.input === undefined ? false : k(ctx.input);
        };
      }
      if (name === 'data') return (ev, f, ctx, k) => ev.walkData(ev.compiled.root, [], 0, f, ctx, k);
      const slot = slotOf(c, name);
      return (_ev, f, _ctx, k) => {
        const v = f[slot];
        return v === undefined ? false : k(v);
      };
    }
    case 'ref':
      return compileRef(t, c);
    case 'array':
    case 'set':
    case 'object': {
      const constant = constantOf(t);
      if (constant !== undefined) return (_ev, _f, _ctx, k) => k(constant);
      return inPlace(t, c, compileCollection(t, c));
    }
    case 'arraycompr': {
      const body = bodyOf(t.body, c);
      const term = termOf(t.term, c);
      return (ev, f, ctx, k) => {
        const out: Value[] = [];
        body(ev, f, ctx, () => term(ev, f, ctx, (v) => (out.push(v), false)));
        return k(out);
      };
    }
    case 'setcompr': {
      const body = bodyOf(t.body, c);
      const term = termOf(t.term, c);
      return (ev, f, ctx, k) => {
        const out = new RSet();
        body(ev, f, ctx, () => term(ev, f, ctx, (v) => (out.add(v), false)));
        return k(out);
      };
    }
    case 'objectcompr': {
      const body = bodyOf(t.body, c);
      const key = termOf(t.key, c);
      const value = termOf(t.value, c);
      const pos = t.pos;
      return (ev, f, ctx, k) => {
        const out = new RObject();
        body(ev, f, ctx, () =>
          key(ev, f, ctx, (kv) =>
            value(ev, f, ctx, (v) => {
              const prev = out.get(kv);
              if (prev !== undefined && !equal(prev, v)) throw new RegoError('eval_conflict_error', 'object keys must be unique', pos);
              out.set(kv, v);
              return false;
            }),
          ),
        );
        return k(out);
      };
    }
    case 'call':
      return inPlace(t, c, compileCall(t, t.args, c));
  }
}

/** A term's value computed in place when it is ready (see directOf), else its full plan. */
function inPlace(t: Term, c: Compiled, full: TermFn): TermFn {
  const direct = directOf(t, c);
  if (direct === undefined) return full;
  const { ready, value } = direct;
  return (ev, f, ctx, k) => {
    if (!ready(f, ctx)) return full(ev, f, ctx, k);
    const v = value(ev, f, ctx);
    return v === undefined ? false : k(v);
  };
}

function compileCollection(t: Term & { type: 'array' | 'set' | 'object' }, c: Compiled): TermFn {
  switch (t.type) {
    case 'array': {
      const items = compileTerms(t.items, c);
      return (ev, f, ctx, k) => items(ev, f, ctx, k);
    }
    case 'set': {
      const items = compileTerms(t.items, c);
      return (ev, f, ctx, k) => items(ev, f, ctx, (vs) => k(new RSet(vs)));
    }
    case 'object': {
      // Keys and values alternating.
      const pairs = compileTerms(t.pairs.flat(), c);
      return (ev, f, ctx, k) =>
        pairs(ev, f, ctx, (vs) => k(objectOf(vs)));
    }
  }
}

/** A term with one value at hand is taken in place (see directOf); each solution of another continues with its own copy of the values so far. */
function compileTerms(ts: Term[], c: Compiled): TermsFn {
  const direct = ts.map((t) => argOf(t, c));
  const full = ts.map((t) => termOf(t, c));
  const n = ts.length;
  // The whole input is read only once the values are used: `object.get(input, path, d)` with `path` undefined reads nothing.
  const readsInput = ts.some(isInput);
  const from = (ev: Evaluator, i: number, acc: Value[], f: Frame, ctx: Ctx, k: (vs: Value[]) => boolean): boolean => {
    for (; i < n; i++) {
      const d = direct[i];
      if (d === undefined || !d.ready(f, ctx)) {
        const next = i + 1;
        return full[i]!(ev, f, ctx, (x) => from(ev, next, [...acc, x], f, ctx, k));
      }
      const v = d.value(ev, f, ctx);
      if (v === undefined) return false;
      acc.push(v);
    }
    if (readsInput && ev.reads !== undefined) ev.reads = undefined;
    return k(acc);
  };
  return (ev, f, ctx, k) => from(ev, 0, [], f, ctx, k);
}

function compileRef(t: Term & { type: 'ref' }, c: Compiled): TermFn {
  const h = t.head;
  const path = t.path;
  if (h.type === 'var' && h.name === 'data') return (ev, f, ctx, k) => ev.dataRef(path, f, ctx, k);
  if (h.type === 'var' && h.name === 'input') return (ev, f, ctx, k) => (ctx.input === undefined ? false : ev.walkInput(ctx.input, path, 0, [], f, ctx, k));
  if (h.type === 'var') {
    const slot = slotOf(c, h.name);
    return (ev, f, ctx, k) => {
      const v = f[slot];
      return v === undefined ? false : ev.walkValue(v, path, 0, f, ctx, k);
    };
  }
  const head = termOf(h, c);
  return (ev, f, ctx, k) => head(ev, f, ctx, (v) => ev.walkValue(v, path, 0, f, ctx, k));
}

/** A call's arguments, then the builtin or function; `print` gets its arguments' terms. */
function compileCall(t: CallTerm, argTerms: Term[], c: Compiled): TermFn {
  if (t.builtin === 'print') return (ev, f, ctx, k) => ev.print(argTerms, f, ctx, k);
  const args = compileTerms(argTerms, c);
  return (ev, f, ctx, k) => args(ev, f, ctx, (vs) => ev.invoke(t, vs, ctx, k));
}

// ---- values in place ----

type ValueFn = (ev: Evaluator, f: Frame, ctx: Ctx) => Value | undefined;
type ReadyFn = (f: Frame, ctx: Ctx) => boolean;

/**
 * A term with at most one value, computed without a continuation once ready: the variables it
 * would iterate over bound and, when it calls anything, no `with` replacing what is called. Ready
 * is asked before any work, so a term not ready runs its full plan having done nothing twice.
 */
interface Direct {
  value: ValueFn;
  ready: ReadyFn;
  /** Slots that must be bound, and whether it calls a function or builtin: what ready checks. */
  slots: number[];
  calls: boolean;
}

/** Terms' values in order, as compileTerms takes them: undefined at the first without one. */
interface DirectList {
  values: (ev: Evaluator, f: Frame, ctx: Ctx) => Value[] | undefined;
  slots: number[];
  calls: boolean;
}

const always: ReadyFn = () => true;
const unmocked: ReadyFn = (_f, ctx) => ctx.mocks.size === 0;

function direct(value: ValueFn, slots: number[], calls: boolean): Direct {
  const needed = [...new Set(slots)];
  let ready: ReadyFn;
  if (needed.length === 0) ready = calls ? unmocked : always;
  else {
    ready = (f, ctx) => {
      if (calls && ctx.mocks.size !== 0) return false;
      for (const slot of needed) if (f[slot] === undefined) return false;
      return true;
    };
  }
  return { value, ready, slots: needed, calls };
}

/** As a call's argument or a collection's item, the input is its value; whoever reads it then marks the whole input read. */
const INPUT_ARG = direct((_ev, _f, ctx) => ctx.input, [], false);

function argOf(t: Term, c: Compiled): Direct | undefined {
  return isInput(t) ? INPUT_ARG : directOf(t, c);
}

const directOf = planned(compileDirect);

/**
 * Literals, variables, refs by keys at hand (from a variable, from data, or from another such
 * term), collections and calls (of functions, or of builtins other than relations) of such terms.
 * Not the input alone (reading it all is tracked), refs from the input, comprehensions, `print`.
 */
function compileDirect(t: Term, c: Compiled): Direct | undefined {
  switch (t.type) {
    case 'null':
    case 'bool':
    case 'num':
    case 'str': {
      const v = literal(t);
      return direct(() => v, [], false);
    }
    case 'var': {
      const slot = varSlot(t, c);
      return slot === undefined ? undefined : direct((_ev, f) => f[slot], [], false);
    }
    case 'ref':
      return directRef(t, c);
    case 'array':
    case 'set':
    case 'object': {
      const constant = constantOf(t);
      if (constant !== undefined) return direct(() => constant, [], false);
      const items = directList(t.type === 'object' ? t.pairs.flat() : t.items, c);
      if (items === undefined) return undefined;
      const values = items.values;
      if (t.type === 'array') return direct(values, items.slots, items.calls);
      if (t.type === 'set') {
        return direct(
          (ev, f, ctx) => {
            const vs = values(ev, f, ctx);
            return vs === undefined ? undefined : new RSet(vs);
          },
          items.slots,
          items.calls,
        );
      }
      return direct(
        (ev, f, ctx) => {
          // Keys and values alternating.
          const vs = values(ev, f, ctx);
          return vs === undefined ? undefined : objectOf(vs);
        },
        items.slots,
        items.calls,
      );
    }
    case 'call': {
      const name = t.builtin;
      // `eq` and `assign` bind, `print` is the evaluator's, and a relation has many values.
      if (name === 'eq' || name === 'assign' || name === 'print' || (name !== undefined && BUILTINS.get(name)?.relation !== undefined)) return undefined;
      const args = directList(t.args, c);
      if (args === undefined) return undefined;
      const values = args.values;
      return direct(
        (ev, f, ctx) => {
          const vs = values(ev, f, ctx);
          return vs === undefined ? undefined : ev.callValue(t, vs, ctx);
        },
        args.slots,
        true,
      );
    }
    default:
      return undefined;
  }
}

function directList(ts: Term[], c: Compiled): DirectList | undefined {
  const items: ValueFn[] = [];
  const slots: number[] = [];
  let calls = false;
  for (const t of ts) {
    const d = argOf(t, c);
    if (d === undefined) return undefined;
    items.push(d.value);
    slots.push(...d.slots);
    calls ||= d.calls;
  }
  const readsInput = ts.some(isInput);
  const n = items.length;
  const values = (ev: Evaluator, f: Frame, ctx: Ctx): Value[] | undefined => {
    // Made at its length: pushed onto `[]`, a call's arguments took a backing store of 16 (~14% of what the built-in policies allocated at 10k).
    const vs = new Array<Value>(n);
    for (let i = 0; i < n; i++) {
      const v = items[i]!(ev, f, ctx);
      if (v === undefined) return undefined;
      vs[i] = v;
    }
    if (readsInput && ev.reads !== undefined) ev.reads = undefined;
    return vs;
  };
  return { values, slots, calls };
}

/**
 * A ref whose keys each have one value: as walkValue and walkData take them, a key with a
 * variable that unboundOf looks at iterates while that variable is unbound.
 */
function directRef(t: Term & { type: 'ref' }, c: Compiled): Direct | undefined {
  const h = t.head;
  if (isInput(h)) return undefined;
  const keys: ValueFn[] = [];
  const slots: number[] = [];
  let calls = false;
  for (const p of t.path) {
    const d = directOf(p, c);
    if (d === undefined) return undefined;
    keys.push(d.value);
    slots.push(...d.slots, ...iterated(p, c));
    calls ||= d.calls;
  }
  if (h.type === 'var' && h.name === 'data') {
    const path = t.path;
    return direct(
      (ev, f, ctx) => {
        let v: Value | undefined;
        ev.dataRef(path, f, ctx, (x) => ((v = x), true));
        return v;
      },
      slots,
      calls,
    );
  }
  const head = directOf(h, c);
  if (head === undefined) return undefined;
  const from = head.value;
  const written = t.path.map(literal);
  if (!written.includes(undefined)) {
    // Keys written out (`c.container.image`), most refs: read in one loop, no plan called per key.
    const path = written as Value[];
    return direct(
      (ev, f, ctx) => indexPath(from(ev, f, ctx), path),
      head.slots,
      head.calls,
    );
  }
  return direct(
    (ev, f, ctx) => {
      let v = from(ev, f, ctx);
      for (const key of keys) {
        if (v === undefined) return undefined;
        const kv = key(ev, f, ctx);
        if (kv === undefined) return undefined;
        v = index(v, kv);
      }
      return v;
    },
    [...head.slots, ...slots],
    head.calls || calls,
  );
}

/** The slots unboundOf looks at: while one is unbound, a ref iterates at this key. */
function iterated(t: Term, c: Compiled): number[] {
  switch (t.type) {
    case 'var': {
      const slot = varSlot(t, c);
      return slot === undefined ? [] : [slot];
    }
    case 'array':
      return t.items.flatMap((x) => iterated(x, c));
    case 'object':
      return t.pairs.flatMap(([, v]) => iterated(v, c));
    default:
      return [];
  }
}

// ---- literals ----

/** The value of a scalar literal. */
export function literal(t: Term): Value | undefined {
  switch (t.type) {
    case 'null':
      return null;
    case 'bool':
    case 'num':
    case 'str':
      return t.value;
    default:
      return undefined;
  }
}

function isInput(t: Term): boolean {
  return t.type === 'var' && t.name === 'input';
}

export function isGround(t: Term): boolean {
  switch (t.type) {
    case 'null':
    case 'bool':
    case 'num':
    case 'str':
      return true;
    case 'array':
    case 'set':
      return t.items.every(isGround);
    case 'object':
      return t.pairs.every(([a, b]) => isGround(a) && isGround(b));
    default:
      return false;
  }
}

/** Literal arrays, sets and objects without variables, built once: a rule's constant table is not rebuilt per document. */
export function constantOf(t: Term): Value | undefined {
  return isGround(t) ? groundValue(t) : undefined;
}

function groundValue(t: Term): Value {
  switch (t.type) {
    case 'array':
      return t.items.map(groundValue);
    case 'set':
      return new RSet(t.items.map(groundValue));
    case 'object':
      return new RObject(t.pairs.map(([a, b]) => [groundValue(a), groundValue(b)]));
    default:
      return literal(t) as Value;
  }
}
