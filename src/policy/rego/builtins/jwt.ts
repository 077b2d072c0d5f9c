import { X509Certificate, constants, createHmac, createPrivateKey, createPublicKey, sign, verify, type KeyObject, type SignKeyObjectInput } from 'node:crypto';
import { RObject, toJSONText, type Value } from '../values.js';
import { sameBytes } from './crypto.js';
import { parseJSON } from './encoding.js';
import { BuiltinError, fn, obj, str, type Builtin, type BuiltinContext } from './util.js';

type Family = 'HS' | 'RS' | 'PS' | 'ES';
const ALGS: Record<string, [Family, string]> = Object.fromEntries(
  (['HS', 'RS', 'PS', 'ES'] as Family[]).flatMap((f) => ['256', '384', '512'].map((bits) => [`${f}${bits}`, [f, `sha${bits}`]])),
);

interface Token {
  header: RObject;
  payload: RObject;
  signed: string;
  signature: Buffer;
}

function fail(message: string): BuiltinError {
  return new BuiltinError('eval_builtin_error', message);
}

function b64json(part: string, what: string): RObject {
  let v: Value;
  try {
    v = parseJSON(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw fail(`JWT ${what} had invalid encoding`);
  }
  if (!(v instanceof RObject)) throw fail(`JWT ${what} must be an object`);
  return v;
}

function decode(token: string): Token {
  const parts = token.split('.');
  if (parts.length !== 3) throw fail('encoded JWT had no period separators');
  const [h, p, s] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw fail('JWT signature had invalid encoding');
  const header = b64json(h, 'header');
  // A nested JWT (cty: JWT) carries another token as its payload.
  if (header.get('cty') === 'JWT') return decode(Buffer.from(p, 'base64url').toString('utf8'));
  return { header, payload: b64json(p, 'payload'), signed: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
}

/** Public keys from a PEM certificate, a PEM public key, or a JWK / JWKS in JSON. */
function publicKeys(material: string): KeyObject[] {
  try {
    if (material.includes('-----BEGIN CERTIFICATE-----')) return [new X509Certificate(material).publicKey];
    if (material.includes('-----BEGIN')) return [createPublicKey(material)];
    const jwk = JSON.parse(material) as { keys?: object[] };
    return (jwk.keys ?? [jwk]).map((k) => createPublicKey({ key: k as never, format: 'jwk' }));
  } catch {
    throw fail('failed to parse a PEM certificate, public key or JWK');
  }
}

/** The key as sign and verify take it for an RS, PS or ES algorithm: PSS padding for PS, JWS's r||s signatures for ES. */
function keyFor(family: Family, key: KeyObject): KeyObject | SignKeyObjectInput {
  if (family === 'PS') return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
  if (family === 'ES') return { key, dsaEncoding: 'ieee-p1363' };
  return key;
}

function verifies(t: Token, alg: string, keyMaterial: string): boolean {
  const [family, hash] = ALGS[alg]!;
  const data = Buffer.from(t.signed);
  if (family === 'HS') {
    return sameBytes(createHmac(hash, keyMaterial).update(data).digest(), t.signature);
  }
  return publicKeys(keyMaterial).some((key) => {
    try {
      return verify(hash, data, keyFor(family, key), t.signature);
    } catch {
      return false;
    }
  });
}

const verifyAs = (alg: string): Builtin =>
  fn(2, (a) => {
    const t = decode(str(a, 0));
    return verifies(t, alg, str(a, 1));
  });

/** io.jwt.decode_verify: the signature, `alg`, `iss`, `aud`, and `exp`/`nbf` against `time` (default now). */
function decodeVerify(token: string, constraints: RObject, ctx: BuiltinContext): Value {
  const invalid: Value = [false, new RObject(), new RObject()];
  const t = decode(token);
  const alg = t.header.get('alg');
  if (typeof alg !== 'string' || !(alg in ALGS)) return invalid;
  const wanted = constraints.get('alg');
  if (wanted !== undefined && wanted !== alg) return invalid;
  const secret = constraints.get('secret');
  const cert = constraints.get('cert');
  const material = ALGS[alg]![0] === 'HS' ? secret : cert;
  if (typeof material !== 'string') throw fail(secret === undefined && cert === undefined ? 'no key (cert or secret) in the constraints' : `the key for ${alg} must be a ${ALGS[alg]![0] === 'HS' ? 'secret' : 'cert'} string`);
  if (!verifies(t, alg, material)) return invalid;
  const time = constraints.get('time') ?? ctx.nowNs;
  const nowSeconds = Number(typeof time === 'bigint' ? time : BigInt(Math.trunc(Number(time)))) / 1e9;
  const exp = t.payload.get('exp');
  const nbf = t.payload.get('nbf');
  if (exp !== undefined && nowSeconds >= Number(exp)) return invalid;
  if (nbf !== undefined && nowSeconds < Number(nbf)) return invalid;
  const iss = constraints.get('iss');
  if (iss !== undefined && t.payload.get('iss') !== iss) return invalid;
  const aud = constraints.get('aud');
  const tokenAud = t.payload.get('aud');
  const auds = Array.isArray(tokenAud) ? tokenAud : tokenAud === undefined ? [] : [tokenAud];
  if (aud === undefined ? auds.length > 0 : !auds.includes(aud)) return invalid;
  return [true, t.header, t.payload];
}

/** io.jwt.encode_sign_raw: the header and payload as JSON text, the key as a JWK. */
function encodeSign(headerText: string, payloadText: string, jwkText: string): string {
  let header: { alg?: string };
  let jwk: { k?: string; kty?: string };
  try {
    header = JSON.parse(headerText) as { alg?: string };
    JSON.parse(payloadText);
    jwk = JSON.parse(jwkText) as { k?: string; kty?: string };
  } catch {
    throw fail('invalid JSON in the header, payload or key');
  }
  const alg = header.alg;
  if (alg === undefined || !(alg in ALGS)) throw fail(`unknown signature algorithm ${alg ?? '(none)'}`);
  const [family, hash] = ALGS[alg]!;
  const signed = `${Buffer.from(headerText).toString('base64url')}.${Buffer.from(payloadText).toString('base64url')}`;
  let sig: Buffer;
  if (family === 'HS') {
    if (jwk.kty !== 'oct' || jwk.k === undefined) throw fail('an HS key must be a JWK of kty oct');
    sig = createHmac(hash, Buffer.from(jwk.k, 'base64url')).update(signed).digest();
  } else {
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: jwk as never, format: 'jwk' });
    } catch {
      throw fail(`invalid private JWK for ${alg}`);
    }
    sig = sign(hash, Buffer.from(signed), keyFor(family, key));
  }
  return `${signed}.${sig.toString('base64url')}`;
}

export const JWT: Record<string, Builtin> = {
  'io.jwt.decode': fn(1, (a) => {
    const t = decode(str(a, 0));
    return [t.header, t.payload, t.signature.toString('hex')];
  }),
  'io.jwt.decode_verify': fn(2, (a, ctx) => decodeVerify(str(a, 0), obj(a, 1), ctx)),
  ...Object.fromEntries(Object.keys(ALGS).map((alg) => [`io.jwt.verify_${alg.toLowerCase()}`, verifyAs(alg)])),
  'io.jwt.encode_sign_raw': fn(3, (a) => encodeSign(str(a, 0), str(a, 1), str(a, 2))),
  'io.jwt.encode_sign': fn(3, (a) => encodeSign(toJSONText(obj(a, 0)), toJSONText(obj(a, 1)), toJSONText(obj(a, 2)))),
};
