import type { Finding } from '../../model/finding.js';
import type { GitopsContext } from '../context.js';
import { checkDuplicates } from './duplicates.js';
import { checkMissingNamespaces } from './namespace-placement.js';
import { checkReferences } from './references.js';
import { checkServiceSelectors } from './service-selectors.js';

/** The checks of each cluster's set (`ctx.clusters`): every cluster of the repository at once, or one at a time. */
export const CLUSTER_CHECKS: ReadonlyArray<(ctx: GitopsContext) => Finding[]> = [checkMissingNamespaces, checkDuplicates, checkReferences, checkServiceSelectors];
