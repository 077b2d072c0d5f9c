import type { TokenRule } from '../rule.js';

interface Options {
  'require-numeral-before-decimal': boolean;
  'forbid-scientific-notation': boolean;
  'forbid-nan': boolean;
  'forbid-inf': boolean;
}

const NUMERAL_BEFORE_DECIMAL = /^[-+]?(\.[0-9]+)([eE][-+]?[0-9]+)?$/;
const SCIENTIFIC_NOTATION = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)$/;
const INF = /^[-+]?(\.inf|\.Inf|\.INF)$/;
const NAN = /^(\.nan|\.NaN|\.NAN)$/;

/** yamllint's float-values: plain floats written as `.5`, `1e3`, `.nan` or `.inf`. */
export const floatValues: TokenRule<Options> = {
  id: 'float-values',
  type: 'token',
  kinds: ['Scalar'],
  defaults: { 'require-numeral-before-decimal': false, 'forbid-scientific-notation': false, 'forbid-nan': false, 'forbid-inf': false },
  options: { 'require-numeral-before-decimal': 'bool', 'forbid-scientific-notation': 'bool', 'forbid-nan': 'bool', 'forbid-inf': 'bool' },
  start(o) {
    return ({ curr, prev }, report) => {
      if (prev?.kind === 'Tag' || curr.kind !== 'Scalar' || curr.style !== 'plain') return;
      const { value } = curr;
      const at = (message: string) => report(curr.start.line + 1, curr.start.column + 1, message);
      if (o['forbid-nan'] && NAN.test(value)) at(`forbidden not a number value "${value}"`);
      if (o['forbid-inf'] && INF.test(value)) at(`forbidden infinite value "${value}"`);
      if (o['forbid-scientific-notation'] && SCIENTIFIC_NOTATION.test(value)) at(`forbidden scientific notation "${value}"`);
      if (o['require-numeral-before-decimal'] && NUMERAL_BEFORE_DECIMAL.test(value)) at(`forbidden decimal missing 0 prefix "${value}"`);
    };
  },
};
