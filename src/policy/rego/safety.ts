import { RegoError, type Expr, type Pos, type Term } from './ast.js';
import { BUILTINS } from './builtins/index.js';

/** This module's file, for checksums of the code a compiled policy depends on. */
export const SAFETY_SOURCE = import.meta.url;

/**
 * Orders a body so every expression runs after the vars it reads are bound (OPA's safety
 * check), and reports the first var nothing can bind. `bound` grows with the body's outputs.
 */
export function orderBody(body: Expr[], bound: Set<string>, funcArity: Map<string, number>): Expr[] {
  const pending = [...body];
  const out: Expr[] = [];
  while (pending.length > 0) {
    let progressed = false;
    for (let i = 0; i < pending.length; i++) {
      const e = pending[i]!;
      const outputs = new Analyzer(bound, funcArity).expr(e);
      if (outputs === undefined) continue;
      for (const v of outputs) bound.add(v);
      orderNested(e, bound, funcArity);
      out.push(e);
      pending.splice(i, 1);
      progressed = true;
      break;
    }
    if (!progressed) {
      const e = pending[0]!;
      const missing = new Analyzer(bound, funcArity).firstUnsafe(e);
      throw new RegoError('rego_unsafe_var_error', `var ${displayName(missing.name)} is unsafe`, missing.pos);
    }
  }
  return out;
}

/** A var's name as the user wrote it (scoped copies are renamed `x$3`, wildcards `$_4`). */
export function displayName(name: string): string {
  return name.startsWith('$_') ? '_' : name.replace(/\$\d+$/, '');
}

/** Where a var first occurs in a term, for error positions. */
export function findVarPos(t: Term, name: string): Pos | undefined {
  if (t.type === 'var') return t.name === name ? t.pos : undefined;
  if (isClosure(t)) {
    const heads = t.type === 'objectcompr' ? [t.key, t.value] : [t.term];
    for (const h of heads) {
      const p = findVarPos(h, name);
      if (p) return p;
    }
    return undefined;
  }
  for (const k of children(t)) {
    const p = findVarPos(k, name);
    if (p) return p;
  }
  return undefined;
}

function isClosure(t: Term): t is Term & { type: 'arraycompr' | 'setcompr' | 'objectcompr' } {
  return t.type === 'arraycompr' || t.type === 'setcompr' || t.type === 'objectcompr';
}

/** Orders (and safety-checks) the comprehensions inside a term, such as a rule's head value. */
export function orderClosures(t: Term, bound: Set<string>, funcArity: Map<string, number>): void {
  if (isClosure(t)) {
    const inner = new Set(bound);
    t.body = orderBody(t.body, inner, funcArity);
    const heads = t.type === 'objectcompr' ? [t.key, t.value] : [t.term];
    for (const h of heads) checkBound(h, inner);
    return;
  }
  for (const c of children(t)) orderClosures(c, bound, funcArity);
}

/** Comprehension and `every` bodies are ordered with the enclosing bindings in view. */
function orderNested(e: Expr, bound: Set<string>, funcArity: Map<string, number>): void {
  const visit = (t: Term): void => orderClosures(t, bound, funcArity);
  if (e.kind === 'term') visit(e.term);
  if (e.kind === 'somein' || e.kind === 'every') {
    visit(e.domain);
    if (e.key) visit(e.key);
    visit(e.value);
  }
  for (const w of e.withs) visit(w.value);
  if (e.kind === 'every') {
    const inner = new Set(bound);
    for (const t of [e.key, e.value]) if (t) for (const v of varsIn(t)) inner.add(v);
    e.body = orderBody(e.body, inner, funcArity);
  }
}

function checkBound(t: Term, bound: Set<string>): void {
  for (const v of varsIn(t)) {
    if (!bound.has(v)) throw new RegoError('rego_unsafe_var_error', `var ${displayName(v)} is unsafe`, findVarPos(t, v) ?? t.pos);
  }
}

