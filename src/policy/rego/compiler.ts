import { RegoError, type Expr, type Module, type Pos, type Rule, type Term } from './ast.js';
import { BUILTINS, REFUSED } from './builtins/index.js';
import { PARSER_SOURCES, refText } from './parser.js';
import { SAFETY_SOURCE, displayName, findVarPos, orderBody, orderClosures } from './safety.js';

/**
 * What a compilation's result depends on besides its modules: the front end's code (these files) and the
 * builtins it resolves calls against, by name and arity. A compiled policy kept on disk is keyed by both.
 */
export function compilerInputs(): { sources: string[]; builtins: string } {
  const builtins = [...[...BUILTINS].map(([name, b]) => `${name}/${b.arity}`), ...[...REFUSED].map((name) => `${name}/refused`)];
  return { sources: [import.meta.url, SAFETY_SOURCE, ...PARSER_SOURCES], builtins: builtins.join(' ') };
}

/** A node of the data tree: packages and ground rule-ref prefixes. */
export interface TreeNode {
  path: string[];
  /** `data.` and the path: the name errors give, made once rather than per evaluation. */
  name: string;
  children: Map<string, TreeNode>;
  /** Rules whose full ref ends exactly here. */
  complete: Rule[];
  multi: Rule[];
  funcs: Rule[];
  defaults: Rule[];
  /** Rules with a non-ground ref suffix below this node (`p[q].r := v`). */
  dynamic: { rule: Rule; suffix: Term[] }[];
}

export interface Compiled {
  root: TreeNode;
  modules: Module[];
  /** Arity of every user function by its dotted data path. */
  funcArity: Map<string, number>;
}

/** Names a `with` replaces somewhere: such builtins may be called even if we do not implement them. */
function mockedNames(bodies: Expr[][]): Set<string> {
  const names = new Set<string>();
  const visitBody = (body: Expr[]) => {
    for (const e of body) {
      for (const w of e.withs) {
        const t = refText(w.target);
        if (t) names.add(t);
      }
      if (e.kind === 'every') visitBody(e.body);
      forEachTerm(e, (t) => {
        if (t.type === 'arraycompr' || t.type === 'setcompr' || t.type === 'objectcompr') visitBody(t.body);
      });
    }
  };
  bodies.forEach(visitBody);
  return names;
}

export function newNode(path: string[]): TreeNode {
  return { path, name: ['data', ...path].join('.'), children: new Map(), complete: [], multi: [], funcs: [], defaults: [], dynamic: [] };
}

export function nodeAt(root: TreeNode, path: string[], create: boolean): TreeNode | undefined {
  let n = root;
  for (const k of path) {
    let c = n.children.get(k);
    if (!c) {
      if (!create) return undefined;
      c = newNode([...n.path, k]);
      n.children.set(k, c);
    }
    n = c;
  }
  return n;
}

export function compileModules(modules: Module[]): Compiled {
  const root = newNode([]);
  const funcArity = new Map<string, number>();
  const rootNames = new Map<string, Set<string>>();
  for (const m of modules) {
    const key = m.pkg.join('.');
    const names = rootNames.get(key) ?? new Set<string>();
    rootNames.set(key, names);
    for (const r of m.rules) names.add((r.ref[0] as { value: string }).value);
  }
  const mocked = mockedNames(modules.flatMap((m) => m.rules.flatMap((r) => elseChain(r).map((x) => x.body))));
  for (const m of modules) {
    const resolver = new Resolver(m, rootNames.get(m.pkg.join('.'))!, mocked);
    for (const r of m.rules) {
      for (const x of elseChain(r)) resolver.rule(x);
      placeRule(root, m, r, funcArity);
    }
  }
  const compiled: Compiled = { root, modules, funcArity };
  for (const m of modules) {
    for (const r of m.rules) for (const x of elseChain(r)) orderRule(x, funcArity);
  }
  checkRecursion(root);
  return compiled;
}

