/**
 * Rule definitions compiled to JavaScript: a rule's body and head become one function of nested tests and
 * loops over the evaluator's values, where plan.ts's closures call a small closure per expression and term
 * and pass each solution on through continuations. V8 warms up to such code with fewer calls to run, and
 * warming up is most of a fresh run's policy stage (docs/performance.md). A definition using what only the
 * closures do (`with`, `print`, relations, patterns matching patterns) keeps them, and so does every
 * evaluation under a `with`, which replaces what compiled code would call directly; so do a body nested too
 * deep to compile and every evaluation in a process that may not compile code from strings
 * (`node --disallow-code-generation-from-strings`).
 *
 * Variables whose binding the closures decide at run time are decided here once: a body is ordered so that
 * each expression's inputs are bound before it (safety.ts), so after each expression the bound variables are
 * the same on every path. They live in JavaScript locals; a definition's arguments come in its frame slots.
 */
import { RegoError, type CallTerm, type Expr, type Pos, type Rule, type Term } from './ast.js';
import { BUILTINS, REFUSED } from './builtins/index.js';
import { patternVars, type Compiled } from './compiler.js';
import { indexKey, isLeaf, staticPrefix, type Ctx, type Evaluator, type InputRead } from './evaluator.js';
import { arityOf, constantOf, literal, slotOf, type TermFn } from './plan.js';
import { RObject, RSet, compare, elementsOf, equal, index, indexPath, isCollection, objectOf, type Value } from './values.js';

/** Policy sets evaluated by the closures alone (PolicySet.compile's `interpret`): the tests hold each to the other. */
const interpreted = new WeakSet<Compiled>();

export function interpretOnly(c: Compiled): void {
  interpreted.add(c);
}

/**
 * The definition's results (as RulePlan.results gives them) from generated code, falling back to `closures`
 * under a `with`; undefined when the definition uses what only the closures do.
 */
export function generatedResults(r: Rule, c: Compiled, closures: () => TermFn): TermFn | undefined {
  if (interpreted.has(c)) return undefined;
  const emitter = new Emitter(c);
  let make: (rt: typeof RUNTIME, consts: unknown[], fallback: TermFn) => TermFn;
  try {
    make = new Function('rt', 'C', 'fallback', emitter.rule(r)) as typeof make;
  } catch (e) {
    // What only the closures do; a process that may not make code from strings; a body nested deeper than the
    // emitter's recursion or V8's parser goes.
    if (e === UNSUPPORTED || e instanceof EvalError || e instanceof RangeError) return undefined;
    throw e;
  }
  let plain: TermFn | undefined;
  return make(RUNTIME, emitter.consts, (ev, f, ctx, k) => (plain ??= closures())(ev, f, ctx, k));
}

/** What the generated code calls: the evaluator's own operations, and reading the input as walkInput does. */
const RUNTIME = {
  RObject,
  RSet,
  equal,
  index,
  indexPath,
  /** The input at these keys, noting the scalar (or absence) read while reads are tracked (see Evaluator.reads). */
  inputAt(ev: Evaluator, ctx: Ctx, keys: Value[]): Value | undefined {
    const reads = ev.reads;
    const v = inputKeys(ev, ctx, keys);
    if (v !== undefined && reads !== undefined) {
      if (typeof v === 'object' && v !== null) ev.reads = undefined;
      else reads.push({ keys, value: v });
    }
    return v;
  },
  /** The input at the keys before one that iterates: what it holds below depends on the whole of it. */
  inputAbove(ev: Evaluator, ctx: Ctx, keys: Value[]): Value | undefined {
    const v = inputKeys(ev, ctx, keys);
    if (v !== undefined) ev.reads = undefined;
    return v;
  },
  objectOf,
  elements: elementsOf,
  indexKey,
  compare,
  isCollection,
  conflict(pos: Pos): RegoError {
    return new RegoError('eval_conflict_error', 'object keys must be unique', pos);
  },
};

