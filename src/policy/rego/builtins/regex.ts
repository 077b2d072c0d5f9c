import { setFlagsFromString } from 'node:v8';
import { BuiltinError, fn, intArg, str, type Builtin } from './util.js';

// V8's linear-time engine (the `l` flag) gives RE2's guarantee: a policy's pattern cannot backtrack
// for ever on a manifest's value. It exists behind this flag, read when an `l` pattern is first built.
setFlagsFromString('--enable-experimental-regexp-engine');

/** Surrogate pairs: where matching without the `u` flag would split a character in two. */
const ASTRAL = /[\uD800-\uDFFF]|\\u\{|\\[pP]\{/;

/**
 * The pattern for matching `subject`: linear-time when the engine takes it — it has no `u` mode, so
 * only when neither side holds a character outside the BMP — else the backtracking engine.
 */
function compileFor(pattern: string, flags: string, subject: string): RegExp {
  const re = compile(pattern, flags);
  if (ASTRAL.test(pattern) || ASTRAL.test(subject)) return re;
  try {
    return new RegExp(re.source, re.flags.replace('u', '') + 'l');
  } catch {
    return re;
  }
}

/** RE2 syntax JS lacks is reported instead of being misread. */
function compile(pattern: string, flags = 'u'): RegExp {
  let p = pattern;
  let f = flags;
  const inline = /^\(\?([imsU]+)\)/.exec(p);
  if (inline) {
    if (inline[1]!.includes('U')) throw new BuiltinError('eval_builtin_error', `error parsing regexp: ungreedy flag is not supported`);
    f += inline[1]!;
    p = p.slice(inline[0].length);
  }
  if (/\(\?<?[=!]|\\[1-9]/.test(p)) throw new BuiltinError('eval_builtin_error', `error parsing regexp: invalid or unsupported Perl syntax`);
  p = p.replace(/\\z/g, '$').replace(/\\A/g, '^').replace(/\(\?P</g, '(?<');
  try {
    return new RegExp(p, f);
  } catch (e) {
    throw new BuiltinError('eval_builtin_error', `error parsing regexp: ${(e as Error).message}`);
  }
}

const match = fn(2, (a) => compileFor(str(a, 0), 'u', str(a, 1)).test(str(a, 1)));

/** regex.template_match: literal text, with regular expressions between the delimiters, matched whole. */
function templatePattern(template: string, open: string, close: string): string {
  if ([...open].length !== 1 || [...close].length !== 1) throw new BuiltinError('eval_builtin_error', 'delimiters must be single characters');
  let out = '';
  let i = 0;
  while (i < template.length) {
    const start = template.indexOf(open, i);
    if (start < 0) break;
    // Delimiters nest, so a `{1,3}` quantifier inside `{…}` stays in the expression.
    let depth = 0;
    let end = start;
    for (; end < template.length; end++) {
      if (template[end] === open) depth++;
      else if (template[end] === close && --depth === 0) break;
    }
    if (end >= template.length) throw new BuiltinError('eval_builtin_error', `unbalanced braces in ${JSON.stringify(template)}`);
    out += escapeRegex(template.slice(i, start)) + `(?:${template.slice(start + 1, end)})`;
    i = end + 1;
  }
  return `^${out}${escapeRegex(template.slice(i))}$`;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export const REGEX: Record<string, Builtin> = {
  'regex.template_match': fn(4, (a) => {
    const value = str(a, 1);
    return compileFor(templatePattern(str(a, 0), str(a, 2), str(a, 3)), 'u', value).test(value);
  }),
  'regex.match': match,
  // Deprecated name, still common in conftest policies.
  re_match: match,
  'regex.is_valid': fn(1, (a) => {
    if (typeof a[0] !== 'string') return false;
    try {
      compile(a[0]);
      return true;
    } catch {
      return false;
    }
  }),
  'regex.find_n': fn(3, (a) => {
    const re = compileFor(str(a, 0), 'gu', str(a, 1));
    const n = Number(intArg(a, 2));
    const all = [...str(a, 1).matchAll(re)].map((m) => m[0]);
    return n < 0 ? all : all.slice(0, n);
  }),
  'regex.split': fn(2, (a) => str(a, 1).split(compileFor(str(a, 0), 'gu', str(a, 1)))),
  'regex.replace': fn(3, (a) => str(a, 0).replace(compileFor(str(a, 1), 'gu', str(a, 0)), str(a, 2).replace(/\$\{?(\d+)\}?/g, '$$$1'))),
  'regex.find_all_string_submatch_n': fn(3, (a) => {
    const re = compileFor(str(a, 0), 'gu', str(a, 1));
    const n = Number(intArg(a, 2));
    const all = [...str(a, 1).matchAll(re)].map((m) => [...m].map((x) => x ?? ''));
    return n < 0 ? all : all.slice(0, n);
  }),
};