function placeRule(root: TreeNode, m: Module, r: Rule, funcArity: Map<string, number>): void {
  const ground: string[] = [];
  let i = 0;
  for (; i < r.ref.length; i++) {
    const t = r.ref[i]!;
    if (t.type !== 'str') break;
    ground.push(t.value);
  }
  const path = [...m.pkg, ...ground];
  const node = nodeAt(root, path, true)!;
  if (i < r.ref.length) {
    if (r.kind === 'func' || r.isDefault) throw new RegoError('rego_type_error', 'rule heads with variables cannot be functions or defaults', r.pos);
    node.dynamic.push({ rule: r, suffix: r.ref.slice(i) });
    return;
  }
  if (r.kind === 'func') {
    const key = path.join('.');
    const prev = funcArity.get(key);
    if (prev !== undefined && prev !== r.args.length) {
      throw new RegoError('rego_type_error', `conflicting rules data.${key} found`, r.pos);
    }
    funcArity.set(key, r.args.length);
  }
  if (r.isDefault) node.defaults.push(r);
  else if (r.kind === 'func') node.funcs.push(r);
  else if (r.kind === 'multi') node.multi.push(r);
  else node.complete.push(r);
  const kinds = [node.complete.length > 0 || (node.defaults.length > 0 && r.kind !== 'func'), node.multi.length > 0, node.funcs.length > 0];
  if (kinds.filter(Boolean).length > 1) throw new RegoError('rego_type_error', `conflicting rules data.${path.join('.')} found`, r.pos);
}

interface Scope {
  names: Map<string, string>;
  parent: Scope | undefined;
  /** Index of the `:=` expression declaring a name: closures before it do not see it. */
  declAt?: Map<string, number>;
  /** Index of the expression being resolved. */
  current?: number;
}

let fresh = 0;

/** Resolves names in one module: locals, imports, rules of the package, builtins. */
class Resolver {
  private readonly imports = new Map<string, Term>();

  constructor(
    private readonly mod: Module,
    private readonly ruleNames: Set<string>,
    private readonly mocked: Set<string>,
  ) {
    for (const im of mod.imports) {
      const text = refText(im.path) ?? '';
      const head = text.split('.')[0];
      if (head !== 'data' && head !== 'input') continue;
      const alias = im.alias ?? (im.path.type === 'ref' ? lastName(im.path) : head);
      if (alias !== undefined) this.imports.set(alias, im.path);
    }
  }

  rule(r: Rule): void {
    const scope: Scope = { names: new Map(), parent: undefined };
    for (const a of r.args) for (const v of patternVars(a)) scope.names.set(v, v);
    this.declare(r.body, scope, true);
    // Head vars not bound by the body still belong to the rule scope (the safety check reports them).
    for (const t of [...r.ref.slice(1), r.value, ...(r.key ? [r.key] : [])]) {
      forEachVar(t, (name) => {
        if (!this.isGlobal(name, scope)) scope.names.set(name, name);
      });
    }
    r.args = r.args.map((a) => this.term(a, scope));
    r.body = this.body(r.body, scope);
    r.ref = [r.ref[0]!, ...r.ref.slice(1).map((t) => this.term(t, scope))];
    r.value = this.term(r.value, scope);
    if (r.key) r.key = this.term(r.key, scope);
  }

  private isGlobal(name: string, scope: Scope): boolean {
    return lookup(scope, name) === undefined && (name === 'input' || name === 'data' || this.imports.has(name) || this.ruleNames.has(name) || name === '_');
  }

  /** Register the vars a body declares (`:=`, `some`) and those it introduces implicitly. */
  private declare(body: Expr[], scope: Scope, top: boolean): void {
    const decl = (name: string) => {
      if (name === '_' || scope.names.has(name)) return;
      scope.names.set(name, top ? name : `${name}$${++fresh}`);
    };
    for (const e of body) {
      if (e.kind === 'some') for (const v of e.vars) decl((v as { name: string }).name);
      else if (e.kind === 'somein') {
        for (const t of [e.key, e.value]) if (t) for (const v of patternVars(t)) decl(v);
      } else if (e.kind === 'term' && e.term.type === 'call' && refText(e.term.op) === 'assign') {
        for (const v of patternVars(e.term.args[0]!)) {
          decl(v);
          scope.declAt ??= new Map();
          if (!scope.declAt.has(v)) scope.declAt.set(v, body.indexOf(e));
        }
      }
    }
    for (const e of body) {
      shallowVars(e, (name) => {
        if (!this.isGlobal(name, scope) && lookup(scope, name) === undefined) scope.names.set(name, top ? name : `${name}$${++fresh}`);
      });
    }
  }

  private body(body: Expr[], scope: Scope): Expr[] {
    const out = body.map((e, i) => {
      scope.current = i;
      return this.expr(e, scope);
    });
    scope.current = undefined;
    return out;
  }

