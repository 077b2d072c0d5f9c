import { RegoError, type Expr, type Import, type Module, type Pos, type Rule, type Term, type With } from './ast.js';
import { LEXER_SOURCE, tokenize, type Token } from './lexer.js';

/** This module's file and the lexer's, for checksums of the code a compiled policy depends on. */
export const PARSER_SOURCES = [import.meta.url, LEXER_SOURCE];

/** Infix operators to the builtin names they call, by precedence level (loosest first). */
const REL: Record<string, string> = { '==': 'equal', '!=': 'neq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };
const ARITH: Record<string, string> = { '+': 'plus', '-': 'minus' };
const FACTOR: Record<string, string> = { '*': 'mul', '/': 'div', '%': 'rem' };

export function parseModule(source: string, file: string): Module {
  return new Parser(tokenize(source, file), file).module();
}

/** A query such as `data.test.p = x` (used by the API and the conformance runner). */
export function parseQuery(source: string, file = 'query'): Expr[] {
  return new Parser(tokenize(source, file), file).bodyUntil('eof');
}

class Parser {
  private i = 0;
  /** Nesting of brackets: inside them a newline does not end an expression. */
  private depth = 0;
  private templateDepth = 0;

  constructor(
    private readonly toks: Token[],
    private readonly file: string,
  ) {}

  private get tok(): Token {
    return this.toks[this.i]!;
  }
  private peek(n = 1): Token {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)]!;
  }
  private is(text: string, kind: 'punct' | 'ident' = 'punct'): boolean {
    return this.tok.kind === kind && this.tok.text === text;
  }
  private accept(text: string, kind: 'punct' | 'ident' = 'punct'): boolean {
    if (!this.is(text, kind)) return false;
    this.i++;
    return true;
  }
  expect(text: string, kind: 'punct' | 'ident' | 'eof' = 'punct'): Token {
    const t = this.tok;
    if (kind === 'eof' ? t.kind !== 'eof' : !this.is(text, kind)) {
      throw this.fail(`unexpected ${describe(t)} token: expected ${kind === 'eof' ? 'end of input' : text}`);
    }
    this.i++;
    return t;
  }
  private atEnd(): boolean {
    return this.tok.kind === 'eof';
  }
  private fail(msg: string, pos: Pos = this.tok.pos): RegoError {
    return new RegoError('rego_parse_error', msg, pos);
  }

  module(): Module {
    const pkgTok = this.expect('package', 'ident');
    const pkg = this.refNames();
    const mod: Module = { file: this.file, pkg, pkgPos: pkgTok.pos, imports: [], rules: [], v1: false };
    while (this.is('import', 'ident')) {
      const pos = this.tok.pos;
      this.i++;
      const path = this.termPostfix(this.primary());
      if (path.type !== 'var' && path.type !== 'ref') throw this.fail('import path must be a reference', pos);
      const alias = this.accept('as', 'ident') ? this.ident() : undefined;
      const imp: Import = { path, alias, pos };
      mod.imports.push(imp);
    }
    // v1 if it says so, or if it uses `if`/`contains` keywords without the v0 future imports
    // (a v0 module with `import future.keywords` keeps v0 meaning: `deny[msg] if` is a set).
    const texts = mod.imports.map((im) => refText(im.path) ?? '');
    const usesKeywords = this.toks.some(
      (t, i) => t.kind === 'ident' && (t.text === 'if' || (t.text === 'contains' && !(this.toks[i + 1]?.text === '(' && !this.toks[i + 1]?.ws))),
    );
    mod.v1 = texts.includes('rego.v1') || (usesKeywords && !texts.some((t) => t.startsWith('future.keywords')));
    while (this.tok.kind !== 'eof') mod.rules.push(this.rule(mod));
    return mod;
  }

  private ident(): string {
    const t = this.tok;
    if (t.kind !== 'ident') throw this.fail(`unexpected ${describe(t)} token: expected identifier`);
    this.i++;
    return t.text;
  }

  /** `a.b["c"]` as plain names (package paths). */
  private refNames(): string[] {
    const names = [this.ident()];
    for (;;) {
      if (this.accept('.')) names.push(this.ident());
      else if (this.is('[') && !this.tok.ws) {
        this.i++;
        const t = this.tok;
        if (t.kind !== 'string') throw this.fail('package path elements must be strings');
        this.i++;
        names.push(t.text);
        this.expect(']');
      } else return names;
    }
  }

  private rule(mod: Module): Rule {
    const pos = this.tok.pos;
    const isDefault = this.accept('default', 'ident');
    const name = this.ident();
    const ref: Term[] = [{ type: 'str', value: name, pos }];
    for (;;) {
      if (this.is('.') && this.peek().kind === 'ident') {
        this.i++;
        const p = this.tok.pos;
        ref.push({ type: 'str', value: this.ident(), pos: p });
      } else if (this.is('[') && !this.tok.ws) {
        this.i++;
        this.depth++;
        ref.push(this.termIn());
        this.depth--;
        this.expect(']');
      } else break;
    }
    let args: Term[] | undefined;
    if (this.is('(') && !this.tok.ws) {
      this.i++;
      this.depth++;
      args = this.is(')') ? [] : this.termList(')');
      this.depth--;
      this.expect(')');
    }
    let key: Term | undefined;
    let value: Term | undefined;
    if (this.accept('contains', 'ident')) key = this.termIn();
    if (this.is(':=') || this.is('=')) {
      this.i++;
      value = this.termIn();
    }
    const body = this.ruleBody(isDefault);
    let kind: Rule['kind'] = 'complete';
    if (args) kind = 'func';
    else if (key) kind = 'multi';
    else if (!value && !mod.v1 && ref.length > 1 && ref[ref.length - 1]!.type !== 'str') {
      kind = 'multi';
      key = ref.pop();
    }
    const rule: Rule = {
      kind,
      ref,
      args: args ?? [],
      key,
      value: value ?? { type: 'bool', value: true, pos },
      body: body ?? [],
      isDefault,
      elseRule: undefined,
      pos,
      module: mod,
    };
    let last = rule;
    while (this.is('else', 'ident')) {
      const epos = this.tok.pos;
      this.i++;
      let evalue: Term = { type: 'bool', value: true, pos: epos };
      if (this.is(':=') || this.is('=')) {
        this.i++;
        evalue = this.termIn();
      }
      const ebody = this.ruleBody(false) ?? [];
      last.elseRule = { ...rule, value: evalue, body: ebody, elseRule: undefined, pos: epos };
      last = last.elseRule;
    }
    return rule;
  }

  /** `if { ... }`, `if expr`, `{ ... }` (v0), or nothing (a constant rule). */
  private ruleBody(isDefault: boolean): Expr[] | undefined {
    if (isDefault) return undefined;
    if (this.accept('if', 'ident')) {
      if (this.is('{') && this.looksLikeBlock()) return this.block();
      return [this.literal()];
    }
    if (this.is('{')) return this.block();
    return undefined;
  }

  /** After `if`, `{` opens a body unless it is an object/set literal expression such as `{1} == x`. */
  private looksLikeBlock(): boolean {
    const save = this.i;
    const saveDepth = this.depth;
    try {
      this.block();
      return true;
    } catch {
      return false;
    } finally {
      this.i = save;
      this.depth = saveDepth;
    }
  }

  private block(): Expr[] {
    this.expect('{');
    const saveDepth = this.depth;
    this.depth = 0;
    const body = this.bodyUntil('}');
    this.depth = saveDepth;
    this.expect('}');
    return body;
  }

  bodyUntil(end: '}' | 'eof'): Expr[] {
    const body: Expr[] = [];
    const atEnd = () => (end === 'eof' ? this.tok.kind === 'eof' : this.is('}'));
    while (!atEnd()) {
      body.push(this.literal());
      if (this.accept(';')) continue;
      if (!atEnd() && !this.tok.nl) throw this.fail(`unexpected ${describe(this.tok)} token: expected \\n or ;`);
    }
    if (body.length === 0 && end === '}') throw this.fail('found empty body');
    return body;
  }

  private literal(): Expr {
    const pos = this.tok.pos;
    let expr: Expr;
    if (this.is('some', 'ident')) {
      this.i++;
      const first = this.termRel();
      const terms = [first];
      while (this.accept(',')) terms.push(this.termRel());
      if (this.accept('in', 'ident')) {
        if (terms.length > 2) throw this.fail('unexpected , in some ... in', pos);
        const domain = this.termRel();
        const [a, b] = terms as [Term, Term | undefined];
        expr = { kind: 'somein', key: b ? a : undefined, value: b ?? a, domain, negated: false, withs: [], pos };
      } else {
        for (const t of terms) if (t.type !== 'var') throw this.fail('expected var in some declaration', t.pos);
        expr = { kind: 'some', vars: terms, negated: false, withs: [], pos };
      }
    } else if (this.is('every', 'ident')) {
      this.i++;
      const first = this.termRel();
      const second = this.accept(',') ? this.termRel() : undefined;
      this.expect('in', 'ident');
      const domain = this.termRel();
      const body = this.block();
      expr = { kind: 'every', key: second ? first : undefined, value: second ?? first, domain, body, negated: false, withs: [], pos };
    } else {
      const negated = this.accept('not', 'ident');
      let term = this.exprTerm();
      if (this.is(',') && !negated) {
        // `k, v in xs` membership
        this.i++;
        const v = this.termRel();
        this.expect('in', 'ident');
        const dom = this.termRel();
        term = call('internal.member_3', [term, v, dom], term.pos);
      }
      expr = { kind: 'term', term, negated, withs: [], pos };
    }
    while (this.is('with', 'ident')) {
      const wpos = this.tok.pos;
      this.i++;
      const target = this.termPostfix(this.primary());
      this.expect('as', 'ident');
      const value = this.termIn();
      const w: With = { target, value, pos: wpos };
      expr.withs.push(w);
    }
    return expr;
  }

  /** Assignment/unification level. */
  private exprTerm(): Term {
    const lhs = this.termIn();
    if ((this.is('=') || this.is(':=')) && this.continues()) {
      const op = this.tok.text === '=' ? 'eq' : 'assign';
      this.i++;
      const rhs = this.termIn();
      return call(op, [lhs, rhs], lhs.pos);
    }
    return lhs;
  }

  /** A binary operator continues the expression unless it starts a new line at body level. */
  private continues(): boolean {
    return this.depth > 0 || !this.tok.nl;
  }

  termIn(): Term {
    let t = this.termRel();
    while (this.is('in', 'ident') && this.continues()) {
      this.i++;
      t = call('internal.member_2', [t, this.termRel()], t.pos);
    }
    return t;
  }

  private termRel(): Term {
    let t = this.termOr();
    while (this.tok.kind === 'punct' && this.tok.text in REL && this.continues()) {
      const op = REL[this.tok.text]!;
      this.i++;
      t = call(op, [t, this.termOr()], t.pos);
    }
    return t;
  }

  private noOr = false;

  private termOr(): Term {
    let t = this.termAnd();
    while (!this.noOr && this.is('|') && this.continues()) {
      this.i++;
      t = call('or', [t, this.termAnd()], t.pos);
    }
    return t;
  }
  private termAnd(): Term {
    let t = this.termArith();
    while (this.is('&') && this.continues()) {
      this.i++;
      t = call('and', [t, this.termArith()], t.pos);
    }
    return t;
  }
  private termArith(): Term {
    let t = this.termFactor();
    while (this.tok.kind === 'punct' && this.tok.text in ARITH && this.continues()) {
      const op = ARITH[this.tok.text]!;
      this.i++;
      t = call(op, [t, this.termFactor()], t.pos);
    }
    return t;
  }
  private termFactor(): Term {
    let t = this.termPostfix(this.primary());
    while (this.tok.kind === 'punct' && this.tok.text in FACTOR && this.continues()) {
      const op = FACTOR[this.tok.text]!;
      this.i++;
      t = call(op, [t, this.termPostfix(this.primary())], t.pos);
    }
    return t;
  }

  private primary(): Term {
    const t = this.tok;
    const pos = t.pos;
    switch (t.kind) {
      case 'number':
        this.i++;
        return { type: 'num', value: parseNumber(t.text), pos };
      case 'string':
        this.i++;
        return { type: 'str', value: t.text, pos };
      case 'template':
        this.i++;
        return this.template(t, pos);
      case 'ident':
        this.i++;
        if (t.text === 'true' || t.text === 'false') return { type: 'bool', value: t.text === 'true', pos };
        if (t.text === 'null') return { type: 'null', pos };
        if (t.text === 'set' && this.is('(') && this.peek().text === ')') {
          this.i += 2;
          return { type: 'set', items: [], pos };
        }
        return { type: 'var', name: t.text, pos };
      case 'punct':
        break;
      default:
        throw this.fail(`unexpected ${describe(t)} token`);
    }
    if (t.text === '-') {
      this.i++;
      const operand = this.termPostfix(this.primary());
      if (operand.type === 'num') return { type: 'num', value: -operand.value, pos };
      return call('minus', [{ type: 'num', value: 0n, pos }, operand], pos);
    }
    if (t.text === '(') {
      this.i++;
      this.depth++;
      let inner = this.exprTerm();
      if (this.accept(',')) {
        // `(k, v in xs)`
        const v = this.termRel();
        this.expect('in', 'ident');
        inner = call('internal.member_3', [inner, v, this.termRel()], inner.pos);
      }
      this.depth--;
      this.expect(')');
      return inner;
    }
    if (t.text === '[') return this.arrayOrCompr();
    if (t.text === '{') return this.braceTerm();
    throw this.fail(`unexpected ${describe(t)} token`);
  }

  /** Parse a term where a following `|` would start a comprehension body. */
  private headTerm(): Term {
    const save = this.noOr;
    this.noOr = true;
    try {
      return this.termIn();
    } finally {
      this.noOr = save;
    }
  }

  /** Try `| body close`; on failure rewind so the caller can read `|` as set union. */
  private tryComprBody(close: string): Expr[] | undefined {
    if (!this.is('|')) return undefined;
    const save = this.i;
    const saveDepth = this.depth;
    try {
      this.i++;
      this.depth = 0;
      const body: Expr[] = [];
      while (!this.is(close)) {
        body.push(this.literal());
        if (this.accept(';')) continue;
        if (!this.is(close) && !this.tok.nl) throw this.fail('expected ; or newline');
      }
      this.depth = saveDepth;
      if (body.length === 0) throw this.fail('found empty body');
      return body;
    } catch {
      this.i = save;
      this.depth = saveDepth;
      return undefined;
    }
  }

  private arrayOrCompr(): Term {
    const pos = this.expect('[').pos;
    this.depth++;
    try {
      if (this.accept(']')) return { type: 'array', items: [], pos };
      const first = this.headTerm();
      const body = this.tryComprBody(']');
      if (body) {
        this.expect(']');
        return { type: 'arraycompr', term: first, body, pos };
      }
      const items = [this.continueOr(first)];
      while (this.accept(',')) {
        if (this.is(']')) break;
        items.push(this.termIn());
      }
      this.expect(']');
      return { type: 'array', items, pos };
    } finally {
      this.depth--;
    }
  }

  /** After a head term parsed without `|`, finish it as a full term (`{a | b}` as set union). */
  private continueOr(t: Term): Term {
    let out = t;
    while (this.is('|')) {
      this.i++;
      out = call('or', [out, this.termAnd()], out.pos);
    }
    return out;
  }

  private braceTerm(): Term {
    const pos = this.expect('{').pos;
    this.depth++;
    try {
      if (this.accept('}')) return { type: 'object', pairs: [], pos };
      const first = this.headTerm();
      if (this.accept(':')) {
        const v = this.headTerm();
        const body = this.tryComprBody('}');
        if (body) {
          this.expect('}');
          return { type: 'objectcompr', key: first, value: v, body, pos };
        }
        const pairs: [Term, Term][] = [[first, this.continueOr(v)]];
        while (this.accept(',')) {
          if (this.is('}')) break;
          const k = this.termIn();
          this.expect(':');
          pairs.push([k, this.termIn()]);
        }
        this.expect('}');
        return { type: 'object', pairs, pos };
      }
      const body = this.tryComprBody('}');
      if (body) {
        this.expect('}');
        return { type: 'setcompr', term: first, body, pos };
      }
      const items = [this.continueOr(first)];
      while (this.accept(',')) {
        if (this.is('}')) break;
        items.push(this.termIn());
      }
      this.expect('}');
      return { type: 'set', items, pos };
    } finally {
      this.depth--;
    }
  }

  /** `.name`, `[term]` and `(args)` suffixes; `[`/`(` must touch the term before them. */
  termPostfix(head: Term): Term {
    let t = head;
    for (;;) {
      if (this.is('.') && this.peek().kind === 'ident' && !this.peek().ws) {
        this.i++;
        const p = this.tok.pos;
        const name = this.ident();
        t = appendRef(t, { type: 'str', value: name, pos: p });
      } else if (this.is('[') && !this.tok.ws) {
        this.i++;
        this.depth++;
        const k = this.termIn();
        this.depth--;
        this.expect(']');
        t = appendRef(t, k);
      } else if (this.is('(') && !this.tok.ws && isCallable(t)) {
        this.i++;
        this.depth++;
        const args = this.is(')') ? [] : this.termList(')');
        this.depth--;
        this.expect(')');
        t = { type: 'call', op: t, args, pos: t.pos };
      } else return t;
    }
  }

  /**
   * `$"a {x} b"` is `internal.template_string(["a ", {v | v = x}, " b"])`, as OPA compiles it: the
   * set holds no value for an undefined expression and several for an ambiguous one.
   */
  private template(t: Token, pos: Pos): Term {
    const parts = t.parts!.map((part): Term => {
      if ('text' in part) return { type: 'str', value: part.text, pos };
      const inner = new Parser(tokenize(part.expr, this.file, part.pos), this.file);
      // One name per nesting level: an inner template's variable must not capture the outer one.
      inner.templateDepth = this.templateDepth + 1;
      const v: Term = { type: 'var', name: `__template${this.templateDepth}__`, pos: part.pos };
      if (inner.atEnd()) throw new RegoError('rego_parse_error', 'empty template string expression', part.pos);
      const value = inner.termIn();
      if (!inner.atEnd()) throw inner.fail(`unexpected ${describe(inner.tok)} token`);
      const body: Expr[] = [{ kind: 'term', term: call('eq', [value, v], part.pos), negated: false, withs: [], pos: part.pos }];
      return { type: 'setcompr', term: v, body, pos: part.pos };
    });
    return call('internal.template_string', [{ type: 'array', items: parts, pos }], pos);
  }

  private termList(close: string): Term[] {
    const items = [this.termIn()];
    while (this.accept(',')) {
      if (this.is(close)) break;
      items.push(this.termIn());
    }
    return items;
  }
}

