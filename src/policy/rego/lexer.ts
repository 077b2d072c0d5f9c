import { RegoError, type Pos } from './ast.js';

/** This module's file, for checksums of the code a compiled policy depends on (src/cache/policies.ts). */
export const LEXER_SOURCE = import.meta.url;

export type TokenKind = 'ident' | 'number' | 'string' | 'template' | 'punct' | 'eof';

/** A template string (`$"…{expr}…"`) is literal text and the source of the expressions between braces. */
export type TemplatePart = { text: string } | { expr: string; pos: Pos };

export interface Token {
  kind: TokenKind;
  /** Identifier name, punctuation text, number text, or decoded string contents. */
  text: string;
  pos: Pos;
  /** A newline lies between the previous token and this one (ends an expression). */
  nl: boolean;
  /** Any whitespace or comment lies before this token (`a [0]` is not an index). */
  ws: boolean;
  /** For templates: the parts in order. */
  parts?: TemplatePart[];
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

const PUNCT = [':=', '==', '!=', '<=', '>=', '{', '}', '[', ']', '(', ')', '.', ',', ';', ':', '=', '<', '>', '+', '-', '*', '/', '%', '|', '&'];

/** `origin` places the text inside a larger file (a template string's expression). */
export function tokenize(src: string, file: string, origin: Pos = { file, line: 1, col: 1 }): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = origin.line;
  let lineStart = 1 - origin.col;
  let nl = false;
  let ws = false;
  const pos = (at: number): Pos => ({ file, line, col: at - lineStart + 1 });
  /** The escape at i (a backslash) in a double-quoted string, decoded; i moves past it. */
  const escape = (extra: string): string => {
    const e = src[i + 1];
    if (e !== undefined && (e in ESCAPES || extra.includes(e))) {
      i += 2;
      return ESCAPES[e] ?? e;
    }
    if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
      i += 6;
      return String.fromCharCode(parseInt(src.slice(i - 4, i), 16));
    }
    throw new RegoError('rego_parse_error', `illegal escape sequence`, pos(i));
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      nl = ws = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      ws = true;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      ws = true;
      continue;
    }
    const start = i;
    const p = pos(start);
    const push = (kind: TokenKind, text: string) => {
      out.push({ kind, text, pos: p, nl, ws });
      nl = ws = false;
    };
    if (/[A-Za-z_]/.test(c)) {
      while (i < src.length && /[A-Za-z0-9_]/.test(src[i]!)) i++;
      push('ident', src.slice(start, i));
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(src.slice(i));
      i += m![0].length;
      push('number', m![0]);
      continue;
    }
    if (c === '"') {
      i++;
      let s = '';
      for (;;) {
        if (i >= src.length || src[i] === '\n') throw new RegoError('rego_parse_error', 'non-terminated string', p);
        const ch = src[i]!;
        if (ch === '"') break;
        if (ch === '\\') {
          s += escape('');
          continue;
        }
        s += ch;
        i++;
      }
      i++;
      push('string', s);
      continue;
    }
    if (c === '$' && (src[i + 1] === '"' || src[i + 1] === '`')) {
      const quote = src[i + 1]!;
      i += 2;
      const parts: TemplatePart[] = [];
      let text = '';
      for (;;) {
        if (i >= src.length || (quote === '"' && src[i] === '\n')) throw new RegoError('rego_parse_error', 'non-terminated template string', p);
        const ch = src[i]!;
        if (ch === quote) break;
        if (ch === '\\' && quote === '"') {
          text += escape('{}');
          continue;
        }
        if (ch === '{') {
          const end = closingBrace(src, i + 1, quote);
          if (end < 0) throw new RegoError('rego_parse_error', 'non-terminated template string expression', pos(i));
          if (text !== '') parts.push({ text });
          text = '';
          parts.push({ expr: src.slice(i + 1, end), pos: pos(i + 1) });
          // A raw template's expression may span lines.
          for (let j = i; j < end; j++) if (src[j] === '\n') (line++, (lineStart = j + 1));
          i = end + 1;
          continue;
        }
        if (ch === '\n') (line++, (lineStart = i + 1));
        text += ch;
        i++;
      }
      i++;
      if (text !== '' || parts.length === 0) parts.push({ text });
      out.push({ kind: 'template', text: '', pos: p, nl, ws, parts });
      nl = ws = false;
      continue;
    }
    if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) throw new RegoError('rego_parse_error', 'non-terminated raw string', p);
      const s = src.slice(i + 1, end);
      i = end + 1;
      push('string', s);
      // A raw string may span lines: keep later positions right.
      const lastNl = s.lastIndexOf('\n');
      if (lastNl >= 0) {
        line += s.split('\n').length - 1;
        lineStart = start + 2 + lastNl;
      }
      continue;
    }
    const op = PUNCT.find((t) => src.startsWith(t, i));
    if (!op) throw new RegoError('rego_parse_error', `illegal token ${JSON.stringify(c)}`, p);
    i += op.length;
    push('punct', op);
  }
  out.push({ kind: 'eof', text: '', pos: pos(i), nl: true, ws: true });
  return out;
}

/** Index of the `}` closing a template expression that starts at `from`, skipping nested braces and strings; -1 if none. */
function closingBrace(src: string, from: number, quote: string): number {
  let depth = 0;
  for (let i = from; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\n' && quote === '"') return -1;
    // Strings inside the expression are Rego strings: `$"{concat(", ", xs)}"` is one template.
    if (c === '"' || c === '`') {
      const close = c === '"' ? /"|\\./gs : /`/g;
      close.lastIndex = i + 1;
      let m = close.exec(src);
      while (m && m[0] !== c) m = close.exec(src);
      if (!m) return -1;
      i = m.index;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && depth-- === 0) return i;
  }
  return -1;
}
