import { isAbsolute, relative, resolve, sep } from 'node:path';
import { STDIN_PATH } from '../discovery/discover.js';

/**
 * How CI systems name a finding's file: relative to the repository root (`root`, e.g. GITHUB_WORKSPACE)
 * when the run happens in a subdirectory of it; undefined for stdin, which has no file.
 */
export function repoPathOf(cwd: string, root: string | undefined): (file: string) => string | undefined {
  return (file) => {
    if (file === STDIN_PATH) return undefined;
    if (!root) return file;
    const rel = relative(root, resolve(cwd, file));
    return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
  };
}

/** A `/`-separated relative path as a URI reference: every segment percent-encoded, parentheses too (Markdown links). */
export function uriPath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}
