import ignore from 'ignore';

/** A gitignore-style ("gitwildmatch") pattern list as a predicate on `/`-separated relative paths. */
export function pathMatcher(patterns: readonly string[]): (path: string) => boolean {
  const matcher = ignore({ allowRelativePaths: true }).add(patterns.filter((p) => p.trim() !== ''));
  return (path) => path !== '' && matcher.ignores(path.replace(/^(\.\/)+/, ''));
}
