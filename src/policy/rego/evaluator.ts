import { RegoError, type Expr, type Pos, type Rule, type Term, type With } from './ast.js';
import { BuiltinError, BUILTINS, REFUSED, type Builtin, type BuiltinContext } from './builtins/index.js';
import { nodeAt, type Compiled, type TreeNode } from './compiler.js';
import { refText } from './parser.js';
import { bodyOf, isGround, literal, ruleOf, slotOf, termOf, termsOf, unboundOf, unifyOf, type Frame, type TermFn, type UnifyFn, type VK } from './plan.js';
import { RObject, RSet, elementsOf, equal, index, keyOf, mapKey, toRegoText, type Value } from './values.js';

export interface EvalLimits {
  /**
   * Work allowed before giving up: one step per expression, per element iterated, and per element
   * (or 64 characters) a builtin produces.
   */
  maxSteps: number;
  /** Nested rule/function evaluations before giving up. */
  maxDepth: number;
}

/** About two seconds of work on a slow, shared CI core. */
export const DEFAULT_LIMITS: EvalLimits = { maxSteps: 1_000_000, maxDepth: 200 };

/**
 * The steps one input may use across every query evaluated against it: share one budget between
 * the rules run on a document so that a document's total work is bounded, not each rule's.
 */
export class EvalBudget {
  steps = 0;
  constructor(readonly limits: EvalLimits = DEFAULT_LIMITS) {}

  /**
   * Called before each rule: once a runaway rule has used the budget up, every further rule still
   * gets a hundredth of it, so one rule cannot hide the others' verdicts and the total stays bounded.
   */
  nextRule(): void {
    const floor = this.limits.maxSteps - Math.ceil(this.limits.maxSteps / 100);
    if (this.steps > floor) this.steps = floor;
  }
}


type Mock = { kind: 'value'; value: Value } | { kind: 'builtin'; name: string } | { kind: 'func'; path: string[] };

export interface Ctx {
  input: Value | undefined;
  overrides: { path: string[]; value: Value }[];
  mocks: Map<string, Mock>;
  cache: Map<TreeNode, Value | undefined>;
  /** Function results by function and arguments (by identity): a rule body calls the same helper on the same value again and again. */
  calls: Map<TreeNode, Call[]>;
}

/** A remembered function call: what it gave and the steps it took, charged again on each reuse. */
interface Call {
  args: Value[];
  result: Value | undefined;
  steps: number;
}

/** Calls remembered per function: enough for a helper called on each element of a small collection. */
const REMEMBERED_CALLS = 8;

/** A document under construction: objects from tree structure merge, rule values do not. */
type Entry = { kind: 'obj'; map: Map<string, [Value, Entry]> } | { kind: 'leaf'; value: Value } | { kind: 'set'; set: RSet };

/** One read of the input: the value (a scalar, or undefined when absent) at a key path. */
export interface InputRead {
  keys: Value[];
  value: Value | undefined;
}

/** What `--timings` records of an evaluation (src/model/timings.ts has one). */
export interface RuleProfile {
  now(): number;
  item(name: string, start: number): void;
}

/** Made once per definition: a string made anew per evaluation would be hashed anew by each look-up. */
const profileNames = new WeakMap<Rule, string>();

function profileName(node: TreeNode, rule: Rule): string {
  let name = profileNames.get(rule);
  if (name === undefined) profileNames.set(rule, (name = `rule ${node.name} (${rule.pos.file}:${rule.pos.line})`));
  return name;
}

export class Evaluator implements BuiltinContext {
  private depth = 0;
  /** The deepest nesting this evaluation reached. */
  deepest = 0;
  /**
   * When tracked (set to [] before query): the input's scalars this evaluation read, in order, while
   * those are all it depends on besides the policies and data. undefined once it reads a whole
   * object or array of the input, replaces the input, or asks for the time or a random value.
   */
  reads: InputRead[] | undefined;
  /** Where the builtin being called is written, for budget errors raised inside it. */
  private callPos: Pos | undefined;
  private readonly ruleStack: string[] = [];
  readonly prints: string[] = [];
  /** The query's start: time.now_ns is the same throughout it. */
  private readonly startMs = Date.now();
  private memos: Map<string, Value> | undefined;

