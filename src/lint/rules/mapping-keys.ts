import type { ScalarToken, TokenKind } from '../../documents/yaml/tokens.js';
import type { Report, TokenEvent } from '../rule.js';

/** Judges a scalar key against the keys kept so far in its mapping; true keeps it. */
export type KeyCheck = (key: ScalarToken, seen: string[], report: Report) => boolean;

/** The tokens mappingKeys' check reads: collections opening and closing, keys. */
export const MAPPING_KEY_KINDS: readonly TokenKind[] = [
  'BlockMappingStart',
  'FlowMappingStart',
  'BlockSequenceStart',
  'FlowSequenceStart',
  'BlockEnd',
  'FlowMappingEnd',
  'FlowSequenceEnd',
  'Key',
];

/**
 * Walks the nesting of collections and hands each scalar key of a mapping to `check` with the keys
 * its mapping kept so far (key-duplicates and key-ordering). A Key token can also stand inside a
 * flow sequence (`[a: 1]`): only mappings count.
 */
export function mappingKeys(check: KeyCheck): (event: TokenEvent, report: Report) => void {
  // One frame per open collection: the kept keys for a mapping, null for a sequence.
  const stack: Array<string[] | null> = [];
  return ({ curr, next }, report) => {
    switch (curr.kind) {
      case 'BlockMappingStart':
      case 'FlowMappingStart':
        stack.push([]);
        break;
      case 'BlockSequenceStart':
      case 'FlowSequenceStart':
        stack.push(null);
        break;
      case 'BlockEnd':
      case 'FlowMappingEnd':
      case 'FlowSequenceEnd':
        stack.pop();
        break;
      case 'Key': {
        const keys = stack[stack.length - 1];
        if (next?.kind === 'Scalar' && keys && check(next, keys, report)) keys.push(next.value);
        break;
      }
      default:
        break;
    }
  };
}
