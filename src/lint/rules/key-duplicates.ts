import type { TokenRule } from '../rule.js';
import { MAPPING_KEY_KINDS, mappingKeys, type KeyCheck } from './mapping-keys.js';

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
    return mappingKeys(noKeys, checkKey);
  },
};

const noKeys = (): string[] => [];

const checkKey: KeyCheck<string[]> = (key, seen, report) => {
  if (key.value !== '<<' && includes(seen, key.value)) report(key.start.line + 1, key.start.column + 1, `duplication of key "${key.value}" in mapping`);
  else add(seen, key.value);
};

/** Past this many keys a mapping's keys are also looked up in a set: n keys cost n lookups, not n²/2 comparisons. */
const LIST_SCAN_KEYS = 32;
const keySets = new WeakMap<string[], Set<string>>();

function includes(seen: string[], key: string): boolean {
  if (seen.length < LIST_SCAN_KEYS) return seen.includes(key);
  let set = keySets.get(seen);
  if (!set) keySets.set(seen, (set = new Set(seen)));
  return set.has(key);
}

function add(seen: string[], key: string): void {
  seen.push(key);
  keySets.get(seen)?.add(key);
}