/** The input at these keys; a key found absent is noted as read. */
function inputKeys(ev: Evaluator, ctx: Ctx, keys: Value[]): Value | undefined {
  let v = ctx.input;
  if (v === undefined) return undefined;
  for (let i = 0; i < keys.length; i++) {
    const c: Value | undefined = index(v, keys[i]!);
    if (c === undefined) {
      ev.reads?.push({ keys: keys.slice(0, i + 1), value: undefined } satisfies InputRead);
      return undefined;
    }
    v = c;
  }
  return v;
}

/** The comparison builtins (builtins/operators.ts), as code. */
const COMPARISONS: Record<string, ((a: string, b: string) => string) | undefined> = {
  equal: (a, b) => `rt.equal(${a}, ${b})`,
  neq: (a, b) => `!rt.equal(${a}, ${b})`,
  lt: (a, b) => `rt.compare(${a}, ${b}) < 0`,
  lte: (a, b) => `rt.compare(${a}, ${b}) <= 0`,
  gt: (a, b) => `rt.compare(${a}, ${b}) > 0`,
  gte: (a, b) => `rt.compare(${a}, ${b}) >= 0`,
};

const UNSUPPORTED = Symbol('unsupported');

function unsupported(): never {
  throw UNSUPPORTED;
}

/** The variables bound at a point of a body, by Rego name. */
type Bound = ReadonlySet<string>;
/** Code for what follows, given the JavaScript name of a value and the variables then bound. */
type ValueK = (js: string, bound: Bound) => string;
type BodyK = (bound: Bound) => string;

class Emitter {
  readonly consts: unknown[] = [];
  private readonly constIndex = new Map<unknown, number>();
  private temps = 0;
  /** Callbacks emitted so far: a solution inside one returns from it rather than leaving a block. */
  private callbacks = 0;

  constructor(private readonly c: Compiled) {}

  /** The function's body: its arguments read from their slots, then the rule's body and head. */
  rule(r: Rule): string {
    const bound = new Set<string>();
    let code = 'if (ctx.mocks.size !== 0 || ctx.overrides.length !== 0) return fallback(ev, f, ctx, k);\n';
    for (const a of r.args) {
      for (const name of patternVars(a)) {
        if (bound.has(name)) continue;
        bound.add(name);
        code += `const ${local(name)} = f[${slotOf(this.c, name)}];\n`;
      }
    }
    const head = r.kind === 'multi' ? r.key! : r.value;
    code += this.body(r.body, 0, bound, (b) => this.value(head, b, (v) => `if (k(${v})) return true;`));
    return `return function results(ev, f, ctx, k) {\n${code}\nreturn false;\n};`;
  }

  // ---- bodies ----

  private body(exprs: Expr[], i: number, bound: Bound, done: BodyK): string {
    if (i === exprs.length) return done(bound);
    const e = exprs[i]!;
    if (e.withs.length !== 0) unsupported();
    const step = `ev.step(${this.constant(e.pos)});\n`;
    const rest: BodyK = (b) => this.body(exprs, i + 1, b, done);
    if (e.negated) {
      if (e.kind !== 'term') unsupported();
      // Bindings made inside stay inside: the rest sees the variables bound before. A block left at the first
      // solution, unless a callback inside (a ref the evaluator walks) must return instead. Emitted once, the
      // solution's code put in after: a NUL never reaches the code otherwise (JSON escapes it in strings).
      const found = this.temp();
      const solution = `\u0000${found}\u0000`;
      const callbacks = this.callbacks;
      const inside = this.expr(e, bound, () => solution);
      if (this.callbacks === callbacks) {
        return `${step}let ${found} = false;\n${found}: {\n${inside.replaceAll(solution, `${found} = true;\nbreak ${found};`)}\n}\nif (!${found}) {\n${rest(bound)}\n}`;
      }
      return `${step}if (!(() => {\n${inside.replaceAll(solution, 'return true;')}\nreturn false;\n})()) {\n${rest(bound)}\n}`;
    }
    return step + this.expr(e, bound, rest);
  }

