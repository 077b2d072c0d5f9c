import { type Value } from '../values.js';
import { BuiltinError, fn, numArg, str, type Builtin } from './util.js';
import { NAMED_LAYOUTS, WEEKDAYS, formatLayout, parseLayout, type ZonedTime } from './golayout.js';

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
  const m = /^([+-]?)((?:\d*\.?\d+(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+|0)$/.exec(s);
  if (!m) throw new BuiltinError('eval_builtin_error', `time: invalid duration ${JSON.stringify(s)}`);
  let total = 0;
  for (const part of m[2]!.matchAll(/(\d*\.?\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/g)) total += Number(part[1]) * UNIT_NS[part[2]!]!;
  return BigInt(Math.round(m[1] === '-' ? -total : total));
}

/** A time operand: nanoseconds since the epoch, or `[ns, zone]` / `[ns, zone, layout]`. */
function timeArg(a: Value[]): { ns: bigint; zone: string; layout: string | undefined } {
  const v = a[0]!;
  const parts = Array.isArray(v) ? v : [v];
  const n = numArg(parts, 0);
  const zoneName = parts[1] ?? 'UTC';
  const layout = parts[2];
  if (typeof zoneName !== 'string' || (layout !== undefined && typeof layout !== 'string')) throw new BuiltinError('eval_type_error', 'operand 1 must be a number or an array of [number, string, string]');
  return { ns: typeof n === 'bigint' ? n : BigInt(Math.trunc(n)), zone: zoneName, layout };
}

/** The moment `ns` in zone `name` (`UTC`, `""`, `Local` or an IANA name such as `America/New_York`). */
function zoned(ns: bigint, name: string): ZonedTime {
  let ms = Number(ns / 1_000_000n);
  let nanos = Number(ns % 1_000_000_000n);
  if (nanos < 0) {
    nanos += 1_000_000_000;
    if (ns % 1_000_000n !== 0n) ms -= 1;
  }
  const tz = name === '' || name === 'UTC' ? 'UTC' : name === 'Local' ? Intl.DateTimeFormat().resolvedOptions().timeZone : name;
  let offset = 0;
  let zoneName = 'UTC';
  if (tz !== 'UTC') {
    let fmt: Intl.DateTimeFormat;
    try {
      fmt = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', timeZoneName: 'short' });
    } catch {
      throw new BuiltinError('eval_builtin_error', `unknown time zone ${name}`);
    }
    const parts = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
    const local = Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute']), Number(parts['second']));
    offset = Math.round((local - Math.floor(ms / 1000) * 1000) / 1000);
    zoneName = parts['timeZoneName'] ?? tz;
  }
  const d = new Date(ms + offset * 1000);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    nanos,
    weekday: d.getUTCDay(),
    yearDay: Math.floor((d.getTime() - yearStart) / 86_400_000) + 1,
    offset,
    zoneName,
  };
}

const zonedArg = (a: Value[]): ZonedTime => {
  const t = timeArg(a);
  return zoned(t.ns, t.zone);
};

/** time.diff: calendar difference [years, months, days, hours, minutes, seconds], earlier moment first. */
function diff(x: ZonedTime, y: ZonedTime): Value {
  let [a, b] = [x, y];
  const key = (t: ZonedTime) => [t.year, t.month, t.day, t.hour, t.minute, t.second, t.nanos];
  const ka = key(a);
  const kb = key(b);
  const later = ka.findIndex((v, i) => v !== kb[i]);
  if (later >= 0 && ka[later]! > kb[later]!) [a, b] = [b, a];
  let [years, months, days, hours, minutes, seconds] = [b.year - a.year, b.month - a.month, b.day - a.day, b.hour - a.hour, b.minute - a.minute, b.second - a.second];
  if (b.nanos < a.nanos) seconds--;
  if (seconds < 0) (seconds += 60), minutes--;
  if (minutes < 0) (minutes += 60), hours--;
  if (hours < 0) (hours += 24), days--;
  if (days < 0) (days += new Date(Date.UTC(a.year, a.month, 0)).getUTCDate()), months--;
  if (months < 0) (months += 12), years--;
  return [years, months, days, hours, minutes, seconds].map(BigInt);
}

export const TIME: Record<string, Builtin> = {
  'time.now_ns': fn(0, (_a, ctx) => ctx.nowNs),
  'time.parse_rfc3339_ns': fn(1, (a) => parseRFC3339(str(a, 0))),
  'time.parse_duration_ns': fn(1, (a) => parseDuration(str(a, 0))),
  'time.date': fn(1, (a) => {
    const t = zonedArg(a);
    return [BigInt(t.year), BigInt(t.month), BigInt(t.day)];
  }),
  'time.clock': fn(1, (a) => {
    const t = zonedArg(a);
    return [BigInt(t.hour), BigInt(t.minute), BigInt(t.second)];
  }),
  'time.weekday': fn(1, (a) => WEEKDAYS[zonedArg(a).weekday]!),
  'time.add_date': fn(4, (a) => {
    const { ns } = timeArg(a);
    const d = new Date(Number(ns / 1_000_000n) - (ns < 0n && ns % 1_000_000n !== 0n ? 1 : 0));
    d.setUTCFullYear(d.getUTCFullYear() + Number(numArg(a, 1)), d.getUTCMonth() + Number(numArg(a, 2)), d.getUTCDate() + Number(numArg(a, 3)));
    return checkRange(BigInt(d.getTime()) * 1_000_000n);
  }),
  'time.format': fn(1, (a) => {
    const t = timeArg(a);
    const layout = t.layout === undefined ? NAMED_LAYOUTS['RFC3339Nano']! : (NAMED_LAYOUTS[t.layout] ?? t.layout);
    return formatLayout(zoned(t.ns, t.zone), layout);
  }),
  'time.parse_ns': fn(2, (a) => {
    const layout = str(a, 0);
    const ns = parseLayout(NAMED_LAYOUTS[layout] ?? layout, str(a, 1));
    if (typeof ns === 'string') throw new BuiltinError('eval_builtin_error', ns);
    return checkRange(ns);
  }),
  'time.diff': fn(2, (a) => diff(zonedArg([a[0]!]), zonedArg([a[1]!]))),
};