  constructor(
    readonly compiled: Compiled,
    private readonly data: Value,
    private readonly strict: boolean,
    private readonly budget: EvalBudget,
    private readonly profile?: RuleProfile,
  ) {}

  // The evaluator is the context of the builtins it calls (BuiltinContext): nothing is made per evaluation for them.

  get nowNs(): bigint {
    this.reads = undefined;
    return BigInt(this.startMs) * 1_000_000n;
  }

  /** A builtin's charge, at the call being made. */
  charge(units: number): void {
    this.chargeAt(units, this.callPos);
  }

  memo(key: string, compute: () => Value): Value {
    this.reads = undefined;
    const memos = (this.memos ??= new Map());
    return memos.get(key) ?? memos.set(key, compute()).get(key)!;
  }

  /** All solutions of a compiled query: the bindings of `vars` in each. */
  query(body: Expr[], vars: string[], input: Value | undefined): Record<string, Value>[] {
    const ctx: Ctx = { input, overrides: [], mocks: new Map(), cache: new Map(), calls: new Map() };
    const frame: Frame = [];
    const slots = vars.map((v) => slotOf(this.compiled, v));
    const out: Record<string, Value>[] = [];
    // Keys only once a second row comes: most queries have one, and its value may be a large set.
    let seen: Set<string> | undefined;
    const rowKey = (row: Record<string, Value>): string => vars.map((v) => (row[v] === undefined ? '' : keyOf(row[v]!))).join('\u0000');
    bodyOf(body, this.compiled)(this, frame, ctx, () => {
      const row: Record<string, Value> = {};
      for (let i = 0; i < vars.length; i++) {
        const val = frame[slots[i]!];
        if (val !== undefined) row[vars[i]!] = val;
      }
      if (out.length === 0) {
        out.push(row);
        return false;
      }
      seen ??= new Set([rowKey(out[0]!)]);
      const key = rowKey(row);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(row);
      }
      return false;
    });
    return out;
  }

  step(pos: Pos): void {
    this.chargeAt(1, pos);
  }

  private chargeAt(units: number, pos: Pos | undefined): void {
    this.budget.steps += units;
    if (this.budget.steps > this.budget.limits.maxSteps) this.exhausted(pos);
  }

  private exhausted(pos: Pos | undefined): never {
    const where = this.ruleStack[this.ruleStack.length - 1] ?? 'query';
    throw new RegoError('eval_budget_error', `evaluation exceeded ${this.budget.limits.maxSteps} steps in ${where}`, pos);
  }

  /** Each (key, value) of a collection, one step per element, until fn returns true: comprehensions and `some ... in` over huge collections stay bounded. */
  each(coll: Value, pos: Pos, fn: (key: Value, val: Value) => boolean): boolean {
    const elements = elementsOf(coll);
    if (elements === undefined) return false;
    if (coll instanceof RObject) {
      for (const [key, val] of elements as readonly [Value, Value][]) {
        this.step(pos);
        if (fn(key, val)) return true;
      }
      return false;
    }
    const array = Array.isArray(coll);
    for (let i = 0; i < elements.length; i++) {
      const x = elements[i] as Value;
      this.step(pos);
      if (fn(array ? indexKey(i) : x, x)) return true;
    }
    return false;
  }

  private enter(name: string, pos: Pos): void {
    if (++this.depth > this.deepest) this.deepest = this.depth;
    if (this.depth > this.budget.limits.maxDepth) {
      throw new RegoError('eval_budget_error', `evaluation exceeded depth ${this.budget.limits.maxDepth} in ${name}`, pos);
    }
    this.ruleStack.push(name);
  }
  private leave(): void {
    this.depth--;
    this.ruleStack.pop();
  }

  // ---- with ----

  withs(ws: With[], i: number, f: Frame, ctx: Ctx, k: (ctx: Ctx) => boolean): boolean {
    this.reads = undefined;
    if (i === ws.length) return k(ctx);
    const w = ws[i]!;
    const apply = (mock: Mock): boolean => {
      const next: Ctx = { input: ctx.input, overrides: ctx.overrides, mocks: ctx.mocks, cache: new Map(), calls: new Map() };
      const t = w.target;
      const head = t.type === 'ref' ? t.head : t;
      const path = t.type === 'ref' ? t.path.map((p) => (p.type === 'str' ? p.value : '')) : [];
      const name = head.type === 'var' ? head.name : '';
      if (name === 'input' || name === 'data') {
        const fnNode = name === 'data' ? nodeAt(this.compiled.root, path, false) : undefined;
        if (fnNode && fnNode.funcs.length > 0) {
          next.mocks = new Map(ctx.mocks).set('data.' + path.join('.'), mock);
        } else {
          const value = mock.kind === 'value' ? mock.value : undefined;
          if (value === undefined) throw new RegoError('eval_type_error', 'with value must be a value here', w.pos);
          if (name === 'input') next.input = setPath(ctx.input, path, value);
          else next.overrides = [...ctx.overrides, { path, value }];
        }
      } else {
        next.mocks = new Map(ctx.mocks).set(refText(t) ?? '', mock);
      }
      return this.withs(ws, i + 1, f, next, k);
    };
    const v = w.value;
    if (v.type === 'call' && v.args.length === 0 && v.builtin && v.op.type !== 'call') {
      return apply({ kind: 'builtin', name: v.builtin });
    }
    if (v.type === 'call' && v.args.length === 0 && v.fnPath) {
      const node = nodeAt(this.compiled.root, v.fnPath, false);
      if (node && node.funcs.length > 0) return apply({ kind: 'func', path: v.fnPath });
      return termOf(v.op, this.compiled)(this, f, ctx, (value) => apply({ kind: 'value', value }));
    }
    return termOf(v, this.compiled)(this, f, ctx, (value) => apply({ kind: 'value', value }));
  }

  // ---- refs ----

  /** walkValue from the input, noting the scalar (or absence) each ref ends at while reads are tracked. */
  walkInput(v: Value, path: Term[], i: number, keys: Value[], f: Frame, ctx: Ctx, k: VK): boolean {
    const reads = this.reads;
    if (reads === undefined) return this.walkValue(v, path, i, f, ctx, k);
    if (i === path.length) {
      if (typeof v === 'object' && v !== null) this.reads = undefined;
      else reads.push({ keys, value: v });
      return k(v);
    }
    const p = path[i]!;
    if (unboundOf(p, this.compiled)(f)) {
      this.reads = undefined;
      return this.walkValue(v, path, i, f, ctx, k);
    }
    const child = (key: Value): boolean => {
      const c = index(v, key);
      if (c === undefined) {
        this.reads?.push({ keys: [...keys, key], value: undefined });
        return false;
      }
      return this.walkInput(c, path, i + 1, [...keys, key], f, ctx, k);
    };
    const lit = literal(p);
    return lit !== undefined ? child(lit) : termOf(p, this.compiled)(this, f, ctx, child);
  }

  walkValue(v: Value, path: Term[], i: number, f: Frame, ctx: Ctx, k: VK): boolean {
    if (i === path.length) return k(v);
    const p = path[i]!;
    if (unboundOf(p, this.compiled)(f)) {
      const unify = unifyOf(p, this.compiled);
      return this.each(v, p.pos, (key, child) => unify(this, key, f, ctx, () => this.walkValue(child, path, i + 1, f, ctx, k)));
    }
    const lit = literal(p);
    if (lit !== undefined) return this.valueChild(v, lit, path, i, f, ctx, k);
    return termOf(p, this.compiled)(this, f, ctx, (key) => this.valueChild(v, key, path, i, f, ctx, k));
  }

  private valueChild(v: Value, key: Value, path: Term[], i: number, f: Frame, ctx: Ctx, k: VK): boolean {
    const c = index(v, key);
    return c === undefined ? false : this.walkValue(c, path, i + 1, f, ctx, k);
  }

  /** A `data` ref (`data.x.y`): from where its leading names lead, unless a `with` replaces part of data. */
  dataRef(path: Term[], f: Frame, ctx: Ctx, k: VK): boolean {
    if (ctx.overrides.length > 0) return this.walkData(this.compiled.root, path, 0, f, ctx, k);
    const at = staticPrefix(this.compiled.root, path);
    return this.walkData(at.node, path, at.i, f, ctx, k);
  }

  walkData(node: TreeNode, path: Term[], i: number, f: Frame, ctx: Ctx, k: VK): boolean {
    const ov = overrideAt(ctx, node.path);
    if (ov) return this.walkValue(ov.value, path, i, f, ctx, k);
    if (i === path.length || isLeaf(node) || node.dynamic.length > 0 || unboundOf(path[i]!, this.compiled)(f)) {
      const v = this.nodeValue(node, ctx);
      return v === undefined ? false : this.walkValue(v, path, i, f, ctx, k);
    }
    const p = path[i]!;
    const lit = literal(p);
    if (lit !== undefined) return this.dataChild(node, lit, path, i, f, ctx, k);
    return termOf(p, this.compiled)(this, f, ctx, (key) => this.dataChild(node, key, path, i, f, ctx, k));
  }

  private dataChild(node: TreeNode, key: Value, path: Term[], i: number, f: Frame, ctx: Ctx, k: VK): boolean {
    const child = typeof key === 'string' ? node.children.get(key) : undefined;
    if (child) return this.walkData(child, path, i + 1, f, ctx, k);
    // Not a rule path: only base data (and `with` overrides) can be there.
    const c = typeof key === 'string' ? this.baseValue([...node.path, key], ctx) : undefined;
    return c === undefined ? false : this.walkValue(c, path, i + 1, f, ctx, k);
  }

  // ---- documents ----

  private baseValue(path: string[], ctx: Ctx): Value | undefined {
    let v = lookupPath(this.data, path);
    for (const o of ctx.overrides) {
      if (o.path.length >= path.length && samePath(o.path.slice(0, path.length), path)) v = setPath(v, o.path.slice(path.length), o.value);
    }
    return v;
  }

  nodeValue(node: TreeNode, ctx: Ctx): Value | undefined {
    const ov = overrideAt(ctx, node.path);
    if (ov) return ov.value;
    if (ctx.cache.has(node)) return ctx.cache.get(node);
    const e = this.entry(node, ctx);
    const v = e === undefined ? undefined : entryValue(e);
    ctx.cache.set(node, v);
    return v;
  }

  private entry(node: TreeNode, ctx: Ctx): Entry | undefined {
    if (isLeaf(node)) {
      if (node.funcs.length > 0 || node.defaults.some((r) => r.kind === 'func')) return undefined;
      this.enter(node.name, (node.complete[0] ?? node.multi[0] ?? node.defaults[0])!.pos);
      try {
        if (node.multi.length > 0) return { kind: 'set', set: this.multiValue(node, ctx) };
        const v = this.completeValue(node, ctx);
        return v === undefined ? undefined : { kind: 'leaf', value: v };
      } finally {
        this.leave();
      }
    }
    const obj: Entry = { kind: 'obj', map: new Map() };
    const base = lookupPath(this.data, node.path);
    if (base instanceof RObject) for (const [k, v] of base.entries.values()) insert(obj, [k], toEntry(v), undefined, true);
    for (const [name, child] of node.children) {
      const ov = overrideAt(ctx, child.path);
      const ce = ov ? ({ kind: 'leaf', value: ov.value } as Entry) : isLeaf(child) ? leafOf(this.nodeValue(child, ctx)) : this.entry(child, ctx);
      if (ce) insert(obj, [name], ce, undefined, true);
    }
    for (const { rule, suffix } of node.dynamic) this.dynamicRule(obj, node, rule, suffix, ctx);
    for (const o of ctx.overrides) {
      if (o.path.length > node.path.length && samePath(o.path.slice(0, node.path.length), node.path)) {
        insert(obj, o.path.slice(node.path.length), { kind: 'leaf', value: o.value }, undefined, true);
      }
    }
    return obj;
  }

  private dynamicRule(obj: Entry, node: TreeNode, rule: Rule, suffix: Term[], ctx: Ctx): void {
    this.enter(node.name, rule.pos);
    try {
      const f: Frame = [];
      const c = this.compiled;
      bodyOf(rule.body, c)(this, f, ctx, () =>
        termsOf(suffix, c)(this, f, ctx, (keys) => {
          if (rule.kind === 'multi') {
            return termOf(rule.key!, c)(this, f, ctx, (el) => {
              insert(obj, keys, { kind: 'set', set: new RSet([el]) }, rule.pos, false);
              return false;
            });
          }
          return termOf(rule.value, c)(this, f, ctx, (v) => {
            insert(obj, keys, { kind: 'leaf', value: v }, rule.pos, false);
            return false;
          });
        }),
      );
    } finally {
      this.leave();
    }
  }

  private multiValue(node: TreeNode, ctx: Ctx): RSet {
    const out = new RSet();
    const profile = this.profile;
    for (const r of node.multi) {
      const start = profile ? profile.now() : 0;
      ruleOf(r, this.compiled).results(this, [], ctx, (v) => (out.add(v), false));
      if (profile) profile.item(profileName(node, r), start);
    }
    return out;
  }

  private completeValue(node: TreeNode, ctx: Ctx): Value | undefined {
    let result: Value | undefined;
    for (const rule of node.complete) {
      let inElse = false;
      for (let r: Rule | undefined = rule; r; r = r.elseRule, inElse = true) {
        let produced = false;
        ruleOf(r, this.compiled).results(this, [], ctx, (v) => {
          if (result !== undefined && !equal(result, v)) {
            throw new RegoError('eval_conflict_error', conflictMessage(node, inElse), r.pos);
          }
          result = v;
          produced = true;
          return false;
        });
        if (produced) break;
      }
    }
    if (result === undefined) {
      const d = node.defaults[0];
      if (d) termOf(d.value, this.compiled)(this, [], ctx, (v) => ((result = v), true));
    }
    return result;
  }

  private callFunction(path: string[], args: Value[], ctx: Ctx, pos: Pos, k: VK): boolean {
    const result = this.functionResult(path, args, ctx, pos);
    return result === undefined ? false : k(result);
  }

  /** A function's value on these arguments: remembered per context (see Ctx.calls). */
  private functionResult(path: string[], args: Value[], ctx: Ctx, pos: Pos): Value | undefined {
    const node = functionNode(this.compiled.root, path);
    if (!node) return undefined;
    let calls = ctx.calls.get(node);
    const seen = calls === undefined ? undefined : sameCall(calls, args);
    // A reuse that would exhaust the budget runs the call again, so that the error names where it ran out.
    if (seen && this.budget.steps + seen.steps <= this.budget.limits.maxSteps) {
      this.enter(node.name, pos);
      this.leave();
      this.chargeAt(seen.steps, pos);
      return seen.result;
    }
    const steps = this.budget.steps;
    const printed = this.prints.length;
    const result = this.functionValue(node, args, ctx, pos);
    // A call that printed must print again each time.
    if (this.prints.length === printed) {
      if (!calls) ctx.calls.set(node, (calls = []));
      if (calls.length === REMEMBERED_CALLS) calls.shift();
      calls.push({ args, result, steps: this.budget.steps - steps });
    }
    return result;
  }

  private functionValue(node: TreeNode, args: Value[], ctx: Ctx, pos: Pos): Value | undefined {
    const name = node.name;
    let result: Value | undefined;
    let produced = false;
    let at: Pos;
    const found = (v: Value): boolean => {
      if (result !== undefined && !equal(result, v)) throw new RegoError('eval_conflict_error', `function ${name} produced conflicting values for the same inputs`, at);
      result = v;
      produced = true;
      return false;
    };
    this.enter(name, pos);
    try {
      for (const { patterns, params, chain } of functionOf(node, this.compiled)) {
        if (patterns.length !== args.length) continue;
        // An else branch takes the arguments as its first rule's head matched them.
        for (const { results, pos: rulePos } of chain) {
          produced = false;
          at = rulePos;
          const f: Frame = [];
          if (params !== undefined) {
            for (let i = 0; i < params.length; i++) f[params[i]!] = args[i];
            results(this, f, ctx, found);
          } else {
            const bind = (i: number): boolean => (i === args.length ? results(this, f, ctx, found) : patterns[i]!(this, args[i]!, f, ctx, () => bind(i + 1)));
            bind(0);
          }
          if (produced) break;
        }
      }
      if (result === undefined) {
        const d = node.defaults.find((r) => r.kind === 'func' && r.args.length === args.length);
        if (d) termOf(d.value, this.compiled)(this, [], ctx, (v) => ((result = v), true));
      }
    } finally {
      this.leave();
    }
    return result;
  }

  // ---- calls ----

  invoke(t: Term & { type: 'call' }, args: Value[], ctx: Ctx, k: VK): boolean {
    const mock = ctx.mocks.size === 0 ? undefined : ctx.mocks.get(t.builtin ?? 'data.' + t.fnPath!.join('.'));
    if (mock) {
      if (mock.kind === 'value') return k(mock.value);
      // A replacement runs with the real builtins: mocks do not call other mocks.
      const inner: Ctx = { ...ctx, mocks: new Map(), cache: new Map(), calls: new Map() };
      if (mock.kind === 'func') return this.callFunction(mock.path, args, inner, t.pos, k);
      return this.builtin(mock.name, args, t.pos, k);
    }
    if (t.fnPath) return this.callFunction(t.fnPath, args, ctx, t.pos, k);
    return this.builtin(t.builtin!, args, t.pos, k);
  }

  /** The value of a call of a function or of a builtin that is not a relation, when no `with` replaces what is called. */
  callValue(t: Term & { type: 'call' }, args: Value[], ctx: Ctx): Value | undefined {
    return t.fnPath ? this.functionResult(t.fnPath, args, ctx, t.pos) : this.builtinValue(t.builtin!, args, t.pos);
  }

  private builtin(name: string, args: Value[], pos: Pos, k: VK): boolean {
    const relation = REFUSED.has(name) ? undefined : BUILTINS.get(name)?.relation;
    if (relation === undefined) {
      const v = this.builtinValue(name, args, pos);
      return v === undefined ? false : k(v);
    }
    let results: Iterator<Value>;
    for (;;) {
      let next: IteratorResult<Value>;
      this.callPos = pos;
      try {
        results ??= relation(args, this)[Symbol.iterator]();
        next = results.next();
      } catch (e) {
        return this.failed(e, name, pos);
      }
      if (next.done) return false;
      this.chargeAt(1 + sizeOf(next.value), pos);
      if (k(next.value)) return true;
    }
  }

  private builtinValue(name: string, args: Value[], pos: Pos): Value | undefined {
    if (REFUSED.has(name)) {
      throw new RegoError('eval_builtin_error', `${name}: refused: policies may not reach the network or host; replace it in tests with 'with ${name} as ...'`, pos);
    }
    const b = BUILTINS.get(name);
    if (!b) throw new RegoError('eval_builtin_error', `${name}: not implemented (only usable when replaced with 'with')`, pos);
    return this.applyBuiltin(b, name, args, pos);
  }

  /** A builtin's value (it is not a relation), its errors and charges as for any call of it. */
  applyBuiltin(b: Builtin, name: string, args: Value[], pos: Pos): Value | undefined {
    let v: Value | undefined;
    this.callPos = pos;
    try {
      v = b.fn(args, this);
    } catch (e) {
      this.failed(e, name, pos);
      return undefined;
    }
    if (v !== undefined) this.chargeAt(sizeOf(v), pos);
    return v;
  }

  /** A builtin's error makes the call undefined, unless errors are strict or always fatal. */
  private failed(e: unknown, name: string, pos: Pos): false {
    if (!(e instanceof BuiltinError)) throw e;
    if (this.strict || e.always) throw new RegoError(e.code, `${name}: ${e.message}`, pos);
    return false;
  }

  print(argTerms: Term[], f: Frame, ctx: Ctx, k: VK): boolean {
    const parts = argTerms.map((a) => {
      const vals: string[] = [];
      termOf(a, this.compiled)(this, f, ctx, (v) => (vals.push(typeof v === 'string' ? v : toRegoText(v)), false));
      return vals.length === 0 ? '<undefined>' : vals.join(' ');
    });
    this.prints.push(parts.join(' '));
    return k(true);
  }
}

