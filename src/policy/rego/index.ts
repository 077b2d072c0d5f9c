/**
 * Public API of the Rego interpreter: compile modules once, then evaluate queries or rule
 * references against an input and a data document (plain JSON-like JS values).
 */
import { RegoError, type Expr, type Module, type Pos } from './ast.js';
import { interpretOnly } from './codegen.js';
import { compileModules, compileQuery, type Compiled } from './compiler.js';
import { DEFAULT_LIMITS, EvalBudget, Evaluator, type EvalLimits, type RuleProfile } from './evaluator.js';
import { parseModule, parseQuery } from './parser.js';
import { Replays } from './replay.js';
import { fromJS, toJS, type JSValue, type Value } from './values.js';

export { RegoError, type Pos } from './ast.js';
export { DEFAULT_LIMITS, EvalBudget, type EvalLimits, type RuleProfile } from './evaluator.js';
export { RObject, RSet, toJS, type JSValue, type Value } from './values.js';
export { compilerInputs } from './compiler.js';

export interface ModuleSource {
  /** Shown in error messages (`file:line:col: message`). */
  path: string;
  source: string;
}

export interface EvalOptions {
  /** Converted once and remembered (data per object, the input until another comes): do not mutate either between evaluations. */
  input?: unknown;
  data?: unknown;
  /** Builtin errors (bad operand types, invalid arguments) fail the evaluation instead of being undefined. */
  strictBuiltinErrors?: boolean;
  limits?: Partial<EvalLimits>;
  /** Shared across evaluations on one document (its limits then apply); a fresh one per call otherwise. */
  budget?: EvalBudget;
  /** Times each definition of a multi-value rule (`deny contains msg if …`) it evaluates, named by the rule and its place. */
  profile?: RuleProfile;
}

export interface QueryResult {
  /** One row per solution: query variable name to value (sets as sorted arrays). */
  rows: Record<string, JSValue>[];
  /** Output of `print` calls, one string per call, in evaluation order. */
  prints: string[];
}

export interface RuleResult {
  /** undefined when the rule is undefined. */
  value: JSValue | undefined;
  prints: string[];
}

/**
 * Where the compiled form of one set of modules is kept between runs (src/cache/policies.ts). It is plain data
 * (objects, arrays, maps, bigints: what v8.serialize keeps) made by the code `compilerInputs` names.
 */
export interface CompiledStore {
  /** What `save` was given for the same modules and compiler, or undefined. */
  load(): unknown;
  save(compiled: unknown): void;
}

export interface CompileOptions {
  /**
   * Evaluate every rule with the interpreter's closures (src/policy/rego/plan.ts), none with the JavaScript
   * compiled from it (codegen.ts): the tests hold each to the other.
   */
  interpret?: boolean;
}

/** One empty data document for evaluations given none: converted once, and their results can be remembered. */
const NO_DATA = {};

export class PolicySet {
  /** Queries by text: the policy pass asks the same few for every document. */
  private readonly queries = new Map<string, ReturnType<typeof compileQuery>>();
  /** evalRule's queries by the reference alone, not rebuilding the query text on every call. */
  private readonly ruleQueries = new Map<string, ReturnType<typeof compileQuery>>();

  /** Data as Rego values, converted once per object: results are remembered for one data value. */
  private readonly converted = new WeakMap<object, Value>();
  /**
   * The input last converted: the rules of one document, evaluated in turn, see the same one, and
   * a document's conversion is not kept once the next one comes.
   */
  private lastInput: { source: unknown; value: Value } | undefined;

  /** Results by the input scalars each evaluation read, per query (see replay.ts). */
  private readonly replays = new WeakMap<Expr[], Replays>();

  private constructor(private readonly compiled: Compiled) {}

  /**
   * Parse and compile; throws RegoError (with file, line, col) on the first problem. With a store, the
   * compiled form it holds for these modules is taken instead, and one compiled here is given to it.
   */
  static compile(modules: ModuleSource[], store?: CompiledStore, options: CompileOptions = {}): PolicySet {
    let compiled = store?.load() as Compiled | undefined;
    if (compiled === undefined) {
      const parsed: Module[] = modules.map((m) => withinStack(() => parseModule(m.source, m.path), 'rego_parse_error', m.path));
      compiled = withinStack(() => compileModules(parsed), 'rego_compile_error', modules[0]?.path);
      store?.save(compiled);
    }
    if (options.interpret) interpretOnly(compiled);
    return new PolicySet(compiled);
  }

