/** Rego syntax tree. Every node carries the position where its source text starts. */
export interface Pos {
  file: string;
  line: number;
  col: number;
}

export type Term =
  | { type: 'null'; pos: Pos }
  | { type: 'bool'; value: boolean; pos: Pos }
  | { type: 'num'; value: bigint | number; pos: Pos }
  | { type: 'str'; value: string; pos: Pos }
  | { type: 'var'; name: string; pos: Pos }
  | { type: 'ref'; head: Term; path: Term[]; pos: Pos }
  | { type: 'array'; items: Term[]; pos: Pos }
  | { type: 'set'; items: Term[]; pos: Pos }
  | { type: 'object'; pairs: [Term, Term][]; pos: Pos }
  | { type: 'arraycompr'; term: Term; body: Expr[]; pos: Pos }
  | { type: 'setcompr'; term: Term; body: Expr[]; pos: Pos }
  | { type: 'objectcompr'; key: Term; value: Term; body: Expr[]; pos: Pos }
  | CallTerm;

export interface CallTerm {
  type: 'call';
  /** Operator as written: a var or a ref with string path (`count`, `strings.replace_n`, `data.x.f`). */
  op: Term;
  args: Term[];
  pos: Pos;
  /** Set by the compiler: a builtin name or the data path of a user function. */
  builtin?: string;
  fnPath?: string[];
}

export interface With {
  target: Term;
  value: Term;
  pos: Pos;
}

export type Expr = (
  | { kind: 'term'; term: Term }
  | { kind: 'some'; vars: Term[] }
  | { kind: 'somein'; key: Term | undefined; value: Term; domain: Term }
  | { kind: 'every'; key: Term | undefined; value: Term; domain: Term; body: Expr[] }
) & { negated: boolean; withs: With[]; pos: Pos };

export type RuleKind = 'complete' | 'multi' | 'func';

export interface Rule {
  kind: RuleKind;
  /** Head reference: first element is the rule name (a str term), the rest may be any terms. */
  ref: Term[];
  args: Term[];
  /** For `contains` rules: the element. */
  key: Term | undefined;
  value: Term;
  body: Expr[];
  isDefault: boolean;
  elseRule: Rule | undefined;
  pos: Pos;
  module: Module;
}

export interface Import {
  path: Term;
  alias: string | undefined;
  pos: Pos;
}

export interface Module {
  file: string;
  pkg: string[];
  pkgPos: Pos;
  imports: Import[];
  rules: Rule[];
  /** Rego v1 syntax (imports rego.v1 or uses `if`/`contains`). */
  v1: boolean;
}

export class RegoError extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
    readonly pos: Pos | undefined,
  ) {
    super(pos ? `${pos.file}:${pos.line}:${pos.col}: ${code}: ${detail}` : `${code}: ${detail}`);
  }
}