  private expr(e: Expr, bound: Bound, k: BodyK): string {
    switch (e.kind) {
      case 'some':
        return k(bound);
      case 'somein': {
        const { key, value, domain } = e;
        return this.value(domain, bound, (coll, b) =>
          this.each(coll, e.pos, key !== undefined, (kv, v) => this.match(value, v, b, (b2) => (key ? this.match(key, kv, b2, k) : k(b2)))),
        );
      }
      case 'every': {
        const { key, value, domain, body } = e;
        return this.value(domain, bound, (coll, b) => {
          const kv = this.temp();
          const v = this.temp();
          // An element the body does not hold for stops the iteration, and `every` fails.
          const holds = this.match(value, v, b, (b2) => (key ? this.match(key, kv, b2, (b3) => this.body(body, 0, b3, () => 'return true;')) : this.body(body, 0, b2, () => 'return true;')));
          return `if (rt.isCollection(${coll}) && !ev.each(${coll}, ${this.constant(e.pos)}, (${kv}, ${v}) => !((() => {\n${holds}\nreturn false;\n})()))) {\n${k(b)}\n}`;
        });
      }
      case 'term':
        return this.termExpr(e.term, bound, k);
    }
  }

  /** A term as an expression: `=` and `:=` bind or compare, a call with an output argument binds it, anything else must not be false. */
  private termExpr(t: Term, bound: Bound, k: BodyK): string {
    if (t.type === 'call' && (t.builtin === 'eq' || t.builtin === 'assign')) {
      const [a, b] = t.args as [Term, Term];
      const unboundA = hasUnbound(a, bound);
      const unboundB = hasUnbound(b, bound);
      if (unboundA && unboundB) unsupported();
      if (unboundA) return this.value(b, bound, (v, b2) => this.match(a, v, b2, k));
      return this.value(a, bound, (v, b2) => this.match(b, v, b2, k));
    }
    if (t.type === 'call') {
      const arity = arityOf(t, this.c);
      if (arity !== undefined && t.args.length === arity + 1) {
        return this.call(t, t.args.slice(0, arity), bound, (v, b2) => this.match(t.args[arity]!, v, b2, k));
      }
    }
    return this.value(t, bound, (v, b2) => `if (${v} !== false) {\n${k(b2)}\n}`);
  }

  // ---- matching a value against a pattern ----

  /** `js` (a name) matched against `p`: its unbound variables bound, the rest compared, as unifyOf does. */
  private match(p: Term, js: string, bound: Bound, k: BodyK): string {
    switch (p.type) {
      case 'var': {
        if (p.name === 'input' || p.name === 'data') break;
        if (bound.has(p.name)) return `if (rt.equal(${local(p.name)}, ${js})) {\n${k(bound)}\n}`;
        return `const ${local(p.name)} = ${js};\n${k(withVar(bound, p.name))}`;
      }
      case 'array': {
        if (!hasUnbound(p, bound)) break;
        const items = p.items;
        const go = (i: number, b: Bound): string => {
          if (i === items.length) return k(b);
          const item = this.temp();
          return `const ${item} = ${js}[${i}];\n${this.match(items[i]!, item, b, (b2) => go(i + 1, b2))}`;
        };
        return `if (Array.isArray(${js}) && ${js}.length === ${items.length}) {\n${go(0, bound)}\n}`;
      }
      case 'object': {
        if (!hasUnbound(p, bound)) break;
        const pairs = p.pairs;
        const go = (i: number, b: Bound): string => {
          if (i === pairs.length) return k(b);
          const [keyTerm, valueTerm] = pairs[i]!;
          return this.value(keyTerm, b, (key, b2) => {
            const item = this.temp();
            return `const ${item} = ${js}.get(${key});\nif (${item} !== undefined) {\n${this.match(valueTerm, item, b2, (b3) => go(i + 1, b3))}\n}`;
          });
        };
        return `if (${js} instanceof rt.RObject && ${js}.size === ${pairs.length}) {\n${go(0, bound)}\n}`;
      }
      default:
        break;
    }
    return this.value(p, bound, (v, b2) => `if (rt.equal(${v}, ${js})) {\n${k(b2)}\n}`);
  }

