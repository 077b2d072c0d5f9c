import { RegoError, type Pos } from './ast.js';

export type TokenKind = 'ident' | 'number' | 'string' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Identifier name, punctuation text, number text, or decoded string contents. */
  text: string;
  pos: Pos;
  /** A newline lies between the previous token and this one (ends an expression). */
  nl: boolean;
  /** Any whitespace or comment lies before this token (`a [0]` is not an index). */
  ws: boolean;
}

const PUNCT = [':=', '==', '!=', '<=', '>=', '{', '}', '[', ']', '(', ')', '.', ',', ';', ':', '=', '<', '>', '+', '-', '*', '/', '%', '|', '&'];

export function tokenize(src: string, file: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let nl = false;
  let ws = false;
  const pos = (at: number): Pos => ({ file, line, col: at - lineStart + 1 });
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
          const e = src[i + 1];
          const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
          if (e !== undefined && e in simple) {
            s += simple[e];
            i += 2;
          } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
            s += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
            i += 6;
          } else {
            throw new RegoError('rego_parse_error', `illegal escape sequence`, pos(i));
          }
          continue;
        }
        s += ch;
        i++;
      }
      i++;
      push('string', s);
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
