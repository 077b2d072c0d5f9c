import { isIPv4, isIPv6 } from 'node:net';
import { celFunc, celMethod, CelScalar } from '@bufbuild/cel';
import { CIDR_TYPE, IP_TYPE } from './opaque-types.js';

/** An address as bytes: 4 for IPv4, 16 for IPv6. */
type Address = number[];

function ipv4Bytes(text: string): Address {
  return text.split('.').map(Number);
}

/** Bytes of an address Kubernetes accepts (no zone, no IPv4-mapped IPv6, no leading zeros), or a reason. */
function parseAddress(text: string): Address | string {
  if (isIPv4(text)) return ipv4Bytes(text);
  if (!isIPv6(text)) return `IP Address "${text}" parse error during conversion from string`;
  if (text.includes('%')) return `IP address with zone value is not allowed`;
  const [head = '', tail = ''] = text.includes('::') ? text.split('::') : [text, ''];
  const groups = (part: string): number[] =>
    part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ((b) => [(b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!])(ipv4Bytes(g)) : [parseInt(g, 16)]));
  const left = groups(head);
  const right = groups(tail);
  const words = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return 'IPv4-mapped IPv6 address is not allowed';
  return bytes;
}

function formatAddress(bytes: Address): string {
  if (bytes.length === 4) return bytes.join('.');
  const words = Array.from({ length: 8 }, (_, i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  // The longest run of two or more zero words becomes `::` (RFC 5952).
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

function address(text: string): Address {
  const parsed = parseAddress(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

interface Prefix {
  bytes: Address;
  length: number;
}

function parsePrefix(text: string): Prefix | string {
  const slash = text.indexOf('/');
  const bits = slash < 0 ? '' : text.slice(slash + 1);
  const bytes = slash < 0 ? 'missing prefix length' : parseAddress(text.slice(0, slash));
  if (typeof bytes === 'string' || !/^(0|[1-9]\d*)$/.test(bits) || Number(bits) > bytes.length * 8) {
    return `network address parse error during conversion from CIDR: netip.ParsePrefix("${text}"): invalid prefix`;
  }
  return { bytes, length: Number(bits) };
}

function prefix(text: string): Prefix {
  const parsed = parsePrefix(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

function masked(p: Prefix): Address {
  return p.bytes.map((byte, i) => {
    const keep = Math.max(0, Math.min(8, p.length - 8 * i));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
}

function contains(p: Prefix, bytes: Address): boolean {
  return bytes.length === p.bytes.length && masked({ bytes, length: p.length }).every((b, i) => b === masked(p)[i]);
}

function containsPrefix(outer: Prefix, inner: Prefix): boolean {
  return inner.length >= outer.length && contains(outer, inner.bytes);
}

const ipOf = (value: unknown) => address(IP_TYPE.text(value));
const prefixOf = (value: unknown) => prefix(CIDR_TYPE.text(value));
const makeIp = (text: string) => (address(text), IP_TYPE.make(text));
const makeCidr = (text: string) => (prefix(text), CIDR_TYPE.make(text));

const isLinkLocalUnicast = (b: Address) => (b.length === 4 ? b[0] === 169 && b[1] === 254 : b[0] === 0xfe && (b[1]! & 0xc0) === 0x80);
const isLinkLocalMulticast = (b: Address) => (b.length === 4 ? b[0] === 224 && b[1] === 0 && b[2] === 0 : b[0] === 0xff && (b[1]! & 0x0f) === 0x02);
const isLoopback = (b: Address) => (b.length === 4 ? b[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1);
const isUnspecified = (b: Address) => b.every((x) => x === 0);
const isMulticast = (b: Address) => (b.length === 4 ? b[0]! >= 224 && b[0]! < 240 : b[0] === 0xff);
const isBroadcast = (b: Address) => b.length === 4 && b.every((x) => x === 255);

const IP = IP_TYPE.type;
const CIDR = CIDR_TYPE.type;
const { STRING, BOOL, INT } = CelScalar;

/** Kubernetes' ip and cidr libraries (k8s.io/apiserver/pkg/cel/library/ip.go, cidr.go). */
export const networkFunctions = [
  celFunc('ip', [STRING], IP, makeIp),
  celFunc('isIP', [STRING], BOOL, (text) => typeof parseAddress(text) !== 'string'),
  celFunc('string', [IP], STRING, (ip) => formatAddress(ipOf(ip))),
  celMethod('family', IP, [], INT, function () {
    return ipOf(this).length === 4 ? 4n : 6n;
  }),
  celMethod('isUnspecified', IP, [], BOOL, function () {
    return isUnspecified(ipOf(this));
  }),
  celMethod('isLoopback', IP, [], BOOL, function () {
    return isLoopback(ipOf(this));
  }),
  celMethod('isLinkLocalMulticast', IP, [], BOOL, function () {
    return isLinkLocalMulticast(ipOf(this));
  }),
  celMethod('isLinkLocalUnicast', IP, [], BOOL, function () {
    return isLinkLocalUnicast(ipOf(this));
  }),
  celMethod('isGlobalUnicast', IP, [], BOOL, function () {
    const b = ipOf(this);
    return !(isUnspecified(b) || isLoopback(b) || isMulticast(b) || isLinkLocalUnicast(b) || isBroadcast(b));
  }),
  celFunc('cidr', [STRING], CIDR, makeCidr),
  celFunc('isCIDR', [STRING], BOOL, (text) => typeof parsePrefix(text) !== 'string'),
  celFunc('string', [CIDR], STRING, (cidr) => CIDR_TYPE.text(cidr)),
  celMethod('containsIP', CIDR, [IP], BOOL, function (ip) {
    return contains(prefixOf(this), ipOf(ip));
  }),
  celMethod('containsIP', CIDR, [STRING], BOOL, function (text) {
    return contains(prefixOf(this), address(text));
  }),
  celMethod('containsCIDR', CIDR, [CIDR], BOOL, function (other) {
    return containsPrefix(prefixOf(this), prefixOf(other));
  }),
  celMethod('containsCIDR', CIDR, [STRING], BOOL, function (text) {
    return containsPrefix(prefixOf(this), prefix(text));
  }),
  celMethod('ip', CIDR, [], IP, function () {
    return IP_TYPE.make(formatAddress(prefixOf(this).bytes));
  }),
  celMethod('masked', CIDR, [], CIDR, function () {
    const p = prefixOf(this);
    return CIDR_TYPE.make(`${formatAddress(masked(p))}/${p.length}`);
  }),
  celMethod('prefixLength', CIDR, [], INT, function () {
    return BigInt(prefixOf(this).length);
  }),
];