  // ---- values ----

  /** Code running `k` for each value of `t` (one for most terms; a ref with unbound keys iterates). */
  private value(t: Term, bound: Bound, k: ValueK): string {
    switch (t.type) {
      case 'null':
      case 'bool':
      case 'num':
      case 'str':
        return k(this.constant(literal(t)), bound);
      case 'var': {
        if (t.name === 'input') return `ev.reads = undefined;\nif (ctx.input !== undefined) {\n${k('ctx.input', bound)}\n}`;
        if (t.name === 'data' || !bound.has(t.name)) unsupported();
        return k(local(t.name), bound);
      }
      case 'ref':
        return this.ref(t, bound, k);
      case 'array':
      case 'set':
      case 'object': {
        const constant = constantOf(t);
        if (constant !== undefined) return k(this.constant(constant), bound);
        const items = t.type === 'object' ? t.pairs.flat() : t.items;
        return this.list(items, bound, (vs, b) => {
          const made = t.type === 'array' ? `[${vs.join(', ')}]` : t.type === 'set' ? `new rt.RSet([${vs.join(', ')}])` : `rt.objectOf([${vs.join(', ')}])`;
          return this.bind(made, (v) => k(v, b));
        });
      }
      case 'arraycompr':
      case 'setcompr': {
        const out = this.temp();
        const add = t.type === 'arraycompr' ? 'push' : 'add';
        const body = this.body(t.body, 0, bound, (b) => this.value(t.term, b, (v) => `${out}.${add}(${v});`));
        return `const ${out} = ${t.type === 'arraycompr' ? '[]' : 'new rt.RSet()'};\n{\n${body}\n}\n${k(out, bound)}`;
      }
      case 'objectcompr': {
        const out = this.temp();
        const prev = this.temp();
        const body = this.body(t.body, 0, bound, (b) =>
          this.value(t.key, b, (key, b2) =>
            this.value(
              t.value,
              b2,
              (v) => `const ${prev} = ${out}.get(${key});\nif (${prev} !== undefined && !rt.equal(${prev}, ${v})) throw rt.conflict(${this.constant(t.pos)});\n${out}.set(${key}, ${v});`,
            ),
          ),
        );
        return `const ${out} = new rt.RObject();\n{\n${body}\n}\n${k(out, bound)}`;
      }
      case 'call': {
        if (t.builtin === 'eq' || t.builtin === 'assign' || t.builtin === 'print') unsupported();
        if (t.args.length !== arityOf(t, this.c)) unsupported();
        return this.call(t, t.args, bound, k);
      }
    }
  }

  /**
   * A call of a function or of a builtin that is not a relation, as callValue makes it: the builtin found here,
   * a comparison made in place (it cannot fail, and a boolean costs no steps).
   */
  private call(t: CallTerm, args: Term[], bound: Bound, k: ValueK): string {
    if (t.fnPath !== undefined) {
      return this.list(args, bound, (vs, b) => this.bind(`ev.callValue(${this.constant(t)}, [${vs.join(', ')}], ctx)`, (v) => `if (${v} !== undefined) {\n${k(v, b)}\n}`));
    }
    const name = t.builtin!;
    const builtin = BUILTINS.get(name);
    if (builtin === undefined || builtin.relation !== undefined || REFUSED.has(name)) unsupported();
    const comparison = COMPARISONS[name];
    if (comparison !== undefined) return this.list(args, bound, (vs, b) => this.bind(comparison(vs[0]!, vs[1]!), (v) => k(v, b)));
    return this.list(args, bound, (vs, b) =>
      this.bind(`ev.applyBuiltin(${this.constant(builtin)}, ${this.constant(name)}, [${vs.join(', ')}], ${this.constant(t.pos)})`, (v) => `if (${v} !== undefined) {\n${k(v, b)}\n}`),
    );
  }

