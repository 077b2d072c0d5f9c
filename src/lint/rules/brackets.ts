import type { TokenRule } from '../rule.js';
import { type FlowCollectionOptions, flowCollectionRule } from './flow-collection.js';

/** yamllint's brackets: spaces inside `[ ]`, or flow sequences forbidden. */
export const brackets: TokenRule<FlowCollectionOptions> = flowCollectionRule('brackets', 'FlowSequenceStart', 'FlowSequenceEnd', 'brackets', 'flow sequence');
