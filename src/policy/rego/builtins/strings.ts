import { RObject, RSet, isNumber, toFloat, toRegoText, typeName, type Value } from '../values.js';
import { renderTemplate } from './template.js';
import { BuiltinError, arr, elems, fn, intArg, numArg, oneOf, str, type Builtin, type BuiltinContext } from './util.js';

/** Strings as Unicode code points: OPA indexes runes, not UTF-16 units. */
const runes = (s: string): string[] => [...s];

function stringList(args: Value[], i: number): string[] {
  const v = oneOf(args, i, ['string', 'set', 'array']);
  if (typeof v === 'string') return [v];
  const xs = elems(v);
  for (const x of xs) {
    if (typeof x !== 'string') {
      throw new BuiltinError('eval_type_error', `operand ${i + 1} must be array of strings but got array containing ${isNumber(x) ? 'number' : typeof x}`);
    }
  }
  return xs as string[];
}

function trimSet(s: string, cut: string, left: boolean, right: boolean): string {
  const cs = new Set(runes(cut));
  const r = runes(s);
  let a = 0;
  let b = r.length;
  if (left) while (a < b && cs.has(r[a]!)) a++;
  if (right) while (b > a && cs.has(r[b - 1]!)) b--;
  return r.slice(a, b).join('');
}

