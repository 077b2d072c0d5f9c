import type { Mark } from './tokens.js';

/**
 * PyYAML's MarkedYAMLError: `problem` at `mark`, optionally `context` at `contextMark`.
 * `message` is the problem text alone, the part yamllint prints after "syntax error: ".
 */
export class YamlSyntaxError extends Error {
  readonly problem: string;
  readonly mark: Mark;
  readonly context: string | null;
  readonly contextMark: Mark | null;

  constructor(problem: string, mark: Mark, context: string | null = null, contextMark: Mark | null = null) {
    super(problem);
    this.name = 'YamlSyntaxError';
    this.problem = problem;
    this.mark = mark;
    this.context = context;
    this.contextMark = contextMark;
  }
}

const NOT_PRINTABLE = /[\p{C}\p{Z}]/u;

/** Python's repr() of one character (PyYAML formats found characters with %r); NaN is the end of input, '\0'. */
export function pyCharRepr(code: number): string {
  if (code !== code) code = 0;
  if (code === 0x27) return `"'"`;
  if (code === 0x5c) return `'\\\\'`;
  if (code === 9) return `'\\t'`;
  if (code === 10) return `'\\n'`;
  if (code === 13) return `'\\r'`;
  const ch = String.fromCodePoint(code);
  if (code !== 0x20 && (code < 0x20 || NOT_PRINTABLE.test(ch))) {
    const hex = code.toString(16);
    if (code <= 0xff) return `'\\x${hex.padStart(2, '0')}'`;
    if (code <= 0xffff) return `'\\u${hex.padStart(4, '0')}'`;
    return `'\\U${hex.padStart(8, '0')}'`;
  }
  return `'${ch}'`;
}

/** Python's repr() of a short string (anchor names, tag handles): single quotes unless it contains one. */
export function pyStringRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (code === 0x27 || code === 0x20 || (code > 0x20 && !NOT_PRINTABLE.test(ch))) out += ch;
    else out += pyCharRepr(code).slice(1, -1);
  }
  return quote + out + quote;
}
