import type { TokenRule } from '../rule.js';

interface Options {
  'forbid-in-block-mappings': boolean;
  'forbid-in-flow-mappings': boolean;
}

/** yamllint's empty-values: `key:` with nothing after it (implicitly null). */
export const emptyValues: TokenRule<Options> = {
  id: 'empty-values',
  type: 'token',
  kinds: ['Value'],
  defaults: { 'forbid-in-block-mappings': true, 'forbid-in-flow-mappings': true },
  options: { 'forbid-in-block-mappings': 'bool', 'forbid-in-flow-mappings': 'bool' },
  start(o) {
    return ({ curr, next }, report) => {
      if (curr.kind !== 'Value') return;
      if (o['forbid-in-block-mappings'] && (next?.kind === 'Key' || next?.kind === 'BlockEnd')) {
        report(curr.start.line + 1, curr.end.column + 1, 'empty value in block mapping');
      }
      if (o['forbid-in-flow-mappings'] && (next?.kind === 'FlowEntry' || next?.kind === 'FlowMappingEnd')) {
        report(curr.start.line + 1, curr.end.column + 1, 'empty value in flow mapping');
      }
    };
  },
};
