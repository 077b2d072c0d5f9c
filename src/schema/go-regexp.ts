import type { Options } from 'ajv';

type RegExpEngine = NonNullable<NonNullable<Options['code']>['regExp']>;
type RegExpLike = ReturnType<RegExpEngine>;

const ANYTHING: RegExpLike = { test: () => true };

function compile(pattern: string, flags: string): RegExpLike {
  try {
    return new RegExp(pattern, flags);
  } catch {
    // RE2's case-insensitive group has no JS equivalent before Node 23: apply it to the whole pattern.
    if (pattern.includes('(?i)')) {
      try {
        return new RegExp(pattern.replaceAll('(?i)', ''), `${flags}i`);
      } catch {
        // fall through
      }
    }
    // A pattern JS cannot read is left unchecked, as a Go-only feature must not fail a valid resource.
    return ANYTHING;
  }
}

/** ajv's regexp engine for Kubernetes schemas, whose `pattern`s are Go (RE2) regular expressions. */
export const goRegExp: RegExpEngine = Object.assign(compile, { code: 'goRegExp' });
