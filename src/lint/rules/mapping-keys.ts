import type { ScalarToken, TokenKind } from '../../documents/yaml/tokens.js';
import type { Report, TokenEvent } from '../rule.js';

/** Judges a scalar key of a mapping against what its rule keeps for that mapping (`open` makes it). */
export type KeyCheck<S> = (key: ScalarToken, kept: S, report: Report) => void;

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
 * Walks the nesting of collections and hands each scalar key of a mapping to `check` with what the
 * rule keeps for that mapping (key-duplicates: the keys seen; key-ordering: the greatest). A Key token
 * can also stand inside a flow sequence (`[a: 1]`): only mappings count.
 */
export function mappingKeys<S>(open: () => S, check: KeyCheck<S>): (event: TokenEvent, report: Report) => void {
  // One frame per open collection: the mapping's kept state, null for a sequence.
  const stack: Array<S | null> = [];
  return ({ curr, next }, report) => {
    switch (curr.kind) {
      case 'BlockMappingStart':
      case 'FlowMappingStart':
        stack.push(open());
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
        const kept = stack[stack.length - 1];
        if (next?.kind === 'Scalar' && kept !== null && kept !== undefined) check(next, kept, report);
        break;
      }
      default:
        break;
    }
  };
}