  private expr(e: Expr, scope: Scope): Expr {
    const withs = e.withs.map((w) => ({ ...w, target: this.withTarget(w.target), value: this.withValue(w.value, scope) }));
    const base = { negated: e.negated, withs, pos: e.pos };
    switch (e.kind) {
      case 'term':
        return { ...base, kind: 'term', term: this.term(e.term, scope) };
      case 'some':
        return { ...base, kind: 'some', vars: e.vars.map((v) => this.term(v, scope)) };
      case 'somein':
        return {
          ...base,
          kind: 'somein',
          key: e.key && this.term(e.key, scope),
          value: this.term(e.value, scope),
          domain: this.term(e.domain, scope),
        };
      case 'every': {
        const inner: Scope = { names: new Map(), parent: scope };
        for (const t of [e.key, e.value]) if (t) for (const v of patternVars(t)) inner.names.set(v, `${v}$${++fresh}`);
        this.declare(e.body, inner, false);
        return {
          ...base,
          kind: 'every',
          key: e.key && this.term(e.key, inner),
          value: this.term(e.value, inner),
          domain: this.term(e.domain, scope),
          body: this.body(e.body, inner),
        };
      }
    }
  }

  private withTarget(t: Term): Term {
    const text = refText(t);
    if (text === undefined && t.type !== 'ref') throw new RegoError('rego_type_error', 'with keyword target must be a reference', t.pos);
    const head = text?.split('.')[0] ?? (t.type === 'ref' && t.head.type === 'var' ? t.head.name : '');
    if (head === 'input' || head === 'data') return t;
    if (this.ruleNames.has(head) || this.imports.has(head)) return this.term(t, { names: new Map(), parent: undefined });
    if (text !== undefined && (BUILTINS.has(text) || REFUSED.has(text) || this.mocked.has(text))) return t;
    throw new RegoError('rego_compile_error', `with keyword target must reference existing input, data, or a function`, t.pos);
  }

  /** A `with` value naming a function stays a reference to it; anything else is a term. */
  private withValue(t: Term, scope: Scope): Term {
    const text = refText(t);
    if (text !== undefined && lookup(scope, text.split('.')[0]!) === undefined && (BUILTINS.has(text) || REFUSED.has(text))) {
      return { type: 'call', op: t, args: [], pos: t.pos, builtin: text };
    }
    const r = this.term(t, scope);
    if (r.type === 'ref' && r.head.type === 'var' && r.head.name === 'data') {
      return { type: 'call', op: r, args: [], pos: t.pos, fnPath: r.path.map((p) => (p.type === 'str' ? p.value : '')) };
    }
    return r;
  }

  term(t: Term, scope: Scope): Term {
    switch (t.type) {
      case 'var':
        return this.var(t.name, t.pos, scope);
      case 'ref': {
        const head = this.term(t.head, scope);
        const path = t.path.map((p) => this.term(p, scope));
        if (head.type === 'ref') return { type: 'ref', head: head.head, path: [...head.path, ...path], pos: t.pos };
        return { type: 'ref', head, path, pos: t.pos };
      }
      case 'array':
      case 'set':
        return { ...t, items: t.items.map((x) => this.term(x, scope)) };
      case 'object':
        return { ...t, pairs: t.pairs.map(([k, v]) => [this.term(k, scope), this.term(v, scope)] as [Term, Term]) };
      case 'arraycompr':
      case 'setcompr': {
        const inner: Scope = { names: new Map(), parent: scope };
        this.declare([{ kind: 'term', term: t.term, negated: false, withs: [], pos: t.pos }, ...t.body], inner, false);
        const body = this.body(t.body, inner);
        return { ...t, body, term: this.term(t.term, inner) };
      }
      case 'objectcompr': {
        const inner: Scope = { names: new Map(), parent: scope };
        this.declare([{ kind: 'term', term: { type: 'array', items: [t.key, t.value], pos: t.pos }, negated: false, withs: [], pos: t.pos }, ...t.body], inner, false);
        const body = this.body(t.body, inner);
        return { ...t, body, key: this.term(t.key, inner), value: this.term(t.value, inner) };
      }
      case 'call':
        return this.call(t, scope);
      default:
        return t;
    }
  }

  private var(name: string, pos: Pos, scope: Scope): Term {
    if (name === '_') return { type: 'var', name: `$_${++fresh}`, pos };
    const local = lookup(scope, name);
    if (local !== undefined) return { type: 'var', name: local, pos };
    if (name === 'input' || name === 'data') return { type: 'var', name, pos };
    const imp = this.imports.get(name);
    if (imp) return imp.type === 'var' ? imp : { ...imp, pos };
    if (this.ruleNames.has(name)) {
      return { type: 'ref', head: { type: 'var', name: 'data', pos }, path: [...this.mod.pkg, name].map((value) => ({ type: 'str', value, pos })), pos };
    }
    return { type: 'var', name, pos };
  }

