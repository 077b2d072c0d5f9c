import type { Finding } from '../model/finding.js';
import type { ParsedFile } from '../documents/parse-file.js';
import { syntaxFindings } from './syntax.js';
import type { LintConfig, RuleSetting } from './config/model.js';
import { TOKEN_ID, type TokenKind } from '../documents/yaml/tokens.js';
import {
  kindsFor,
  type FileContext,
  type LineRule,
  type LintComment,
  type LintSource,
  type Report,
  type TokenEvent,
  type TokenRule,
} from './rule.js';
import { commentsBetween } from './elements.js';
import { DISABLE_FILE, mayHoldDirectives } from './directives.js';
import { moveEvent, tokenRuns, type TokenRun } from './token-stream.js';
import { ProblemSink, ProblemStream, lineRules, type LineRules } from './problems.js';

/**
 * The YAML pass over one parsed file: syntax errors (one per broken document), then the rules the
 * configuration enables for the file, with the `# yamllint` comment directives applied.
 */
export function lintFile(parsed: ParsedFile, config: LintConfig): Finding[] {
  const findings = syntaxFindings(parsed);
  const { file } = parsed;
  // stdin has no name to match: it is YAML and never ignored.
  if (file.absPath !== undefined && (config.ignores(file.path) || !config.isYamlFile(file.path))) return findings;
  // Syntax errors stay: a document that does not parse is not checked by any pass.
  // The directive starts with `#`: other files need not have their first line cut out.
  if (file.text.startsWith('#') && DISABLE_FILE.test(firstLine(file.text))) return findings;
  const problems = ruleProblems(parsed, config);
  // As yamllint: the first problem at or after the (first) syntax error's place is taken for it.
  const syntax = parsed.errors[0];
  if (syntax) {
    const same = problems.findIndex((p) => syntax.line <= p.line && syntax.column <= p.column);
    if (same !== -1) problems.splice(same, 1);
  }
  if (findings.length === 0) return problems;
  for (const p of problems) findings.push(p);
  return findings;
}

/**
 * Rules that read no tokens but keys, scalars, the starts and ends of collections, anchors and aliases: a file read in
 * one pass (`quickParse`) gives them the tokens of its boolean plain values and has no duplicated key, anchor or
 * alias (the reader leaves such a file to the parser), so they find there what they find in the whole stream.
 */
const KEY_AND_SCALAR_RULES = new Set(['truthy', 'key-duplicates', 'anchors']);

/**
 * Whether a file's keys and scalars suffice for the YAML pass: the configuration's rules are all such rules (the
 * default's are) and the text has no directives, which are read from comments.
 */
export function keysAndScalarsSuffice(config: LintConfig, text: string): boolean {
  return config.rules.every((setting) => KEY_AND_SCALAR_RULES.has(setting.rule.id)) && !mayHoldDirectives(text);
}