  /**
   * Terms' values in order, each once the one before has one (compileTerms' order). The input alone as an item
   * is its value, and marks the whole input read only once every item has one: `object.get(input, path, d)`
   * with `path` undefined reads nothing.
   */
  private list(items: Term[], bound: Bound, k: (vs: string[], bound: Bound) => string): string {
    const readsInput = items.some((t) => t.type === 'var' && t.name === 'input');
    const go = (i: number, vs: string[], b: Bound): string => {
      if (i === items.length) return (readsInput ? 'ev.reads = undefined;\n' : '') + k(vs, b);
      const item = items[i]!;
      if (item.type === 'var' && item.name === 'input') return `if (ctx.input !== undefined) {\n${go(i + 1, [...vs, 'ctx.input'], b)}\n}`;
      return this.value(item, b, (v, b2) => go(i + 1, [...vs, v], b2));
    };
    return go(0, [], bound);
  }

  private ref(t: Term & { type: 'ref' }, bound: Bound, k: ValueK): string {
    const { head, path } = t;
    if (head.type === 'var' && head.name === 'input') return this.inputRef(path, bound, k);
    if (head.type === 'var' && head.name === 'data') return this.dataRef(path, bound, k);
    return this.value(head, bound, (v, b) => this.walk(v, path, b, k));
  }

  /** As walkInput: the scalar each ref ends at (or an absent key) noted while reads are tracked. */
  private inputRef(path: Term[], bound: Bound, k: ValueK): string {
    const keys: string[] = [];
    let i = 0;
    for (; i < path.length; i++) {
      const p = path[i]!;
      const lit = literal(p);
      if (lit !== undefined) keys.push(this.constant(lit));
      else if (p.type === 'var' && p.name !== 'input' && p.name !== 'data') {
        if (!bound.has(p.name)) break;
        keys.push(local(p.name));
      } else unsupported();
    }
    const keyList = path.slice(0, i).every((p) => literal(p) !== undefined) ? this.constant(path.slice(0, i).map((p) => literal(p)!)) : `[${keys.join(', ')}]`;
    if (i === path.length) return this.bind(`rt.inputAt(ev, ctx, ${keyList})`, (v) => `if (${v} !== undefined) {\n${k(v, bound)}\n}`);
    return this.bind(`rt.inputAbove(ev, ctx, ${keyList})`, (v) => `if (${v} !== undefined) {\n${this.walk(v, path.slice(i), bound, k)}\n}`);
  }

  /**
   * As dataRef: a rule's value by the node its leading names lead to, then the rest of the ref into that value;
   * anything else (base data, rules with variables in their heads) walked by the evaluator, the variables of its
   * keys passed in a frame and those it binds read back from it.
   */
  private dataRef(path: Term[], bound: Bound, k: ValueK): string {
    const { node, i } = staticPrefix(this.c.root, path);
    const next = path[i];
    if (node.dynamic.length === 0 && (next === undefined || isLeaf(node) || (next.type === 'var' && !bound.has(next.name)))) {
      return this.bind(`ev.nodeValue(${this.constant(node)}, ctx)`, (v) => `if (${v} !== undefined) {\n${this.walk(v, path.slice(i), bound, k)}\n}`);
    }
    const names = new Set<string>();
    for (const p of path) {
      if (p.type === 'var' && p.name !== 'input' && p.name !== 'data') names.add(p.name);
      else if (literal(p) === undefined) unsupported();
    }
    const frame = this.temp();
    const v = this.temp();
    let code = `const ${frame} = [];\n`;
    let inside = '';
    let after = bound;
    for (const name of names) {
      if (bound.has(name)) code += `${frame}[${slotOf(this.c, name)}] = ${local(name)};\n`;
      else {
        inside += `const ${local(name)} = ${frame}[${slotOf(this.c, name)}];\n`;
        after = withVar(after, name);
      }
    }
    this.callbacks++;
    return `${code}if (ev.dataRef(${this.constant(path)}, ${frame}, ctx, (${v}) => {\n${inside}${k(v, after)}\nreturn false;\n})) return true;`;
  }