  /** Package name (`main`, `lib.k8s`) to the rule names it defines, sorted. */
  packages(): Map<string, string[]> {
    const out = new Map<string, Set<string>>();
    for (const m of this.compiled.modules) {
      const names = out.get(m.pkg.join('.')) ?? new Set<string>();
      for (const r of m.rules) names.add((r.ref[0] as { value: string }).value);
      out.set(m.pkg.join('.'), names);
    }
    return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, [...v].sort()]));
  }

  /** Where a rule is first defined: `file`, 1-based `line` and `col`; undefined for an unknown rule. */
  rulePosition(pkg: string, rule: string): Pos | undefined {
    for (const m of this.compiled.modules) {
      if (m.pkg.join('.') !== pkg) continue;
      const found = m.rules.find((r) => (r.ref[0] as { value: string }).value === rule);
      if (found) return found.pos;
    }
    return undefined;
  }

  /** Evaluate a query such as `data.main.deny[msg]` or `x := data.lib.f(1)`. */
  query(text: string, opts: EvalOptions = {}): QueryResult {
    const q = this.compiledQuery(text);
    const { rows, prints } = this.run(q.body, q.vars, opts);
    return { rows: rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, toJS(v)]))), prints };
  }

  /** Value of a rule or document reference such as `data.main.deny`. */
  evalRule(ref: string, opts: EvalOptions = {}): RuleResult {
    const { value, prints } = this.evalRuleValue(ref, opts);
    return { value: value === undefined ? undefined : toJS(value), prints };
  }

  /** As evalRule, with the Rego value: a caller that reads a few fields of each result converts (and sorts) no more. */
  evalRuleValue(ref: string, opts: EvalOptions = {}): { value: Value | undefined; prints: string[] } {
    let q = this.ruleQueries.get(ref);
    if (!q) this.ruleQueries.set(ref, (q = this.compiledQuery(`__result := ${ref}`)));
    const { rows, prints } = this.run(q.body, q.vars, opts);
    return { value: rows[0]?.['__result'], prints };
  }

  /** As query, with Rego values (exact numbers, real sets) instead of plain JS. */
  queryValues(text: string, opts: EvalOptions = {}): { rows: Record<string, Value>[]; prints: string[] } {
    const q = this.compiledQuery(text);
    return this.run(q.body, q.vars, opts);
  }

  private compiledQuery(text: string): ReturnType<typeof compileQuery> {
    let q = this.queries.get(text);
    if (!q) this.queries.set(text, (q = compileQuery(parseQuery(text), this.compiled)));
    return q;
  }

  private dataValue(x: unknown): Value {
    if (typeof x !== 'object' || x === null) return fromJS(x);
    let v = this.converted.get(x);
    if (v === undefined) this.converted.set(x, (v = fromJS(x)));
    return v;
  }

  private inputValue(x: unknown): Value {
    if (this.lastInput !== undefined && this.lastInput.source === x) return this.lastInput.value;
    const value = fromJS(x);
    this.lastInput = { source: x, value };
    return value;
  }

  private run(body: Expr[], vars: string[], opts: EvalOptions): { rows: Record<string, Value>[]; prints: string[] } {
    try {
      const budget = opts.budget ?? new EvalBudget({ ...DEFAULT_LIMITS, ...opts.limits });
      const data = this.dataValue(opts.data ?? NO_DATA);
      const strict = opts.strictBuiltinErrors ?? false;
      const input = opts.input === undefined ? undefined : this.inputValue(opts.input);
      const replays = input === undefined ? undefined : this.replaysOf(body, data, strict);
      const seen = input === undefined ? undefined : replays?.find(input);
      // A reuse that would exhaust the budget evaluates again, so that the error says where.
      if (seen && budget.steps + seen.steps <= budget.limits.maxSteps && seen.deepest <= budget.limits.maxDepth) {
        budget.steps += seen.steps;
        return { rows: seen.rows.map((row) => ({ ...row })), prints: [] };
      }
      const ev = new Evaluator(this.compiled, data, strict, budget, opts.profile);
      if (replays) ev.reads = [];
      const steps = budget.steps;
      const rows = ev.query(body, vars, input);
      // A run that printed must print again.
      if (replays && ev.reads && ev.prints.length === 0) {
        replays.remember(ev.reads, { rows: rows.map((row) => ({ ...row })), steps: budget.steps - steps, deepest: ev.deepest });
      }
      return { rows, prints: ev.prints };
    } catch (e) {
      // Deeply nested input, data or bodies can exhaust the JS stack before the depth budget trips.
      if (e instanceof RangeError) throw new RegoError('eval_budget_error', `evaluation too deep: ${e.message}`, undefined);
      throw e;
    }
  }

  /** The remembered results of a query, for the first data and strictness it runs with. */
  private replaysOf(body: Expr[], data: Value, strict: boolean): Replays | undefined {
    let replays = this.replays.get(body);
    if (!replays) this.replays.set(body, (replays = new Replays(data, strict)));
    return replays.data === data && replays.strict === strict ? replays : undefined;
  }
}

/** Rego nested deeper than the JS stack allows is a RegoError at the module, not a crash. */
function withinStack<T>(work: () => T, code: string, file: string | undefined): T {
  try {
    return work();
  } catch (e) {
    if (e instanceof RangeError) throw new RegoError(code, `nesting too deep: ${e.message}`, file === undefined ? undefined : { file, line: 1, col: 1 });
    throw e;
  }
}
