import { BuiltinError, fn, str, type Builtin } from './util.js';

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

export const NET: Record<string, Builtin> = {
  'net.cidr_contains': fn(2, (a) => contains(netArg(str(a, 0), 0, false), netArg(str(a, 1), 1, true))),
  'net.cidr_intersects': fn(2, (a) => {
    const x = netArg(str(a, 0), 0, false);
    const y = netArg(str(a, 1), 1, false);
    return contains(x, y) || contains(y, x);
  }),
  'net.cidr_is_valid': fn(1, (a) => typeof a[0] === 'string' && parseNet(a[0], false) !== undefined),
};
