import { BuiltinError, fn, intArg, str, type Builtin } from './util.js';

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

const match = fn(2, (a) => compile(str(a, 0)).test(str(a, 1)));

export const REGEX: Record<string, Builtin> = {
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
    const re = compile(str(a, 0), 'gu');
    const n = Number(intArg(a, 2));
    const all = [...str(a, 1).matchAll(re)].map((m) => m[0]);
    return n < 0 ? all : all.slice(0, n);
  }),
  'regex.split': fn(2, (a) => str(a, 1).split(compile(str(a, 0), 'gu'))),
  'regex.replace': fn(3, (a) => str(a, 0).replace(compile(str(a, 1), 'gu'), str(a, 2).replace(/\$\{?(\d+)\}?/g, '$$$1'))),
  'regex.find_all_string_submatch_n': fn(3, (a) => {
    const re = compile(str(a, 0), 'gu');
    const n = Number(intArg(a, 2));
    const all = [...str(a, 1).matchAll(re)].map((m) => [...m].map((x) => x ?? ''));
    return n < 0 ? all : all.slice(0, n);
  }),
};
