import { celMethod, CelScalar, listType } from '@bufbuild/cel';

const { STRING, INT } = CelScalar;

/** A JS reading of an RE2 pattern; RE2's leading `(?i)` becomes the `i` flag. */
function compile(pattern: string): RegExp {
  const insensitive = pattern.startsWith('(?i)');
  try {
    return new RegExp(insensitive ? pattern.slice(4) : pattern, insensitive ? 'gui' : 'gu');
  } catch (error) {
    throw new Error(`invalid regex: ${pattern}: ${(error as Error).message}`);
  }
}

function findAll(text: string, pattern: string, limit: bigint): string[] {
  const found = [...text.matchAll(compile(pattern))].map((m) => m[0]);
  return limit < 0n ? found : found.slice(0, Number(limit));
}

/** Kubernetes' regex library (k8s.io/apiserver/pkg/cel/library/regex.go). */
export const regexFunctions = [
  celMethod('find', STRING, [STRING], STRING, function (pattern) {
    return findAll(this, pattern, 1n)[0] ?? '';
  }),
  celMethod('findAll', STRING, [STRING], listType(STRING), function (pattern) {
    return findAll(this, pattern, -1n);
  }),
  celMethod('findAll', STRING, [STRING, INT], listType(STRING), function (pattern, limit) {
    return findAll(this, pattern, limit);
  }),
];
