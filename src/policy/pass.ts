import type { Finding } from '../model/finding.js';
import { ConfigError } from '../model/errors.js';
import { coversPattern } from '../rules/patterns.js';
import type { ParsedDocument, PathSegment } from '../documents/types.js';
import type { DocumentPass } from '../pipeline/run.js';
import { evaluatePackage, packageRules, type PackageRules, type Verdict } from './evaluate.js';
import { DEFAULT_LIMITS, EvalBudget } from './rego/index.js';
import { locateResult } from './locate.js';
import type { LoadedPolicies } from './load.js';

export interface PolicyRunOptions {
  /** `--namespace` or the config's, when named (else `main`, which then may be absent); ignored with allNamespaces. */
  namespaces: string[] | undefined;
  allNamespaces: boolean;
  /** conftest's --combine: user policies see all documents at once as `[{path, contents}]`. */
  combine: boolean;
  suppressExceptions: boolean;
  /** Built-in rule ids turned off (config `disabledRules`). */
  disabledRules: string[];
}

const BUILTIN_PACKAGE = 'gitops_check.builtin';
/** The built-in rules' check ids: `builtin/<rule id>`. */
const BUILTIN_PREFIX = 'builtin/';
/** The built-in library reads no data: one object, so it is converted once rather than per document. */
const NO_DATA = {};
/** conftest's namespace when none is named. */
const DEFAULT_NAMESPACE = 'main';

/** The policy pass: user policies (per document, or combined) and the built-in library, per document. */
export function createPolicyPass(policies: LoadedPolicies, options: PolicyRunOptions): (documents: ParsedDocument[]) => DocumentPass {
  const user = policies.user;
  if (!options.allNamespaces && options.namespaces) checkNamespaces(user, options.namespaces);
  const namespaces = options.namespaces ?? [DEFAULT_NAMESPACE];
  const userPackages = user ? packageRules(user, options.allNamespaces ? [...user.packages().keys()] : namespaces) : [];
  const builtin = policies.builtin;
  const builtinPackages = builtin ? packageRules(builtin, [BUILTIN_PACKAGE]) : [];
  const disabled = new Set(options.disabledRules);

  return (documents) => {
    const combined = new Map<ParsedDocument, Placed[]>();
    if (user && options.combine && documents.length > 0) {
      const input = documents.map((d) => ({ path: d.file.path, contents: d.value }));
      // The combined input is every document at once: so is its budget.
      const budget = new EvalBudget({ ...DEFAULT_LIMITS, maxSteps: DEFAULT_LIMITS.maxSteps * documents.length });
      for (const target of userPackages) {
        for (const verdict of evaluatePackage(user, target, input, policies.data, budget)) {
          const [doc, path] = combinedTarget(documents, verdict.path);
          push(combined, doc, finding(doc, verdict, path, `policy/${target.pkg}`));
        }
      }
    }
    const userChecks = userPackages.map((target) => `policy/${target.pkg}`);
    const builtinFamily = builtin ? [BUILTIN_PREFIX] : [];
    return {
      name: 'policy',
      covers: (pattern) =>
        coversPattern(pattern, userChecks, builtinFamily) && !(pattern.startsWith(BUILTIN_PREFIX) && disabled.has(pattern.slice(BUILTIN_PREFIX.length))),
      check(doc) {
        const found: Placed[] = [...(combined.get(doc) ?? [])];
        if (user && !options.combine) {
          const budget = new EvalBudget();
          for (const target of userPackages) {
            for (const verdict of evaluatePackage(user, target, doc.value, policies.data, budget)) found.push(finding(doc, verdict, verdict.path, `policy/${target.pkg}`));
          }
        }
        if (builtin) found.push(...builtinFindings(builtin, builtinPackages, doc, disabled));
        return {
          findings: found.filter((p) => !p.excepted).map((p) => p.finding),
          skips: [],
          exceptions: options.suppressExceptions ? [] : found.filter((p) => p.excepted).map((p) => p.finding),
        };
      },
    };
  };
}

/**
 * A namespace the user named that no policy defines would pass every document silently (conftest
 * does): it configures the run wrongly. Only `main` when nobody named it may be absent.
 */
function checkNamespaces(user: LoadedPolicies['user'], namespaces: string[]): void {
  const packages = [...(user?.packages().keys() ?? [])];
  const missing = namespaces.find((ns) => !packages.includes(ns));
  if (missing === undefined) return;
  const known = packages.length > 0 ? `the policies define ${packages.join(', ')}` : 'no policies were loaded';
  throw new ConfigError(`namespace ${missing}: no policy package is named ${missing}; ${known}`);
}

/** A finding, and whether an `exception` rule excepted it (shown as an EXCP line rather than failing). */
interface Placed {
  finding: Finding;
  excepted: boolean;
}

/** The `gitops-check.io/ignore` annotation is read with every other suppression (src/adoption/suppressions.ts). */
function builtinFindings(set: NonNullable<LoadedPolicies['builtin']>, packages: PackageRules[], doc: ParsedDocument, disabled: Set<string>): Placed[] {
  const out: Placed[] = [];
  const budget = new EvalBudget();
  for (const target of packages) {
    for (const verdict of evaluatePackage(set, target, doc.value, NO_DATA, budget)) {
      const id = ruleId(verdict);
      if (!disabled.has(id)) out.push(finding(doc, verdict, verdict.path, `${BUILTIN_PREFIX}${id}`));
    }
  }
  return out;
}

/** A built-in result names its rule id; an evaluation failure is reported under the rule that failed. */
function ruleId(verdict: Verdict): string {
  return verdict.id ?? verdict.rule;
}

/**
 * Where a combined result lands: a path starting with a document's index (`[2, "contents", "spec", …]`,
 * a path into the combined input) points into that document; anything else is about the first one.
 */
function combinedTarget(documents: ParsedDocument[], path: PathSegment[] | undefined): [ParsedDocument, PathSegment[] | undefined] {
  const [index, ...rest] = path ?? [];
  const doc = typeof index === 'number' ? documents[index] : undefined;
  if (!doc) return [documents[0]!, undefined];
  return [doc, rest[0] === 'contents' ? rest.slice(1) : rest];
}

function finding(doc: ParsedDocument, verdict: Verdict, path: PathSegment[] | undefined, check: string): Placed {
  const at = locateResult(doc, path);
  const f: Finding = {
    file: doc.file.path,
    line: at.line,
    column: at.column,
    severity: verdict.severity,
    check,
    message: verdict.msg,
    document: doc.ref,
  };
  if (path) f.path = path;
  return { finding: f, excepted: verdict.excepted };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