function children(t: Term): Term[] {
  switch (t.type) {
    case 'ref':
      return [t.head, ...t.path];
    case 'array':
    case 'set':
      return t.items;
    case 'object':
      return t.pairs.flat();
    case 'call':
      return t.args;
    default:
      return [];
  }
}

/** Local vars in a term (roots `input`/`data` excluded), closures' free vars included. */
export function varsIn(t: Term, out: Set<string> = new Set()): Set<string> {
  if (t.type === 'var') {
    if (t.name !== 'input' && t.name !== 'data') out.add(t.name);
  } else if (isClosure(t)) {
    for (const v of freeVars(t)) out.add(v);
  } else for (const c of children(t)) varsIn(c, out);
  return out;
}

/** Vars a closure reads from outside: every var in it minus those its own body introduces. */
function freeVars(t: Term & { type: 'arraycompr' | 'setcompr' | 'objectcompr' }): Set<string> {
  const all = new Set<string>();
  const local = new Set<string>();
  const heads = t.type === 'objectcompr' ? [t.key, t.value] : [t.term];
  for (const h of heads) varsIn(h, all);
  bodyVars(t.body, all, local);
  for (const l of local) all.delete(l);
  return all;
}

/** Vars renamed per scope (`x$3`) or wildcards are local to the closure that holds them. */
function bodyVars(body: Expr[], all: Set<string>, local: Set<string>): void {
  for (const e of body) {
    const add = (t: Term) => varsIn(t, all);
    if (e.kind === 'term') add(e.term);
    if (e.kind === 'some') e.vars.forEach(add);
    if (e.kind === 'somein' || e.kind === 'every') {
      if (e.key) add(e.key);
      add(e.value);
      add(e.domain);
    }
    if (e.kind === 'every') bodyVars(e.body, all, local);
    for (const w of e.withs) add(w.value);
  }
  for (const v of all) if (/\$\d+$/.test(v) || v.startsWith('$_')) local.add(v);
}

class Analyzer {
  constructor(
    private readonly bound: Set<string>,
    private readonly funcArity: Map<string, number>,
  ) {}

  /** New bindings if the expression can run now, else undefined. */
  expr(e: Expr): Set<string> | undefined {
    for (const w of e.withs) if (!this.evaluable(w.value)) return undefined;
    if (e.negated) {
      const outs = this.exprInner(e);
      if (outs === undefined) return undefined;
      // Inside `not`, only fresh wildcards may stay unbound.
      for (const v of outs) if (!v.startsWith('$_')) return undefined;
      return new Set();
    }
    return this.exprInner(e);
  }

  private exprInner(e: Expr): Set<string> | undefined {
    switch (e.kind) {
      case 'some':
        return new Set();
      case 'somein': {
        const d = this.evaluable(e.domain);
        if (!d) return undefined;
        const b = new Set([...this.bound, ...d]);
        const outs = new Set(d);
        for (const t of [e.key, e.value]) {
          if (!t) continue;
          const p = this.pattern(t, b);
          if (!p) return undefined;
          for (const v of p) {
            outs.add(v);
            b.add(v);
          }
        }
        return outs;
      }
      case 'every':
        return this.evaluable(e.domain) ? new Set() : undefined;
      case 'term':
        return this.term(e.term);
    }
  }

  private term(t: Term): Set<string> | undefined {
    if (t.type === 'call' && t.builtin && (t.builtin === 'eq' || t.builtin === 'assign')) {
      return this.unify(t.args[0]!, t.args[1]!, this.bound);
    }
    if (t.type === 'call') {
      const arity = this.arity(t);
      if (arity !== undefined && t.args.length === arity + 1) {
        const outs = new Set<string>();
        for (const a of t.args.slice(0, arity)) {
          const o = this.evaluable(a);
          if (!o) return undefined;
          o.forEach((v) => outs.add(v));
        }
        const p = this.pattern(t.args[arity]!, new Set([...this.bound, ...outs]));
        if (!p) return undefined;
        p.forEach((v) => outs.add(v));
        return outs;
      }
    }
    return this.evaluable(t);
  }