function firstLine(text: string): string {
  const br = text.indexOf('\n');
  const line = br === -1 ? text : text.slice(0, br);
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Every rule problem, as its finding, in yamllint's order (see ProblemStream). */
function ruleProblems(source: LintSource, config: LintConfig): Finding[] {
  const text = source.file.text;
  const settings = config.rules.filter((s) => !s.ignores?.(source.file.path));
  const context: FileContext = { text, ...(config.locale !== undefined ? { locale: config.locale } : {}) };
  const plan = settings.length === config.rules.length ? configPlan(config) : planOf(settings);
  // A text without `#` has no comments for the comment rules: two thirds of the bench trees' files.
  const readComments = plan.commentRules ? text.includes('#') : mayHoldDirectives(text);
  const problems = new ProblemStream(source.file.path, text, readComments, plan.enabled, plan.lineRules);
  const { sink, tokenRules, tokenOptions, tokenReports, commentChecks } = plan;
  // Token checks may keep state: made anew for each file.
  const checks: TokenCheck[] = [];
  for (let i = 0; i < tokenRules.length; i++) checks.push(tokenRules[i]!.start(tokenOptions[i]!, context));
  const { dispatch } = plan;

  sink.stream = problems;
  const event: TokenEvent = { curr: source.tokens[0]!, prev: null, next: null, nextnext: null };
  for (const run of tokenRuns(source)) checkTokens(run, event, dispatch, checks, tokenReports, problems, text, commentChecks);
  if (problems.followsLines) problems.linesBefore(Infinity);
  sink.stream = null;
  return problems.out;
}

type TokenCheck = (event: TokenEvent, report: Report) => void;

/**
 * The token checks over one run, the lines and comments between tokens seen in their place: the hot
 * loop of the pass, apart from the per-file set-up.
 */
function checkTokens(
  { tokens, count }: TokenRun,
  event: TokenEvent,
  dispatch: Dispatch,
  checks: readonly TokenCheck[],
  reports: readonly Report[],
  problems: ProblemStream,
  text: string,
  commentChecks: ReadonlyArray<(comment: LintComment) => void>,
): void {
  const followLines = problems.followsLines;
  const readComments = problems.directives;
  for (let t = 0; t < count; t++) {
    const curr = tokens[t]!;
    const indexes = dispatch[curr.kind];
    // A token no check takes changes nothing, unless comments after it are to be read.
    if (indexes.length === 0 && !readComments) continue;
    if (followLines) problems.linesBefore(curr.start.line + 1);
    moveEvent(event, tokens, t);
    for (let k = 0; k < indexes.length; k++) {
      const i = indexes[k]!;
      checks[i]!(event, reports[i]!);
    }
    if (!readComments) continue;
    const comments = commentsBetween(text, curr, event.next);
    for (let c = 0; c < comments.length; c++) problems.comment(comments[c]!, commentChecks);
  }
}

/** For each kind of token, the indexes of the token checks that take it, in the configuration's order. */
type Dispatch = Readonly<Record<TokenKind, readonly number[]>>;

/** What the rules enabled for a file make of it before its text is read. */
interface Plan {
  dispatch: Dispatch;
  /** Where every reporter below sends its problems. */
  sink: ProblemSink;
  /** The token rules, their options and reporters, at their indexes in the dispatch. */
  tokenRules: readonly TokenRule[];
  tokenOptions: ReadonlyArray<Record<string, unknown>>;
  tokenReports: readonly Report[];
  commentChecks: ReadonlyArray<(comment: LintComment) => void>;
  lineRules: LineRules;
  /** The rule ids directives can name. */
  enabled: ReadonlySet<string>;
  /** Whether a comment rule is enabled: then comments are read in every file. */
  commentRules: boolean;
}

const TOKEN_KINDS = Object.keys(TOKEN_ID) as TokenKind[];

function planOf(settings: readonly RuleSetting[]): Plan {
  const sink = new ProblemSink();
  const tokenRules: TokenRule[] = [];
  const tokenOptions: Array<Record<string, unknown>> = [];
  const tokenReports: Report[] = [];
  const commentChecks: Array<(comment: LintComment) => void> = [];
  const lines = { rules: [] as LineRule[], options: [] as Array<Record<string, unknown>>, reports: [] as Report[] };
  for (const { rule, level, options } of settings) {
    const report = sink.reporter(rule.id, level);
    if (rule.type === 'token') {
      tokenRules.push(rule);
      tokenOptions.push(options);
      tokenReports.push(report);
    } else if (rule.type === 'comment') {
      commentChecks.push((comment) => rule.check(options, comment, report));
    } else {
      lines.rules.push(rule);
      lines.options.push(options);
      lines.reports.push(report);
    }
  }
  const kinds = tokenRules.map((rule, i) => kindsFor(rule, tokenOptions[i]!));
  // Every kind is a property, set in one order: one object shape for every dispatch, so reading one is quick.
  const dispatch = {} as Record<TokenKind, number[]>;
  for (const kind of TOKEN_KINDS) {
    const indexes: number[] = [];
    for (let i = 0; i < kinds.length; i++) if (kinds[i]?.includes(kind) ?? true) indexes.push(i);
    dispatch[kind] = indexes;
  }
  return {
    dispatch,
    sink,
    tokenRules,
    tokenOptions,
    tokenReports,
    commentChecks,
    lineRules: lineRules(lines.rules, lines.options, lines.reports),
    enabled: new Set(settings.map((s) => s.rule.id)),
    commentRules: commentChecks.length > 0,
  };
}

/** The plan of a file no rule ignores: the same for all such files of a configuration. */
const plans = new WeakMap<LintConfig, Plan>();

function configPlan(config: LintConfig): Plan {
  let plan = plans.get(config);
  if (plan === undefined) plans.set(config, (plan = planOf(config.rules)));
  return plan;
}
