/** Check-id patterns, as suppressions and the run's record of its checks use them: an id, or a prefix ending in `*`. */

export function matchesPattern(pattern: string, check: string): boolean {
  return pattern.endsWith('*') ? check.startsWith(pattern.slice(0, -1)) : check === pattern;
}

/**
 * Whether a pattern names a check among `ids`, or in one of the `families` (prefixes such as `gitops/`, whose
 * ids are made at run time).
 */
export function coversPattern(pattern: string, ids: readonly string[], families: readonly string[]): boolean {
  if (families.some((family) => pattern.startsWith(family))) return true;
  if (!pattern.endsWith('*')) return ids.includes(pattern);
  const prefix = pattern.slice(0, -1);
  return ids.some((id) => id.startsWith(prefix)) || families.some((family) => family.startsWith(prefix));
}
