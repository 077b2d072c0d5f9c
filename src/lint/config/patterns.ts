import ignore from 'ignore';

/** `*.ext` or a plain name: ASCII, no slash, no other wildcard, not a comment or a negation. */
const SIMPLE = /^\*?[A-Za-z0-9._-]*[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A gitignore-style ("gitwildmatch") pattern list as a predicate on `/`-separated relative paths. */
export function pathMatcher(patterns: readonly string[]): (path: string) => boolean {
  const kept = patterns.filter((p) => p.trim() !== '');
  const matcher = ignore({ allowRelativePaths: true }).add(kept);
  const byLibrary = (path: string) => path !== '' && matcher.ignores(path.replace(/^(\.\/)+/, ''));
  if (!kept.every((p) => SIMPLE.test(p))) return byLibrary;
  // A bare name (yaml-files is judged on base names, for every file) against `*.ext` and plain
  // names: what the library answers, without its per-name cost.
  const names = kept.filter((p) => !p.startsWith('*')).map((p) => p.toLowerCase());
  const tails = kept.filter((p) => p.startsWith('*')).map((p) => p.slice(1).toLowerCase());
  return (path) => {
    if (path.includes('/')) return byLibrary(path);
    for (const name of names) if (path.length === name.length && endsWithIgnoringCase(path, name)) return true;
    for (const tail of tails) if (endsWithIgnoringCase(path, tail)) return true;
    return false;
  };
}

/**
 * Whether `text` ends with `tail` (lower case ASCII), ASCII letters in any case: the library's
 * case-insensitive regular expressions fold no other character onto ASCII.
 */
function endsWithIgnoringCase(text: string, tail: string): boolean {
  const from = text.length - tail.length;
  if (from < 0) return false;
  for (let i = 0; i < tail.length; i++) {
    let c = text.charCodeAt(from + i);
    if (c >= 65 && c <= 90) c |= 32;
    if (c !== tail.charCodeAt(i)) return false;
  }
  return true;
}