function isCallable(t: Term): boolean {
  return t.type === 'var' || (t.type === 'ref' && t.head.type === 'var' && t.path.every((p) => p.type === 'str'));
}

function appendRef(t: Term, k: Term): Term {
  if (t.type === 'ref') return { type: 'ref', head: t.head, path: [...t.path, k], pos: t.pos };
  return { type: 'ref', head: t, path: [k], pos: t.pos };
}

export function call(op: string, args: Term[], pos: Pos): Term {
  return { type: 'call', op: { type: 'var', name: op, pos }, args, pos };
}

/** Dotted name of a var or all-string ref (`strings.replace_n`), else undefined. */
export function refText(t: Term): string | undefined {
  if (t.type === 'var') return t.name;
  if (t.type === 'ref' && t.head.type === 'var' && t.path.every((p) => p.type === 'str')) {
    return [t.head.name, ...t.path.map((p) => (p as { value: string }).value)].join('.');
  }
  return undefined;
}

function parseNumber(text: string): bigint | number {
  if (/^-?[0-9]+$/.test(text)) return BigInt(text);
  if (/^[0-9]+\.0*$/.test(text)) return BigInt(text.split('.')[0]!);
  const n = Number(text);
  return Number.isInteger(n) ? BigInt(n) : n;
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'eof';
  if (t.kind === 'string' || t.kind === 'template') return 'string';
  if (t.kind === 'number') return 'number';
  return t.kind === 'ident' ? 'ident' : t.text;
}