  /** As walkValue: each key in turn, an unbound variable iterating (one step per element). */
  private walk(v: string, path: Term[], bound: Bound, k: ValueK): string {
    if (path.length === 0) return k(v, bound);
    let written = 0;
    while (written < path.length && literal(path[written]!) !== undefined) written++;
    if (written > 0) {
      const keys = path.slice(0, written).map((p) => literal(p)!);
      const read = written === 1 ? `rt.index(${v}, ${this.constant(keys[0])})` : `rt.indexPath(${v}, ${this.constant(keys)})`;
      return this.bind(read, (c) => `if (${c} !== undefined) {\n${this.walk(c, path.slice(written), bound, k)}\n}`);
    }
    const p = path[0]!;
    const rest = path.slice(1);
    if (p.type === 'var' && p.name !== 'input' && p.name !== 'data' && !bound.has(p.name)) {
      return this.each(v, p.pos, true, (key, child) => `const ${local(p.name)} = ${key};\n${this.walk(child, rest, withVar(bound, p.name), k)}`);
    }
    if (hasUnbound(p, bound)) unsupported();
    return this.value(p, bound, (key, b) => this.bind(`rt.index(${v}, ${key})`, (c) => `if (${c} !== undefined) {\n${this.walk(c, rest, b, k)}\n}`));
  }

  // ---- helpers ----

  /** As ev.each over `coll`, in a loop: `body` runs with the names of each key (when `keyed`) and value. */
  private each(coll: string, pos: Pos, keyed: boolean, body: (key: string, value: string) => string): string {
    const elements = this.temp();
    const entries = this.temp();
    const i = this.temp();
    const key = this.temp();
    const val = this.temp();
    const keyCode = keyed ? `const ${key} = ${entries} ? ${elements}[${i}][0] : Array.isArray(${coll}) ? rt.indexKey(${i}) : ${val};\n` : '';
    return (
      `const ${elements} = rt.elements(${coll});\nif (${elements} !== undefined) {\nconst ${entries} = ${coll} instanceof rt.RObject;\n` +
      `for (let ${i} = 0; ${i} < ${elements}.length; ${i}++) {\nev.step(${this.constant(pos)});\n` +
      `const ${val} = ${entries} ? ${elements}[${i}][1] : ${elements}[${i}];\n${keyCode}${body(key, val)}\n}\n}`
    );
  }

  /** `js` computed once, under a name. */
  private bind(js: string, k: (name: string) => string): string {
    const name = this.temp();
    return `const ${name} = ${js};\n${k(name)}`;
  }

  private temp(): string {
    return `t${++this.temps}`;
  }

  /** A value the code reads from its constants (C): literals, positions, terms, nodes. */
  private constant(x: unknown): string {
    if (x === null || typeof x === 'boolean') return String(x);
    if (typeof x === 'string') return JSON.stringify(x);
    let i = this.constIndex.get(x);
    if (i === undefined) {
      i = this.consts.push(x) - 1;
      this.constIndex.set(x, i);
    }
    return `C[${i}]`;
  }
}

/** A Rego variable's JavaScript name. Rego's are letters, digits and `_`, and the compiler's `$`: nothing else reaches the code. */
function local(name: string): string {
  if (!/^[A-Za-z0-9_$]+$/.test(name)) unsupported();
  return `v_${name}`;
}

function withVar(bound: Bound, name: string): Bound {
  return new Set(bound).add(name);
}

/** As unboundOf decides which side of `=` binds: a variable not bound yet, in an array or object pattern or alone. */
function hasUnbound(t: Term, bound: Bound): boolean {
  switch (t.type) {
    case 'var':
      return t.name !== 'input' && t.name !== 'data' && !bound.has(t.name);
    case 'array':
      return t.items.some((x) => hasUnbound(x, bound));
    case 'object':
      return t.pairs.some(([, v]) => hasUnbound(v, bound));
    default:
      return false;
  }
}
