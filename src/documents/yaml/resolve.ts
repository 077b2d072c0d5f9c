/**
 * PyYAML's implicit resolvers (YAML 1.1, as SafeLoader uses them): the tag a plain scalar gets
 * from its text. Tried in PyYAML's order for the scalar's first character.
 */

export const TAG_NULL = 'tag:yaml.org,2002:null';
export const TAG_BOOL = 'tag:yaml.org,2002:bool';
export const TAG_INT = 'tag:yaml.org,2002:int';
export const TAG_FLOAT = 'tag:yaml.org,2002:float';
export const TAG_STR = 'tag:yaml.org,2002:str';
export const TAG_MERGE = 'tag:yaml.org,2002:merge';
export const TAG_TIMESTAMP = 'tag:yaml.org,2002:timestamp';
export const TAG_VALUE = 'tag:yaml.org,2002:value';
export const TAG_SEQ = 'tag:yaml.org,2002:seq';
export const TAG_MAP = 'tag:yaml.org,2002:map';

/** Word lists, not patterns: a set answers quicker, and keys like `name` or `type` mostly skip it (below). */
const BOOL_WORDS = new Set(['yes', 'Yes', 'YES', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF']);
const NULL_WORDS = new Set(['null', 'Null', 'NULL']);
const INT_RE = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT_RE =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const TIMESTAMP_RE =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;

/** The tag of a scalar resolved by content (plain, or tagged with the bare `!`). */
export function resolveScalarTag(value: string): string {
  if (value === '') return TAG_NULL;
  const c = value.charCodeAt(0);
  switch (c) {
    case 126: // ~
      return value === '~' ? TAG_NULL : TAG_STR;
    case 110: case 78: // n N
      if (value.length === 2) return BOOL_WORDS.has(value) ? TAG_BOOL : TAG_STR;
      return value.length === 4 && (value.charCodeAt(1) | 0x20) === 117 && NULL_WORDS.has(value) ? TAG_NULL : TAG_STR;
    case 121: case 89: case 116: case 84: case 102: case 70: case 111: case 79: // y Y t T f F o O
      return mayBeBoolWord(value) && BOOL_WORDS.has(value) ? TAG_BOOL : TAG_STR;
    case 60: // <
      return value === '<<' ? TAG_MERGE : TAG_STR;
    case 61: // =
      return value === '=' ? TAG_VALUE : TAG_STR;
    case 46: // .
      return FLOAT_RE.test(value) ? TAG_FLOAT : TAG_STR;
    case 43: case 45: // + -
      if (FLOAT_RE.test(value)) return TAG_FLOAT;
      return INT_RE.test(value) ? TAG_INT : TAG_STR;
    default:
      if (c >= 48 && c <= 57) {
        if (isDecimal(value)) return TAG_INT;
        if (FLOAT_RE.test(value)) return TAG_FLOAT;
        if (INT_RE.test(value)) return TAG_INT;
        return TIMESTAMP_RE.test(value) ? TAG_TIMESTAMP : TAG_STR;
      }
      return TAG_STR;
  }
}

/**
 * A cheap test before the set lookup: the bool words' second letters (yes, true, false, on, off) in
 * either case. Keys such as `type` or `template` stop here.
 */
function mayBeBoolWord(value: string): boolean {
  if (value.length > 5) return false;
  const second = value.charCodeAt(1) | 0x20;
  return second === 101 || second === 114 || second === 97 || second === 110 || second === 102;
}

/** Digits only, not a leading 0 (ports, counts): an int, which the patterns would find after two tries. */
function isDecimal(value: string): boolean {
  if (value.charCodeAt(0) === 48) return value.length === 1;
  for (let i = 1; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
