import { celEnv, CelScalar, isCelError, parse, plan, type CelEnv, type CelValue } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import type { Expr } from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';
import { listFunctions } from './lists.js';
import { networkFunctions } from './network.js';
import { opaqueRegistry } from './opaque-types.js';
import { quantityFunctions } from './quantity.js';
import { regexFunctions } from './regex.js';
import { semverFunctions } from './semver.js';
import { urlFunctions } from './url.js';
import { toCelInput } from './values.js';

/**
 * Kubernetes CEL functions and variables we do not implement. An expression using one is reported as
 * unsupported instead of being guessed at.
 */
const UNSUPPORTED = new Map([
  ['authorizer', 'authorizer'], // a variable: needs the cluster's RBAC
  ['bind', 'cel.bind'],
  ['quote', 'strings.quote'],
  ['isCanonical', 'ip.isCanonical'],
  ...['reverse', 'sortBy', 'slice', 'flatten', 'distinct', 'range', 'base64', 'encode', 'decode'].map((name) => [name, name] as const),
]);

/** Parser and runtime operators (`_+_`, `@in`, `!_`, …) and the comprehension internals are not functions to look up. */
const OPERATOR = /^[_@!-]/;

export type CelProblem = { kind: 'syntax' | 'unsupported' | 'undeclared'; message: string };

export interface CompiledExpression {
  /** The names read from `variables.<name>` (ValidatingAdmissionPolicy variables). */
  variables: ReadonlySet<string>;
  /** The names of the declared variables the expression reads (`self`, `oldSelf`, `object`, …). */
  reads: ReadonlySet<string>;
  /** The result, or the evaluation error's text. */
  evaluate(bindings: Record<string, unknown>): { value: CelValue } | { error: string };
}

/** A CEL environment with Kubernetes' extension libraries over a fixed set of variables. */
export class CelEnvironment {
  private readonly env: CelEnv;
  private readonly cache = new Map<string, CompiledExpression | CelProblem>();

  constructor(private readonly variableNames: readonly string[]) {
    this.env = celEnv({
      registry: opaqueRegistry,
      funcs: [...strings, ...listFunctions, ...regexFunctions, ...quantityFunctions, ...urlFunctions, ...networkFunctions, ...semverFunctions],
      variables: Object.fromEntries(variableNames.map((name) => [name, CelScalar.DYN])),
    });
  }

  /** Parses and checks an expression once; the same text compiles to the same result. */
  compile(expression: string): CompiledExpression | CelProblem {
    let compiled = this.cache.get(expression);
    if (!compiled) {
      compiled = this.build(expression);
      this.cache.set(expression, compiled);
    }
    return compiled;
  }

  private build(expression: string): CompiledExpression | CelProblem {
    let root: Expr;
    try {
      root = parse(expression).expr;
    } catch (error) {
      if (/\.\?|\[\?/.test(expression)) return { kind: 'unsupported', message: 'uses optional field selection (`.?`), which gitops-check does not support' };
      return { kind: 'syntax', message: `syntax error: ${(error as Error).message.replace(/^<input>:/, '')}` };
    }
    const found = scan(root, new Set(this.variableNames));
    const unknown = [...found.functions].filter((name) => !OPERATOR.test(name) && !this.env.funcs.find(name));
    const unsupported = [...found.idents, ...unknown].find((name) => UNSUPPORTED.has(name));
    if (unsupported) return { kind: 'unsupported', message: `uses ${UNSUPPORTED.get(unsupported)}, which gitops-check does not support` };
    if (unknown.length > 0) return { kind: 'undeclared', message: `undeclared reference to '${unknown[0]}'` };
    let run: ReturnType<typeof plan>;
    try {
      run = plan(this.env, root);
    } catch (error) {
      return { kind: 'syntax', message: (error as Error).message };
    }
    return {
      variables: found.variables,
      reads: found.idents,
      evaluate(bindings) {
        const input = Object.fromEntries(Object.entries(bindings).map(([name, value]) => [name, toCelInput(value)]));
        const result = run(input as never);
        // bufbuild says `field not found`; the API server (cel-go) says `no such key`.
        if (isCelError(result)) return { error: result.message.replace(/^field not found: /, 'no such key: ') };
        return { value: result };
      },
    };
  }
}

/** What an expression refers to: functions called, declared variables read, `variables.<name>` read. */
function scan(root: Expr, declared: ReadonlySet<string>): { functions: Set<string>; idents: Set<string>; variables: Set<string> } {
  const functions = new Set<string>();
  const idents = new Set<string>();
  const variables = new Set<string>();
  const visit = (expr: Expr | undefined): void => {
    if (!expr) return;
    const kind = expr.exprKind;
    switch (kind.case) {
      case 'identExpr':
        if (declared.has(kind.value.name) || UNSUPPORTED.has(kind.value.name)) idents.add(kind.value.name);
        break;
      case 'selectExpr': {
        const operand = kind.value.operand;
        if (operand?.exprKind.case === 'identExpr' && operand.exprKind.value.name === 'variables') variables.add(kind.value.field);
        visit(operand);
        break;
      }
      case 'callExpr':
        functions.add(kind.value.function);
        visit(kind.value.target);
        kind.value.args.forEach(visit);
        break;
      case 'listExpr':
        kind.value.elements.forEach(visit);
        break;
      case 'structExpr':
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === 'mapKey') visit(entry.keyKind.value);
          visit(entry.value);
        }
        break;
      case 'comprehensionExpr':
        for (const part of [kind.value.iterRange, kind.value.accuInit, kind.value.loopCondition, kind.value.loopStep, kind.value.result]) visit(part);
        break;
      default:
        break;
    }
  };
  visit(root);
  return { functions, idents, variables };
}
