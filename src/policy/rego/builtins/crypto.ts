import { createHash, createHmac } from 'node:crypto';
import { fn, str, type Builtin } from './util.js';

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
};
