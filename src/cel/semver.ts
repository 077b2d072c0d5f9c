import { celFunc, celMethod, CelScalar } from '@bufbuild/cel';
import { comparisonMethods } from './comparable.js';
import { SEMVER_TYPE } from './opaque-types.js';

interface Version {
  major: bigint;
  minor: bigint;
  patch: bigint;
  prerelease: string[];
}

// semver.org's grammar (build metadata is allowed and ignored in comparisons).
const STRICT = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/;

/** With `normalize`, `v1.2` and `01.2.3` are read as `1.2.0` and `1.2.3`, as Kubernetes' semver(…, true) does. */
function parseVersion(text: string, normalize: boolean): Version | undefined {
  let candidate = text;
  if (normalize) {
    const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(.*)$/.exec(text);
    if (match) candidate = `${[match[1], match[2] ?? '0', match[3] ?? '0'].map((n) => String(BigInt(n!))).join('.')}${match[4]}`;
  }
  const match = STRICT.exec(candidate);
  if (!match) return undefined;
  return { major: BigInt(match[1]!), minor: BigInt(match[2]!), patch: BigInt(match[3]!), prerelease: match[4] ? match[4].split('.') : [] };
}

function compareIdentifiers(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) return Math.sign(Number(BigInt(a) - BigInt(b)));
  if (numeric.test(a) !== numeric.test(b)) return numeric.test(a) ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compare(a: Version, b: Version): number {
  for (const key of ['major', 'minor', 'patch'] as const) if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  // A pre-release sorts before its release.
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return Math.sign(b.prerelease.length - a.prerelease.length);
  for (let i = 0; i < Math.min(a.prerelease.length, b.prerelease.length); i++) {
    const order = compareIdentifiers(a.prerelease[i]!, b.prerelease[i]!);
    if (order !== 0) return order;
  }
  return Math.sign(a.prerelease.length - b.prerelease.length);
}

function make(text: string, normalize: boolean) {
  const version = parseVersion(text, normalize);
  if (!version) throw new Error(`No Major.Minor.Patch elements found in "${text}"`);
  return SEMVER_TYPE.make(`${version.major}.${version.minor}.${version.patch}${version.prerelease.length > 0 ? `-${version.prerelease.join('.')}` : ''}`);
}

const versionOf = (value: unknown) => parseVersion(SEMVER_TYPE.text(value), false)!;
const SEMVER = SEMVER_TYPE.type;
const { STRING, BOOL, INT } = CelScalar;

/** Kubernetes' semver library (k8s.io/apiserver/pkg/cel/library/semverlib.go). */
export const semverFunctions = [
  celFunc('semver', [STRING], SEMVER, (text) => make(text, false)),
  celFunc('semver', [STRING, BOOL], SEMVER, make),
  celFunc('isSemver', [STRING], BOOL, (text) => parseVersion(text, false) !== undefined),
  celFunc('isSemver', [STRING, BOOL], BOOL, (text, normalize) => parseVersion(text, normalize) !== undefined),
  celFunc('string', [SEMVER], STRING, (version) => SEMVER_TYPE.text(version)),
  celMethod('major', SEMVER, [], INT, function () {
    return versionOf(this).major;
  }),
  celMethod('minor', SEMVER, [], INT, function () {
    return versionOf(this).minor;
  }),
  celMethod('patch', SEMVER, [], INT, function () {
    return versionOf(this).patch;
  }),
  ...comparisonMethods(SEMVER, (a, b) => compare(versionOf(a), versionOf(b))),
];
