import type { Finding, Severity } from '../model/finding.js';
import type { ParsedFile } from '../documents/parse-file.js';
import { syntaxFindings } from './syntax.js';
import type { LintConfig } from './config/model.js';
import { TOKEN_ID, type TokenKind } from '../documents/yaml/tokens.js';
import { kindsFor, type FileContext, type LineRule, type LintComment, type LintSource, type Report, type TokenEvent } from './rule.js';
import { LineCursor, commentsBetween } from './elements.js';
import { DISABLE_FILE, RangeDirectives, disableLine } from './directives.js';
import { moveEvent, tokenRuns } from './token-stream.js';

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
  if (DISABLE_FILE.test(firstLine(file.text))) return findings;
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

function firstLine(text: string): string {
  const br = text.indexOf('\n');
  const line = br === -1 ? text : text.slice(0, br);
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/**
 * Every rule problem, as its finding, in yamllint's order: tokens, comments and lines merged by line
 * number; a line's problems are kept until the line itself is seen, then filtered by the directives in force.
 */
function ruleProblems(source: LintSource, config: LintConfig): Finding[] {
  const text = source.file.text;
  const settings = config.rules.filter((s) => !s.ignores?.(source.file.path));
  const context: FileContext = { text, ...(config.locale !== undefined ? { locale: config.locale } : {}) };
  const file = source.file.path;
  const out: Finding[] = [];
  // Without comments to read there are no directives: every problem is kept, in the order found.
  const needComments = text.includes('# yamllint') || settings.some((s) => s.rule.type === 'comment');
  // The findings of lines not seen yet, and the rule of each at the same index (what directives name).
  const pending: Finding[] = [];
  const pendingRules: string[] = [];
  const reporter = (rule: string, severity: Severity): Report => {
    const check = `yaml/${rule}`;
    if (!needComments) return (line, column, message) => void out.push({ file, line, column, severity, check, message });
    return (line, column, message) => {
      pending.push({ file, line, column, severity, check, message });
      pendingRules.push(rule);
    };
  };

  // A token rule's check, its reporter and its token kinds at the same index: called without a wrapper.
  const tokenChecks: Array<(event: TokenEvent, report: Report) => void> = [];
  const tokenReports: Report[] = [];
  const tokenKinds: Array<readonly TokenKind[] | undefined> = [];
  const commentChecks: Array<(comment: LintComment) => void> = [];
  // Line rules, their options and reporters at the same index: called directly, once per rule and line.
  const lineRules: LineRule[] = [];
  const lineOptions: Array<Record<string, unknown>> = [];
  const lineReports: Report[] = [];
  for (const { rule, level, options } of settings) {
    const report = reporter(rule.id, level);
    if (rule.type === 'token') {
      tokenChecks.push(rule.start(options, context));
      tokenReports.push(report);
      tokenKinds.push(kindsFor(rule, options));
    } else if (rule.type === 'comment') {
      commentChecks.push((comment) => rule.check(options, comment, report));
    } else {
      lineRules.push(rule);
      lineOptions.push(options);
      lineReports.push(report);
    }
  }

  const all = new Set(settings.map((s) => s.rule.id));
  const range = new RangeDirectives(all);
  // The rules `disable-line` turns off on this line and the next; null (the usual case) for none.
  let thisLine: Set<string> | null = null;
  let nextLine: Set<string> | null = null;

  const lines = new LineCursor(text);
  const line = lines.line;
  const linesBefore = (number: number) => {
    while (lines.advanceBelow(number)) {
      for (let i = 0; i < lineRules.length; i++) lineRules[i]!.check(lineOptions[i]!, line, lineReports[i]!);
      if (pending.length > 0) {
        for (let i = 0; i < pending.length; i++) {
          const rule = pendingRules[i]!;
          if (!thisLine?.has(rule) && !range.disabled.has(rule)) out.push(pending[i]!);
        }
        pending.length = 0;
        pendingRules.length = 0;
      }
      thisLine = nextLine;
      nextLine = null;
    }
  };
  // Lines matter for their rules, and for the comments' directives and the problems they hold back.
  const followLines = needComments || lineRules.length > 0;

  const dispatch = settings.length === config.rules.length ? configDispatch(config, tokenKinds) : dispatchOf(tokenKinds);
  const event: TokenEvent = { curr: source.tokens[0]!, prev: null, next: null, nextnext: null };
  for (const { tokens, count } of tokenRuns(source)) {
    for (let t = 0; t < count; t++) {
      const curr = tokens[t]!;
      const indexes = dispatch[curr.kind];
      // A token no check takes changes nothing, unless comments after it are to be read.
      if (indexes.length === 0 && !needComments) continue;
      if (followLines && line.number + 1 < curr.start.line + 1) linesBefore(curr.start.line + 1);
      moveEvent(event, tokens, t);
      for (let k = 0; k < indexes.length; k++) {
        const i = indexes[k]!;
        tokenChecks[i]!(event, tokenReports[i]!);
      }
      if (!needComments) continue;
      const comments = commentsBetween(text, curr, event.next);
      for (let c = 0; c < comments.length; c++) {
        const comment = comments[c]!;
        linesBefore(comment.line);
        for (const check of commentChecks) check(comment);
        range.process(comment.text);
        if (comment.inline) thisLine = disableLine(comment.text, all, thisLine);
        else nextLine = disableLine(comment.text, all, nextLine);
      }
    }
  }
  if (followLines) linesBefore(Infinity);
  return out;
}

/** For each kind of token, the indexes of the token checks that take it, in the configuration's order. */
type Dispatch = Readonly<Record<TokenKind, readonly number[]>>;

const TOKEN_KINDS = Object.keys(TOKEN_ID) as TokenKind[];

/** Every kind is a property, set in one order: one object shape for every dispatch, so reading one is quick. */
function dispatchOf(kinds: ReadonlyArray<readonly TokenKind[] | undefined>): Dispatch {
  const dispatch = {} as Record<TokenKind, number[]>;
  for (const kind of TOKEN_KINDS) {
    const indexes: number[] = [];
    for (let i = 0; i < kinds.length; i++) if (kinds[i]?.includes(kind) ?? true) indexes.push(i);
    dispatch[kind] = indexes;
  }
  return dispatch;
}

/** The dispatch of a file no rule ignores: the same for all such files of a configuration. */
const dispatches = new WeakMap<LintConfig, Dispatch>();

function configDispatch(config: LintConfig, kinds: ReadonlyArray<readonly TokenKind[] | undefined>): Dispatch {
  let dispatch = dispatches.get(config);
  if (dispatch === undefined) dispatches.set(config, (dispatch = dispatchOf(kinds)));
  return dispatch;
}