// ---- helpers ----

/** Array indices as Rego numbers, made once: a bigint is a heap object, and every `some i, x in list` took one per item. */
const INDEX_KEYS: bigint[] = [];
const INDEX_KEYS_KEPT = 1024;

export function indexKey(i: number): bigint {
  if (i >= INDEX_KEYS_KEPT) return BigInt(i);
  return (INDEX_KEYS[i] ??= BigInt(i));
}

/** The remembered call with these very arguments (by identity). */
function sameCall(calls: Call[], args: Value[]): Call | undefined {
  next: for (const c of calls) {
    if (c.args.length !== args.length) continue;
    for (let i = 0; i < args.length; i++) if (c.args[i] !== args[i]) continue next;
    return c;
  }
  return undefined;
}

/** Budget units for a builtin's result: its elements, or a string's length in 64-character blocks. */
function sizeOf(v: Value): number {
  if (typeof v === 'string') return v.length >> 6;
  if (Array.isArray(v)) return v.length;
  if (v instanceof RSet || v instanceof RObject) return v.size;
  return 0;
}

export function isLeaf(n: TreeNode): boolean {
  return n.complete.length > 0 || n.multi.length > 0 || n.funcs.length > 0 || n.defaults.length > 0;
}

/** OPA words a conflict by the shape of the rules: worked out only when a conflict is raised, not per evaluation. */
function conflictMessage(node: TreeNode, inElse: boolean): string {
  const earlyExit = node.complete.every((r) => !r.elseRule && isGround(r.value));
  return inElse || earlyExit ? `rule data.${node.path.join('.')} produced conflicting values` : 'complete rules must not produce multiple outputs';
}

