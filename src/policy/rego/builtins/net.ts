import { RObject, RSet, type Value } from '../values.js';
import { BuiltinError, fn, oneOf, str, type Builtin } from './util.js';

interface Net {
  v6: boolean;
  addr: bigint;
  prefix: number;
}

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

function parseIPv6(s: string): bigint | undefined {
  let text = s;
  let tail: bigint[] = [];
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const x = parseIPv4(v4[2]!);
    if (x === undefined) return undefined;
    tail = [x >> 16n, x & 0xffffn];
    text = v4[1]!.endsWith('::') ? v4[1]! : v4[1]!.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string) => (h === '' ? [] : h.split(':'));
  const head = group(halves[0]!);
  const rest = halves.length === 2 ? group(halves[1]!) : [];
  if ([...head, ...rest].some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const fill = 8 - head.length - rest.length - tail.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return undefined;
  const groups = [...head.map((g) => BigInt('0x' + g)), ...Array<bigint>(Math.max(0, fill)).fill(0n), ...rest.map((g) => BigInt('0x' + g)), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

function parseNet(s: string, allowBareIP: boolean): Net | undefined {
  const [ip = '', prefixText, extra] = s.split('/');
  if (extra !== undefined || (prefixText === undefined && !allowBareIP)) return undefined;
  const v6 = ip.includes(':');
  const addr = v6 ? parseIPv6(ip) : parseIPv4(ip);
  const bits = v6 ? 128 : 32;
  if (addr === undefined) return undefined;
  const prefix = prefixText === undefined ? bits : /^\d+$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) return undefined;
  const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n);
  return { v6, addr: addr & mask, prefix };
}

function netArg(s: string, i: number, allowBareIP: boolean): Net {
  const n = parseNet(s, allowBareIP);
  if (!n) throw new BuiltinError('eval_builtin_error', `operand ${i + 1}: invalid CIDR or IP ${JSON.stringify(s)}`);
  return n;
}

/** Does a contain all of b (same family)? */
function contains(a: Net, b: Net): boolean {
  if (a.v6 !== b.v6 || b.prefix < a.prefix) return false;
  const bits = BigInt(a.v6 ? 128 : 32);
  const shift = bits - BigInt(a.prefix);
  return a.addr >> shift === b.addr >> shift;
}

function formatIP(addr: bigint, v6: boolean): string {
  if (!v6) return [24n, 16n, 8n, 0n].map((s) => String((addr >> s) & 255n)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => (addr >> BigInt(112 - 16 * i)) & 0xffffn);
  // The longest run of two or more zero groups becomes `::`, as Go prints it.
  let best = [-1, 0];
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0n) j++;
    if (j - i > best[1]! && j - i >= 2) best = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best[0]! < 0) return hex.join(':');
  return `${hex.slice(0, best[0]).join(':')}::${hex.slice(best[0]! + best[1]!).join(':')}`;
}

/** The (key, CIDR) pairs of a string, array, set or object operand, as net.cidr_contains_matches reads them. */
function keyedCidrs(args: Value[], i: number): [Value, string][] {
  const v = oneOf(args, i, ['string', 'array', 'set', 'object']);
  const cidrOf = (x: Value): string => {
    const c = Array.isArray(x) ? x[0] : x;
    if (typeof c !== 'string') throw new BuiltinError('eval_type_error', `operand ${i + 1} must contain CIDR strings (or arrays starting with one)`);
    return c;
  };
  if (typeof v === 'string') return [[v, v]];
  if (Array.isArray(v)) return v.map((x, k) => [BigInt(k), cidrOf(x)]);
  if (v instanceof RSet) return v.sorted().map((x) => [x, cidrOf(x)]);
  return (v as RObject).sorted().map(([k, x]) => [k, cidrOf(x)]);
}

export const NET: Record<string, Builtin> = {
  'net.cidr_expand': fn(1, (a, ctx) => {
    const n = netArg(str(a, 0), 0, false);
    const count = 1n << BigInt((n.v6 ? 128 : 32) - n.prefix);
    ctx.charge(count > 1n << 40n ? Number.MAX_SAFE_INTEGER : Number(count));
    const out = new RSet();
    for (let i = 0n; i < count; i++) out.add(formatIP(n.addr + i, n.v6));
    return out;
  }),
  'net.cidr_contains_matches': fn(2, (a) => {
    const cidrs = keyedCidrs(a, 0);
    const targets = keyedCidrs(a, 1);
    const out = new RSet();
    for (const [ck, c] of cidrs) {
      const net = netArg(c, 0, false);
      for (const [tk, t] of targets) if (contains(net, netArg(t, 1, true))) out.add([ck, tk]);
    }
    return out;
  }),
  'net.cidr_contains': fn(2, (a) => contains(netArg(str(a, 0), 0, false), netArg(str(a, 1), 1, true))),
  'net.cidr_intersects': fn(2, (a) => {
    const x = netArg(str(a, 0), 0, false);
    const y = netArg(str(a, 1), 1, false);
    return contains(x, y) || contains(y, x);
  }),
  'net.cidr_is_valid': fn(1, (a) => typeof a[0] === 'string' && parseNet(a[0], false) !== undefined),
};
