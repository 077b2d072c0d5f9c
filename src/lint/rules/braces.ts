import type { TokenRule } from '../rule.js';
import { type FlowCollectionOptions, flowCollectionRule } from './flow-collection.js';

/** yamllint's braces: spaces inside `{ }`, or flow mappings forbidden. */
export const braces: TokenRule<FlowCollectionOptions> = flowCollectionRule('braces', 'FlowMappingStart', 'FlowMappingEnd', 'braces', 'flow mapping');