/** A function's definitions as functionValue runs them: each one's patterns, and its else chain's results. */
interface FunctionDefinition {
  patterns: UnifyFn[];
  params: number[] | undefined;
  chain: { results: TermFn; pos: Pos }[];
}

/** Planned once per node: a call then looks up no rule plans. */
const functionPlans = new WeakMap<TreeNode, FunctionDefinition[]>();

function functionOf(node: TreeNode, c: Compiled): FunctionDefinition[] {
  let defs = functionPlans.get(node);
  if (defs === undefined) {
    defs = node.funcs.map((rule) => {
      const { args: patterns, params } = ruleOf(rule, c);
      const chain: FunctionDefinition['chain'] = [];
      for (let r: Rule | undefined = rule; r; r = r.elseRule) chain.push({ results: ruleOf(r, c).results, pos: r.pos });
      return { patterns, params, chain };
    });
    functionPlans.set(node, defs);
  }
  return defs;
}

/** The rule-tree node a call's function path names, found once per path. */
const functionNodes = new WeakMap<string[], { root: TreeNode; node: TreeNode | undefined }>();

function functionNode(root: TreeNode, path: string[]): TreeNode | undefined {
  let at = functionNodes.get(path);
  if (at?.root !== root) functionNodes.set(path, (at = { root, node: nodeAt(root, path, false) }));
  return at.node;
}

