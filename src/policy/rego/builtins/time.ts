import { type Value } from '../values.js';
import { BuiltinError, arr, fn, numArg, str, type Builtin } from './util.js';

const MAX_NS = 2n ** 63n - 1n;
const MIN_NS = -(2n ** 63n);

function checkRange(ns: bigint): bigint {
  if (ns > MAX_NS || ns < MIN_NS) throw new BuiltinError('eval_builtin_error', 'time outside of valid range');
  return ns;
}

function parseRFC3339(s: string): bigint {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) throw new BuiltinError('eval_builtin_error', `parsing time ${JSON.stringify(s)} as RFC3339 failed`);
  const [, y, mo, d, h, mi, se, frac = '', tz] = m;
  let ms = BigInt(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se)));
  if (Number(y) < 100) ms = BigInt(new Date(Date.UTC(2000, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se))).setUTCFullYear(Number(y)));
  let ns = ms * 1_000_000n + BigInt((frac + '000000000').slice(0, 9));
  if (tz !== 'Z' && tz !== 'z') {
    const sign = tz![0] === '-' ? -1n : 1n;
    const off = BigInt(Number(tz!.slice(1, 3)) * 60 + Number(tz!.slice(4, 6))) * 60_000_000_000n;
    ns -= sign * off;
  }
  return checkRange(ns);
}

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

function parseDuration(s: string): bigint {
  const m = /^([+-]?)((?:\d*\.?\d+(?:ns|us|µs|μs|ms|s|m|h))+|0)$/.exec(s);
  if (!m) throw new BuiltinError('eval_builtin_error', `time: invalid duration ${JSON.stringify(s)}`);
  let total = 0;
  for (const part of m[2]!.matchAll(/(\d*\.?\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(part[1]) * UNIT_NS[part[2]!]!;
  return BigInt(Math.round(m[1] === '-' ? -total : total));
}

function dateOf(a: Value[]): Date {
  const v = a[0]!;
  const ns = Array.isArray(v) ? numArg(arr(a, 0), 0) : numArg(a, 0);
  const n = typeof ns === 'bigint' ? ns : BigInt(Math.trunc(ns));
  let ms = Number(n / 1_000_000n);
  if (Array.isArray(v) && typeof v[1] === 'string' && v[1] !== 'UTC' && v[1] !== '') {
    throw new BuiltinError('eval_builtin_error', `timezone ${v[1]} is not supported`);
  }
  if (n < 0n && n % 1_000_000n !== 0n) ms -= 1;
  return new Date(ms);
}

export const TIME: Record<string, Builtin> = {
  'time.now_ns': fn(0, (_a, ctx) => ctx.nowNs),
  'time.parse_rfc3339_ns': fn(1, (a) => parseRFC3339(str(a, 0))),
  'time.parse_duration_ns': fn(1, (a) => parseDuration(str(a, 0))),
  'time.date': fn(1, (a) => {
    const d = dateOf(a);
    return [BigInt(d.getUTCFullYear()), BigInt(d.getUTCMonth() + 1), BigInt(d.getUTCDate())];
  }),
  'time.clock': fn(1, (a) => {
    const d = dateOf(a);
    return [BigInt(d.getUTCHours()), BigInt(d.getUTCMinutes()), BigInt(d.getUTCSeconds())];
  }),
  'time.weekday': fn(1, (a) => ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][dateOf(a).getUTCDay()]!),
  'time.add_date': fn(4, (a) => {
    const d = dateOf(a);
    d.setUTCFullYear(d.getUTCFullYear() + Number(numArg(a, 1)), d.getUTCMonth() + Number(numArg(a, 2)), d.getUTCDate() + Number(numArg(a, 3)));
    return checkRange(BigInt(d.getTime()) * 1_000_000n);
  }),
};

