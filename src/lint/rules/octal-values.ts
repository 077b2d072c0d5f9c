import type { TokenRule } from '../rule.js';

interface Options {
  'forbid-implicit-octal': boolean;
  'forbid-explicit-octal': boolean;
}

const OCTAL_DIGITS = /^[0-7]+$/;

/** yamllint's octal-values: plain `010` (an int 8 in YAML 1.1) and `0o10`. */
export const octalValues: TokenRule<Options> = {
  id: 'octal-values',
  type: 'token',
  kinds: ['Scalar'],
  defaults: { 'forbid-implicit-octal': true, 'forbid-explicit-octal': true },
  options: { 'forbid-implicit-octal': 'bool', 'forbid-explicit-octal': 'bool' },
  start(o) {
    return ({ curr, prev }, report) => {
      if (prev?.kind === 'Tag' || curr.kind !== 'Scalar' || curr.style !== 'plain') return;
      const { value } = curr;
      if (o['forbid-implicit-octal'] && value.length > 1 && value[0] === '0' && OCTAL_DIGITS.test(value.slice(1))) {
        report(curr.start.line + 1, curr.end.column + 1, `forbidden implicit octal value "${value}"`);
      }
      if (o['forbid-explicit-octal'] && value.length > 2 && value.startsWith('0o') && OCTAL_DIGITS.test(value.slice(2))) {
        report(curr.start.line + 1, curr.end.column + 1, `forbidden explicit octal value "${value}"`);
      }
    };
  },
};
