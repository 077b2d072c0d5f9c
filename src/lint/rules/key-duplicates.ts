import type { TokenRule } from '../rule.js';
import { MAPPING_KEY_KINDS, mappingKeys } from './mapping-keys.js';

/**
 * yamllint's key-duplicates: a scalar key seen twice in the same mapping, reported at the second
 * one. Merge keys (`<<`) may repeat.
 */
export const keyDuplicates: TokenRule<Record<string, never>> = {
  id: 'key-duplicates',
  type: 'token',
  kinds: MAPPING_KEY_KINDS,
  defaults: {},
  options: {},
  start() {
    return mappingKeys((key, seen, report) => {
      if (key.value !== '<<' && seen.includes(key.value)) {
        report(key.start.line + 1, key.start.column + 1, `duplication of key "${key.value}" in mapping`);
        return false;
      }
      return true;
    });
  },
};