/** Where a `data` ref's leading names lead in the rule tree, found once per ref. */
const prefixes = new WeakMap<Term[], { root: TreeNode; node: TreeNode; i: number }>();

/**
 * How far walkData descends by the ref's leading string names alone (through packages, not into a
 * rule or base data): the same for every evaluation without a `with` on data.
 */
export function staticPrefix(root: TreeNode, path: Term[]): { node: TreeNode; i: number } {
  let at = prefixes.get(path);
  if (at?.root !== root) {
    let node = root;
    let i = 0;
    for (; i < path.length && !isLeaf(node) && node.dynamic.length === 0; i++) {
      const p = path[i]!;
      const child = p.type === 'str' ? node.children.get(p.value) : undefined;
      if (!child) break;
      node = child;
    }
    prefixes.set(path, (at = { root, node, i }));
  }
  return at;
}

/** The innermost `with` replacing exactly this document; most evaluations have none. */
function overrideAt(ctx: Ctx, path: string[]): { value: Value } | undefined {
  return ctx.overrides.length === 0 ? undefined : ctx.overrides.findLast((o) => samePath(o.path, path));
}

function samePath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function lookupPath(v: Value | undefined, path: string[]): Value | undefined {
  let cur = v;
  for (const p of path) {
    if (!(cur instanceof RObject)) return undefined;
    cur = cur.get(p);
  }
  return cur;
}

