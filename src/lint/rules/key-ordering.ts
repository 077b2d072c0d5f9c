import type { TokenRule } from '../rule.js';
import { MAPPING_KEY_KINDS, mappingKeys } from './mapping-keys.js';

/**
 * yamllint's key-ordering: keys of a mapping in alphabetical order, reported at a key that sorts
 * before one already seen. Without a configured `locale` the order is by code point (the C locale).
 */
export const keyOrdering: TokenRule<Record<string, never>> = {
  id: 'key-ordering',
  type: 'token',
  kinds: MAPPING_KEY_KINDS,
  defaults: {},
  options: {},
  start(_o, { locale }) {
    const tag = locale === undefined ? undefined : bcp47(locale);
    const compare = tag ? new Intl.Collator(tag).compare : byCodePoint;
    // Out of order means before some key kept so far, that is before the greatest of them, kept as the
    // mapping's one element: an array is the cheapest object to make per mapping.
    return mappingKeys(
      (): [greatest?: string] => [],
      (key, kept, report) => {
        if (kept[0] !== undefined && compare(key.value, kept[0]) < 0) {
          report(key.start.line + 1, key.start.column + 1, `wrong ordering of key "${key.value}" in mapping`);
        } else {
          kept[0] = key.value;
        }
      },
    );
  },
};

/** A POSIX locale name (`en_US.UTF-8`) as a BCP 47 tag (`en-US`); `C` and `POSIX` have none. */
export function bcp47(locale: string): string | undefined {
  const tag = locale.replace(/[.@].*$/, '').replace('_', '-');
  return tag === 'C' || tag === 'POSIX' || tag === '' ? undefined : tag;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