  private call(t: Term & { type: 'call' }, scope: Scope): Term {
    const args = t.args.map((a) => this.term(a, scope));
    const text = refText(t.op);
    if (text === undefined) throw new RegoError('rego_parse_error', 'invalid function reference', t.pos);
    const head = text.split('.')[0]!;
    if (lookup(scope, head) === undefined && (head === 'data' || this.imports.has(head) || this.ruleNames.has(head))) {
      const op = this.term(t.op, { names: new Map(), parent: undefined });
      if (op.type !== 'ref') throw new RegoError('rego_type_error', `undefined function ${text}`, t.pos);
      const fnPath = op.path.map((p) => (p as { value: string }).value);
      return { type: 'call', op, args, pos: t.pos, fnPath };
    }
    if (!BUILTINS.has(text) && !REFUSED.has(text) && !this.mocked.has(text)) {
      throw new RegoError('rego_type_error', `undefined function ${text}`, t.pos);
    }
    return { type: 'call', op: t.op, args, pos: t.pos, builtin: text };
  }
}

function lookup(scope: Scope | undefined, name: string): string | undefined {
  for (let s = scope; s; s = s.parent) {
    const n = s.names.get(name);
    if (n !== undefined && s !== scope && (s.declAt?.get(name) ?? -1) > (s.current ?? Infinity)) continue;
    if (n !== undefined) return n;
  }
  return undefined;
}

function lastName(t: Term & { type: 'ref' }): string | undefined {
  const last = t.path[t.path.length - 1];
  return last?.type === 'str' ? last.value : undefined;
}

/** Vars a pattern (`:=` target, `some ... in` element, function argument) binds. */
export function patternVars(t: Term): string[] {
  switch (t.type) {
    case 'var':
      return t.name === '_' ? [] : [t.name];
    case 'array':
      return t.items.flatMap(patternVars);
    case 'object':
      return t.pairs.flatMap(([, v]) => patternVars(v));
    default:
      return [];
  }
}

/** Every var name in a term, not descending into closures. */
function forEachVar(t: Term, f: (name: string) => void): void {
  switch (t.type) {
    case 'var':
      f(t.name);
      return;
    case 'ref':
      forEachVar(t.head, f);
      for (const p of t.path) forEachVar(p, f);
      return;
    case 'array':
    case 'set':
      for (const x of t.items) forEachVar(x, f);
      return;
    case 'object':
      for (const [k, v] of t.pairs) {
        forEachVar(k, f);
        forEachVar(v, f);
      }
      return;
    case 'call':
      for (const a of t.args) forEachVar(a, f);
      return;
    default:
      return;
  }
}

function shallowVars(e: Expr, f: (name: string) => void): void {
  switch (e.kind) {
    case 'term':
      forEachVar(e.term, f);
      break;
    case 'some':
      break;
    case 'somein':
      if (e.key) forEachVar(e.key, f);
      forEachVar(e.value, f);
      forEachVar(e.domain, f);
      break;
    case 'every':
      forEachVar(e.domain, f);
      break;
  }
  for (const w of e.withs) {
    // `with count as mock_count`: a function name, not a var.
    const text = refText(w.value);
    if (text === undefined || !(BUILTINS.has(text) || REFUSED.has(text))) forEachVar(w.value, f);
  }
}

/** Every term of an expression, closures included (not their bodies). */
export function forEachTerm(e: Expr, f: (t: Term) => void): void {
  const visit = (t: Term): void => {
    f(t);
    switch (t.type) {
      case 'ref':
        visit(t.head);
        t.path.forEach(visit);
        break;
      case 'array':
      case 'set':
        t.items.forEach(visit);
        break;
      case 'object':
        for (const [k, v] of t.pairs) {
          visit(k);
          visit(v);
        }
        break;
      case 'call':
        t.args.forEach(visit);
        break;
      default:
        break;
    }
  };
  if (e.kind === 'term') visit(e.term);
  if (e.kind === 'somein' || e.kind === 'every') {
    if (e.key) visit(e.key);
    visit(e.value);
    visit(e.domain);
  }
  for (const w of e.withs) visit(w.value);
}