function setPath(base: Value | undefined, path: string[], value: Value): Value {
  if (path.length === 0) return value;
  const obj = new RObject(base instanceof RObject ? [...base.entries.values()] : []);
  obj.set(path[0]!, setPath(obj.get(path[0]!), path.slice(1), value));
  return obj;
}

function toEntry(v: Value): Entry {
  if (v instanceof RObject) {
    const e: Entry = { kind: 'obj', map: new Map() };
    for (const [k, val] of v.entries.values()) e.map.set(mapKey(k), [k, toEntry(val)]);
    return e;
  }
  return { kind: 'leaf', value: v };
}

function leafOf(v: Value | undefined): Entry | undefined {
  if (v === undefined) return undefined;
  return v instanceof RSet ? { kind: 'set', set: v } : { kind: 'leaf', value: v };
}

/**
 * Put an entry at a key path. Tree objects merge and sets union; two rule values at the same
 * place must be equal (OPA's "object keys must be unique"). `replace` lets overrides win.
 */
function insert(obj: Entry, keys: Value[], e: Entry, pos: Pos | undefined, replace: boolean): void {
  let cur = obj;
  for (let i = 0; i < keys.length; i++) {
    if (cur.kind !== 'obj') throw new RegoError('eval_conflict_error', 'object keys must be unique', pos);
    const kk = mapKey(keys[i]!);
    const existing = cur.map.get(kk);
    if (i === keys.length - 1) {
      if (!existing || replace) cur.map.set(kk, [keys[i]!, e]);
      else if (existing[1].kind === 'set' && e.kind === 'set') existing[1] = { kind: 'set', set: new RSet([...existing[1].set.values(), ...e.set.values()]) };
      else if (existing[1].kind === 'leaf' && e.kind === 'leaf' && equal(existing[1].value, e.value)) return;
      else throw new RegoError('eval_conflict_error', 'object keys must be unique', pos);
      return;
    }
    if (!existing) {
      const next: Entry = { kind: 'obj', map: new Map() };
      cur.map.set(kk, [keys[i]!, next]);
      cur = next;
    } else cur = existing[1];
  }
  if (keys.length === 0) throw new RegoError('eval_conflict_error', 'object keys must be unique', pos);
}

function entryValue(e: Entry): Value {
  if (e.kind === 'leaf') return e.value;
  if (e.kind === 'set') return e.set;
  return new RObject([...e.map.values()].map(([k, v]) => [k, entryValue(v)]));
}
