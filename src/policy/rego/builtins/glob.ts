import { BuiltinError, elems, fn, oneOf, str, type Builtin } from './util.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\\/]/g, '\\$&');

/** gobwas/glob semantics as OPA uses them: `*` stops at delimiters, `**` does not. */
function globRegex(pattern: string, delims: string[]): RegExp {
  const notDelim = delims.length ? `[^${delims.map(escape).join('')}]` : '[\\s\\S]';
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) out += escape(pattern[++i]!);
    else if (c === '*' && pattern[i + 1] === '*') {
      out += '[\\s\\S]*';
      i++;
    } else if (c === '*') out += `${notDelim}*`;
    else if (c === '?') out += notDelim;
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      if (end < 0) throw new BuiltinError('eval_builtin_error', 'unexpected end of input');
      let cls = pattern.slice(i + 1, end);
      if (cls.startsWith('!')) cls = '^' + cls.slice(1);
      out += `[${cls}]`;
      i = end;
    } else if (c === '{') {
      const end = pattern.indexOf('}', i);
      if (end < 0) throw new BuiltinError('eval_builtin_error', 'unexpected end of input');
      out += '(?:' + pattern.slice(i + 1, end).split(',').map((alt) => globRegex(alt, delims).source.slice(1, -1)).join('|') + ')';
      i = end;
    } else out += escape(c);
  }
  return new RegExp(`^${out}$`, 'u');
}

export const GLOB: Record<string, Builtin> = {
  'glob.match': fn(3, (a) => {
    const pattern = str(a, 0);
    const d = a[1] === null ? ['.'] : elems(oneOf(a, 1, ['array', 'null']));
    const delims = d.map((x) => String(x));
    return globRegex(pattern, a[1] === null ? ['.'] : delims).test(str(a, 2));
  }),
  'glob.quote_meta': fn(1, (a) => str(a, 0).replace(/[*?\\[\]{}]/g, '\\$&')),
};