function orderRule(r: Rule, funcArity: Map<string, number>): void {
  const bound = new Set<string>();
  for (const a of r.args) forEachVar(a, (n) => bound.add(n));
  r.body = orderBody(r.body, bound, funcArity);
  for (const t of [...r.ref.slice(1), r.value, ...(r.key ? [r.key] : [])]) {
    orderClosures(t, bound, funcArity);
    // Vars in a ref's path (`xs[_]`) are enumerated while the head value is evaluated.
    const enumerated = new Set<string>();
    const visit = (x: Term): void => {
      if (x.type === 'ref') for (const p of x.path) if (p.type === 'var') enumerated.add(p.name);
      for (const c of x.type === 'ref' ? [x.head, ...x.path] : x.type === 'array' || x.type === 'set' ? x.items : x.type === 'object' ? x.pairs.flat() : x.type === 'call' ? x.args : []) visit(c);
    };
    visit(t);
    forEachVar(t, (name) => {
      if (!bound.has(name) && !enumerated.has(name) && name !== 'data' && name !== 'input') {
        throw new RegoError('rego_unsafe_var_error', `var ${displayName(name)} is unsafe`, findVarPos(t, name) ?? r.pos);
      }
    });
  }
}

/** Rules may not depend on themselves (OPA rejects recursion at compile time). */
function checkRecursion(root: TreeNode): void {
  const nodeRules = (n: TreeNode): Rule[] => [...n.complete, ...n.multi, ...n.funcs, ...n.dynamic.map((d) => d.rule)];
  const deps = new Map<TreeNode, Set<TreeNode>>();
  const all: TreeNode[] = [];
  const collect = (n: TreeNode) => {
    all.push(n);
    for (const c of n.children.values()) collect(c);
  };
  collect(root);
  const below = (n: TreeNode): TreeNode[] => [n, ...[...n.children.values()].flatMap(below)];
  for (const n of all) {
    const out = new Set<TreeNode>();
    const addRef = (path: string[]) => {
      let cur = root;
      for (const k of path) {
        const c = cur.children.get(k);
        if (!c) break;
        cur = c;
        if (nodeRules(cur).length > 0) break;
      }
      if (cur !== root) for (const d of below(cur)) if (nodeRules(d).length > 0) out.add(d);
    };
    const visitBody = (body: Expr[]): void => {
      for (const e of body) {
        forEachTerm(e, (t) => {
          if (t.type === 'ref' && t.head.type === 'var' && t.head.name === 'data') {
            const path: string[] = [];
            for (const p of t.path) {
              if (p.type !== 'str') break;
              path.push(p.value);
            }
            addRef(path);
          } else if (t.type === 'call' && t.fnPath) addRef(t.fnPath);
          if (t.type === 'arraycompr' || t.type === 'setcompr' || t.type === 'objectcompr') visitBody(t.body);
        });
        if (e.kind === 'every') visitBody(e.body);
      }
    };
    for (const r of nodeRules(n)) for (const x of elseChain(r)) visitBody(x.body);
    deps.set(n, out);
  }
  const state = new Map<TreeNode, number>();
  const stack: TreeNode[] = [];
  const visit = (n: TreeNode): void => {
    state.set(n, 1);
    stack.push(n);
    for (const d of deps.get(n) ?? []) {
      if (state.get(d) === 1) {
        const cycle = stack.slice(stack.indexOf(d)).map((x) => 'data.' + x.path.join('.'));
        const rule = nodeRules(d)[0]!;
        throw new RegoError('rego_recursion_error', `rule data.${d.path.join('.')} is recursive: ${[...cycle, cycle[0]].join(' -> ')}`, rule.pos);
      }
      if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of all) if (!state.has(n)) visit(n);
}

/** Resolve and order an ad-hoc query; returns it with the names of its result vars. */
export function compileQuery(body: Expr[], compiled: Compiled): { body: Expr[]; vars: string[] } {
  const pos = body[0]?.pos ?? { file: 'query', line: 1, col: 1 };
  const mod: Module = { file: 'query', pkg: [], pkgPos: pos, imports: [], rules: [], v1: true };
  const rule: Rule = {
    kind: 'complete',
    ref: [{ type: 'str', value: 'query', pos }],
    args: [],
    key: undefined,
    value: { type: 'bool', value: true, pos },
    body,
    isDefault: false,
    elseRule: undefined,
    pos,
    module: mod,
  };
  new Resolver(mod, new Set(), mockedNames([body])).rule(rule);
  const bound = new Set<string>();
  const ordered = orderBody(rule.body, bound, compiled.funcArity);
  // Scoped copies (`x$2`) and wildcards are not result variables.
  const vars = [...bound].filter((v) => !v.includes('$')).sort();
  return { body: ordered, vars };
}

/** A rule followed by its `else` rules. */
function elseChain(r: Rule): Rule[] {
  const out: Rule[] = [];
  for (let x: Rule | undefined = r; x; x = x.elseRule) out.push(x);
  return out;
}
