import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { RObject, type Value } from '../values.js';
import { fn, str, type Builtin } from './util.js';

const UUID = /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;
const VARIANTS = ['Reserved', 'RFC4122', 'Microsoft', 'Future'];

/** uuid.parse: the fields OPA reports (version, variant, and the time, clock and node of versions 1 and 2). */
function parseUUID(s: string): Value | undefined {
  const m = UUID.exec(s);
  if (!m) return undefined;
  const hex = m.slice(1).join('').toLowerCase();
  const byte = (i: number) => parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  const version = byte(6) >> 4;
  const v8 = byte(8);
  const variant = VARIANTS[v8 >> 7 === 0 ? 0 : v8 >> 6 === 2 ? 1 : v8 >> 5 === 6 ? 2 : 3]!;
  const out = new RObject([['version', BigInt(version)], ['variant', variant]]);
  if (version === 1 || version === 2) {
    const ticks = (BigInt('0x' + hex.slice(13, 16)) << 48n) | (BigInt('0x' + hex.slice(8, 12)) << 32n) | BigInt('0x' + hex.slice(0, 8));
    // 100 ns ticks since 1582-10-15, as nanoseconds since the Unix epoch.
    out.set('time', (ticks - 0x01b21dd213814000n) * 100n);
    out.set('clocksequence', BigInt(((v8 & 0x3f) << 8) | byte(9)));
    out.set('nodeid', hex.slice(20).match(/../g)!.join('-'));
    if (version === 2) {
      out.set('id', BigInt(parseInt(hex.slice(0, 8), 16)));
      out.set('domain', ['Person', 'Group', 'Org'][byte(9)] ?? `Domain${byte(9)}`);
    }
  }
  return out;
}

/** Byte-for-byte equality in constant time for equal lengths. */
export function sameBytes(x: Buffer, y: Buffer): boolean {
  return x.length === y.length && timingSafeEqual(x, y);
}

const hash = (alg: string): Builtin => fn(1, (a) => createHash(alg).update(str(a, 0), 'utf8').digest('hex'));
const hmac = (alg: string): Builtin => fn(2, (a) => createHmac(alg, str(a, 1)).update(str(a, 0), 'utf8').digest('hex'));

export const CRYPTO: Record<string, Builtin> = {
  'crypto.md5': hash('md5'),
  'crypto.sha1': hash('sha1'),
  'crypto.sha256': hash('sha256'),
  'crypto.hmac.md5': hmac('md5'),
  'crypto.hmac.sha1': hmac('sha1'),
  'crypto.hmac.sha256': hmac('sha256'),
  'crypto.hmac.sha512': hmac('sha512'),
  'crypto.hmac.equal': fn(2, (a) => sameBytes(Buffer.from(str(a, 0)), Buffer.from(str(a, 1)))),
  // One random UUID per key within an evaluation, as OPA caches it.
  'uuid.rfc4122': fn(1, (a, ctx) => ctx.memo(`uuid.rfc4122:${str(a, 0)}`, randomUUID)),
  'uuid.parse': fn(1, (a) => parseUUID(str(a, 0))),
};
