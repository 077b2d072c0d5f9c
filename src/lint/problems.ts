import type { Finding, Severity } from '../model/finding.js';
import type { LineRule, LintComment, LintLine, Report } from './rule.js';
import { LineCursor } from './elements.js';
import { RangeDirectives, disableLine } from './directives.js';

/** A configuration's line rules, their options and reporters at the same index. */
export interface LineRules {
  rules: readonly LineRule[];
  options: ReadonlyArray<Record<string, unknown>>;
  reports: readonly Report[];
  /** For each kind of line, the indexes of the rules that take such lines, in order. */
  byKind: ReadonlyArray<readonly number[]>;
}

/** The line rules of a configuration, with their options and reporters at the same index. */
export function lineRules(rules: readonly LineRule[], options: ReadonlyArray<Record<string, unknown>>, reports: readonly Report[]): LineRules {
  return { rules, options, reports, byKind: lineDispatch(rules) };
}

/** A line's kind: the sum of those it is (see LineRule.lines), an index into lineDispatch's answer. */
const FIRST = 1;
const BLANK = 2;
const LAST = 4;
const LINE_KINDS = { first: FIRST, blank: BLANK, last: LAST } as const;

function lineKind({ number, start, end, source }: LintLine): number {
  return (number === 1 ? FIRST : 0) | (start === end ? BLANK : 0) | (end === source.length ? LAST : 0);
}

function lineDispatch(rules: readonly LineRule[]): number[][] {
  const byKind: number[][] = [];
  for (let kind = 0; kind <= (FIRST | BLANK | LAST); kind++) {
    const indexes: number[] = [];
    for (let i = 0; i < rules.length; i++) {
      const only = rules[i]!.lines;
      if (only === undefined || (kind & LINE_KINDS[only]) !== 0) indexes.push(i);
    }
    byKind.push(indexes);
  }
  return byKind;
}

/**
 * Where the reporters of a list of rules send problems: to the stream of the file being checked. Made
 * once per configuration, so that a rule calls the same reporter in every file (a fresh function per
 * file deoptimizes the rule's optimized code, over and over while the JIT warms up).
 */
export class ProblemSink {
  stream: ProblemStream | null = null;

  reporter(rule: string, severity: Severity): Report {
    const check = `yaml/${rule}`;
    return (line, column, message) => this.stream!.add(rule, check, severity, line, column, message);
  }
}

/**
 * A file's rule problems in yamllint's order: tokens', comments' and lines' merged by line number. With
 * comments to read, a line's problems are held until the line itself is seen, then filtered by the
 * `# yamllint` directives in force; without, there are no directives and every problem is kept as found.
 */
export class ProblemStream {
  readonly out: Finding[] = [];
  /** The findings of lines not seen yet, and the rule of each at the same index (what directives name). */
  private readonly pending: Finding[] = [];
  private readonly pendingRules: string[] = [];
  /** Made at the first comment: most files have none. */
  private range: RangeDirectives | null = null;
  /** The rules `disable-line` turns off on this line and the next; null (the usual case) for none. */
  private thisLine: Set<string> | null = null;
  private nextLine: Set<string> | null = null;
  private readonly lines: LineCursor;

  /**
   * `all`: the rules enabled for the file, those directives can name; `directives`: whether comments are
   * read; `lineRules`: the line rules (called directly, once per rule and line).
   */
  constructor(
    private readonly file: string,
    text: string,
    readonly directives: boolean,
    private readonly all: ReadonlySet<string>,
    private readonly lineRules: LineRules,
  ) {
    this.lines = new LineCursor(text);
  }

  /** A problem of `rule` (`check` is its finding's name): kept now, or held until its line is seen. */
  add(rule: string, check: string, severity: Severity, line: number, column: number, message: string): void {
    const finding: Finding = { file: this.file, line, column, severity, check, message };
    if (!this.directives) {
      this.out.push(finding);
      return;
    }
    this.pending.push(finding);
    this.pendingRules.push(rule);
  }

  /** Lines matter for their rules, and for the directives and the problems held back. */
  get followsLines(): boolean {
    return this.directives || this.lineRules.rules.length > 0;
  }

  /** Sees every line before line `number` (1-based) not seen yet. */
  linesBefore(number: number): void {
    const { lines } = this;
    const line = lines.line;
    // Most tokens stand on a line already seen.
    if (line.number + 1 >= number) return;
    const { pending, pendingRules } = this;
    const { rules, options, reports, byKind } = this.lineRules;
    while (lines.advanceBelow(number)) {
      const indexes = byKind[lineKind(line)]!;
      for (let k = 0; k < indexes.length; k++) {
        const i = indexes[k]!;
        rules[i]!.check(options[i]!, line, reports[i]!);
      }
      if (pending.length > 0) {
        const { thisLine, range } = this;
        for (let i = 0; i < pending.length; i++) {
          const rule = pendingRules[i]!;
          if (!thisLine?.has(rule) && !range?.disabled.has(rule)) this.out.push(pending[i]!);
        }
        pending.length = 0;
        pendingRules.length = 0;
      }
      this.thisLine = this.nextLine;
      this.nextLine = null;
    }
  }

  /** A comment: its rules, then the directive it may be. */
  comment(comment: LintComment, checks: ReadonlyArray<(comment: LintComment) => void>): void {
    this.linesBefore(comment.line);
    for (const check of checks) check(comment);
    (this.range ??= new RangeDirectives(this.all)).process(comment.text);
    if (comment.inline) this.thisLine = disableLine(comment.text, this.all, this.thisLine);
    else this.nextLine = disableLine(comment.text, this.all, this.nextLine);
  }
}