  private arity(t: Term & { type: 'call' }): number | undefined {
    if (t.fnPath) return this.funcArity.get(t.fnPath.join('.'));
    return t.builtin ? BUILTINS.get(t.builtin)?.arity : undefined;
  }

  /**
   * If a term can be evaluated to values with the current bindings, the vars its refs
   * enumerate (`xs[i]` binds i); else undefined.
   */
  evaluable(t: Term, bound: Set<string> = this.bound): Set<string> | undefined {
    const outs = new Set<string>();
    const ok = (x: Term, b: Set<string>): boolean => {
      switch (x.type) {
        case 'var':
          return x.name === 'input' || x.name === 'data' || b.has(x.name) || outs.has(x.name);
        case 'ref': {
          if (!ok(x.head, b)) return false;
          for (const p of x.path) {
            if (p.type === 'var' && !b.has(p.name) && !outs.has(p.name)) outs.add(p.name);
            else if (p.type === 'array' || p.type === 'object') {
              // A composite key with unbound vars is matched against each key.
              const pv = this.pattern(p, new Set([...b, ...outs]));
              if (!pv) return false;
              pv.forEach((v) => outs.add(v));
            } else if (!ok(p, b)) return false;
          }
          return true;
        }
        case 'arraycompr':
        case 'setcompr':
        case 'objectcompr':
          for (const v of freeVars(x)) if (!b.has(v) && !outs.has(v)) return false;
          return true;
        case 'call':
          if (x.builtin === 'eq' || x.builtin === 'assign') return false;
          return children(x).every((c) => ok(c, b));
        default:
          return children(x).every((c) => ok(c, b));
      }
    };
    return ok(t, bound) ? outs : undefined;
  }

  /** Vars bound by matching a pattern against a known value. */
  private pattern(t: Term, bound: Set<string>): Set<string> | undefined {
    switch (t.type) {
      case 'var':
        return t.name === 'input' || t.name === 'data' || bound.has(t.name) ? new Set() : new Set([t.name]);
      case 'array': {
        const outs = new Set<string>();
        for (const x of t.items) {
          const p = this.pattern(x, bound);
          if (!p) return undefined;
          p.forEach((v) => outs.add(v));
        }
        return outs;
      }
      case 'object': {
        const outs = new Set<string>();
        for (const [k, v] of t.pairs) {
          if (!this.evaluable(k, bound)) return undefined;
          const p = this.pattern(v, bound);
          if (!p) return undefined;
          p.forEach((x) => outs.add(x));
        }
        return outs;
      }
      default:
        return this.evaluable(t, bound);
    }
  }

  private unify(a: Term, b: Term, bound: Set<string>): Set<string> | undefined {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const ex = this.evaluable(x, bound);
      if (ex) {
        const py = this.pattern(y, new Set([...bound, ...ex]));
        if (py) return new Set([...ex, ...py]);
      }
    }
    if (a.type === 'array' && b.type === 'array' && a.items.length === b.items.length) {
      const b2 = new Set(bound);
      const outs = new Set<string>();
      const todo = a.items.map((x, i) => [x, b.items[i]!] as const);
      while (todo.length > 0) {
        const idx = todo.findIndex(([x, y]) => this.unify(x, y, b2) !== undefined);
        if (idx < 0) return undefined;
        const [x, y] = todo[idx]!;
        for (const v of this.unify(x, y, b2)!) {
          outs.add(v);
          b2.add(v);
        }
        todo.splice(idx, 1);
      }
      return outs;
    }
    return undefined;
  }

  /** The var to blame when an expression can never run. */
  firstUnsafe(e: Expr): { name: string; pos: Term['pos'] } {
    const terms: Term[] = [];
    if (e.kind === 'term') terms.push(e.term);
    if (e.kind === 'somein' || e.kind === 'every') terms.push(e.domain);
    for (const w of e.withs) terms.push(w.value);
    for (const t of terms) {
      for (const v of varsIn(t)) {
        if (!this.bound.has(v)) return { name: v, pos: findVarPos(t, v) ?? e.pos };
      }
    }
    return { name: '_', pos: e.pos };
  }
}
