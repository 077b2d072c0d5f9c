import { BuiltinError, fn, str, type Builtin } from './util.js';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

function parse(v: string): { nums: bigint[]; pre: string[] } | undefined {
  const m = SEMVER.exec(v);
  if (!m) return undefined;
  return { nums: [BigInt(m[1]!), BigInt(m[2]!), BigInt(m[3]!)], pre: m[4] ? m[4].split('.') : [] };
}

function cmpPre(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) return BigInt(x) < BigInt(y) ? -1 : 1;
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

const SEMVER_BUILTINS: Record<string, Builtin> = {
  'semver.is_valid': fn(1, (a) => typeof a[0] === 'string' && parse(a[0]) !== undefined),
  'semver.compare': fn(2, (a) => {
    const [x, y] = [0, 1].map((i) => {
      const s = str(a, i);
      const p = parse(s);
      if (!p) throw new BuiltinError('eval_builtin_error', `operand ${i + 1}: string ${JSON.stringify(s)} is not a valid SemVer`);
      return p;
    }) as [NonNullable<ReturnType<typeof parse>>, NonNullable<ReturnType<typeof parse>>];
    for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i]! < y.nums[i]! ? -1n : 1n;
    return BigInt(cmpPre(x.pre, y.pre));
  }),
};
export { SEMVER_BUILTINS as SEMVER };