const GO_FMT_TOO_LARGE = 1e6;
/** A verb with its flags, width and precision, matched where the `%` before it leaves off. */
const VERB = /([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/y;

function fmtNumber(raw: string | undefined): string | undefined {
  return raw === undefined || Number(raw) < GO_FMT_TOO_LARGE ? raw : undefined;
}

/** Go fmt verbs as OPA's sprintf applies them to Rego values. */
export function sprintf(format: string, values: Value[]): string {
  let out = '';
  let argi = 0;
  for (let i = 0; i < format.length; i++) {
    // Text up to the next verb in one piece: a message built a character at a time is a deep rope.
    const next = format.indexOf('%', i);
    if (next !== i) {
      out += format.slice(i, next === -1 ? format.length : next);
      if (next === -1) break;
      i = next;
    }
    VERB.lastIndex = i + 1;
    const m = VERB.exec(format);
    if (!m) {
      out += '%!(NOVERB)';
      continue;
    }
    i += m[0].length;
    const [, flags = '', rawWidth, rawPrec, verb] = m;
    // Go's fmt flags widths and precisions from 1e6 up and formats without them.
    const width = fmtNumber(rawWidth);
    if (width !== rawWidth) out += '%!(BADWIDTH)';
    const prec = fmtNumber(rawPrec);
    if (prec !== rawPrec) out += '%!(BADPREC)';
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= values.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const v = values[argi++]!;
    let s = formatVerb(verb, v, prec);
    if (flags.includes('+') && isNumber(v) && !s.startsWith('-')) s = '+' + s;
    if (width !== undefined && s.length < Number(width)) {
      const pad = Number(width) - s.length;
      if (flags.includes('-')) s = s + ' '.repeat(pad);
      else if (flags.includes('0') && isNumber(v)) s = s.startsWith('-') ? '-' + '0'.repeat(pad) + s.slice(1) : '0'.repeat(pad) + s;
      else s = ' '.repeat(pad) + s;
    }
    out += s;
  }
  if (argi < values.length) out += '%!(EXTRA ' + values.slice(argi).map((v) => `${typeDesc(v)}=${toRegoText(v)}`).join(', ') + ')';
  return out;
}

/** One argument as one verb formats it, before flags and width: apart from the loop, which stays small for the JIT. */
function formatVerb(verb: string, v: Value, prec: string | undefined): string {
  switch (verb) {
    case 'v':
    case 's':
      return typeof v === 'string' ? v : isNumber(v) && typeof v === 'number' ? formatG(v) : toRegoText(v);
    case 'q':
      return typeof v === 'string' ? JSON.stringify(v) : toRegoText(v);
    case 'd':
      return typeof v === 'bigint' ? v.toString() : `%!d(${typeDesc(v)})`;
    case 'f':
    case 'F':
      return isNumber(v) ? toFloat(v).toFixed(prec === undefined ? 6 : Number(prec)) : `%!f(${typeDesc(v)})`;
    case 'e':
      return isNumber(v) ? goExp(toFloat(v), prec === undefined ? 6 : Number(prec)) : `%!e(${typeDesc(v)})`;
    case 'g':
      return isNumber(v) ? formatG(toFloat(v)) : `%!g(${typeDesc(v)})`;
    case 'x':
    case 'X': {
      const h = typeof v === 'bigint' ? (v < 0n ? '-' + (-v).toString(16) : v.toString(16)) : typeof v === 'string' ? Buffer.from(v).toString('hex') : `%!x(${typeDesc(v)})`;
      return verb === 'X' ? h.toUpperCase() : h;
    }
    case 'o':
      return typeof v === 'bigint' ? v.toString(8) : `%!o(${typeDesc(v)})`;
    case 'b':
      return typeof v === 'bigint' ? v.toString(2) : `%!b(${typeDesc(v)})`;
    case 't':
      return typeof v === 'boolean' ? String(v) : `%!t(${typeDesc(v)})`;
    default:
      return `%!${verb}(${typeDesc(v)})`;
  }
}

function typeDesc(v: Value): string {
  if (typeof v === 'string') return 'string=' + v;
  if (typeof v === 'bigint') return 'int=' + v;
  return toRegoText(v);
}

/** Go %g / %v for floats: shortest repr, exponent form only for large or tiny magnitudes. */
function formatG(n: number): string {
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) return goExp(n, -1);
  return String(n);
}

function goExp(n: number, prec: number): string {
  const s = prec < 0 ? n.toExponential() : n.toExponential(prec);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Replacing every "" with a long string multiplies the input: charge the budget before building it. */
function replaceAll(s: string, old: string, by: string, ctx: BuiltinContext): string {
  const parts = s.split(old);
  ctx.charge(((parts.length - 1) * by.length) >> 6);
  return parts.join(by);
}

export const STRINGS: Record<string, Builtin> = {
  concat: fn(2, (args) => {
    const sep = str(args, 0);
    const v = oneOf(args, 1, ['array', 'set']);
    const xs = elems(v);
    for (const x of xs) if (typeof x !== 'string') throw new BuiltinError('eval_type_error', 'operand 2 must be one of {array, set} of strings');
    return xs.join(sep);
  }),
  contains: fn(2, (a) => str(a, 0).includes(str(a, 1))),
  startswith: fn(2, (a) => str(a, 0).startsWith(str(a, 1))),
  endswith: fn(2, (a) => str(a, 0).endsWith(str(a, 1))),
  lower: fn(1, (a) => str(a, 0).toLowerCase()),
  upper: fn(1, (a) => str(a, 0).toUpperCase()),
  split: fn(2, (a) => str(a, 0).split(str(a, 1))),
  'strings.split_n': fn(3, (a) => {
    const s = str(a, 0);
    const sep = str(a, 1);
    const n = Number(intArg(a, 2));
    const parts = sep === '' ? runes(s) : s.split(sep);
    // OPA keeps the first n parts, or the last -n parts for a negative n.
    return n >= 0 ? parts.slice(0, n) : parts.slice(Math.max(0, parts.length + n));
  }),
  replace: fn(3, (a, ctx) => replaceAll(str(a, 0), str(a, 1), str(a, 2), ctx)),
  'strings.replace_n': fn(2, (a, ctx) => {
    const patterns = oneOf(a, 0, ['object']) as RObject;
    let s = str(a, 1);
    for (const [k, v] of patterns.sorted()) {
      if (typeof k !== 'string' || typeof v !== 'string') throw new BuiltinError('eval_type_error', 'operand 1 must be object[string: string]');
      s = replaceAll(s, k, v, ctx);
    }
    return s;
  }),
  trim: fn(2, (a) => trimSet(str(a, 0), str(a, 1), true, true)),
  trim_left: fn(2, (a) => trimSet(str(a, 0), str(a, 1), true, false)),
  trim_right: fn(2, (a) => trimSet(str(a, 0), str(a, 1), false, true)),
  trim_prefix: fn(2, (a) => {
    const s = str(a, 0);
    const p = str(a, 1);
    return s.startsWith(p) ? s.slice(p.length) : s;
  }),
  trim_suffix: fn(2, (a) => {
    const s = str(a, 0);
    const p = str(a, 1);
    return p !== '' && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
  }),
  trim_space: fn(1, (a) => str(a, 0).replace(/^[\s\u0085]+|[\s\u0085]+$/gu, '')),
  indexof: fn(2, (a) => {
    const s = runes(str(a, 0));
    const sub = runes(str(a, 1));
    for (let i = 0; i + sub.length <= s.length; i++) if (sub.every((c, j) => s[i + j] === c)) return BigInt(i);
    return -1n;
  }),
  indexof_n: fn(2, (a) => {
    const s = runes(str(a, 0));
    const sub = runes(str(a, 1));
    const out: Value[] = [];
    for (let i = 0; i + sub.length <= s.length; i++) if (sub.every((c, j) => s[i + j] === c)) out.push(BigInt(i));
    return out;
  }),
  substring: fn(3, (a) => {
    const s = runes(str(a, 0));
    const start = Number(intArg(a, 1));
    const len = Number(intArg(a, 2));
    if (start < 0) throw new BuiltinError('eval_builtin_error', 'negative offset');
    if (start >= s.length) return '';
    return len < 0 ? s.slice(start).join('') : s.slice(start, start + len).join('');
  }),
  format_int: fn(2, (a) => {
    const n = numArg(a, 0);
    const base = Number(numArg(a, 1));
    if (![2, 8, 10, 16].includes(base)) throw new BuiltinError('eval_type_error', 'operand 2 must be one of {2, 8, 10, 16}');
    const i = typeof n === 'bigint' ? n : BigInt(Math.trunc(n));
    return i < 0n ? '-' + (-i).toString(base) : i.toString(base);
  }),
  sprintf: fn(2, (a) => sprintf(str(a, 0), arr(a, 1))),
  // What `$"...{expr}..."` compiles to: literal strings, and each expression's values as a set.
  'internal.template_string': fn(1, (a) =>
    arr(a, 0)
      .map((part) => {
        if (part instanceof RSet) {
          if (part.size > 1) throw new BuiltinError('eval_builtin_error', 'template-strings must not produce multiple outputs', true);
          const [v] = part.sorted();
          return v === undefined ? '<undefined>' : typeof v === 'string' ? v : toRegoText(v);
        }
        if (Array.isArray(part) || part instanceof RObject) throw new BuiltinError('eval_type_error', `illegal argument type: ${typeName(part)}`);
        return typeof part === 'string' ? part : toRegoText(part);
      })
      .join(''),
  ),
  // A note for OPA's tracer; we have no tracer, so it only has to succeed.
  trace: fn(1, (a) => (str(a, 0), true)),
  'strings.render_template': fn(2, (a) => renderTemplate(str(a, 0), oneOf(a, 1, ['object']) as RObject)),
  'strings.reverse': fn(1, (a) => runes(str(a, 0)).reverse().join('')),
  'strings.count': fn(2, (a) => {
    const s = str(a, 0);
    const sub = str(a, 1);
    if (sub === '') return BigInt(runes(s).length + 1);
    return BigInt(s.split(sub).length - 1);
  }),
  'strings.any_prefix_match': fn(2, (a) => {
    const ss = stringList(a, 0);
    const ps = stringList(a, 1);
    return ss.some((s) => ps.some((p) => s.startsWith(p)));
  }),
  'strings.any_suffix_match': fn(2, (a) => {
    const ss = stringList(a, 0);
    const ps = stringList(a, 1);
    return ss.some((s) => ps.some((p) => s.endsWith(p)));
  }),
};

