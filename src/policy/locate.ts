import type { Position } from '../model/finding.js';
import type { ParsedDocument, PathSegment } from '../documents/types.js';

/**
 * Where a policy result points in its document: the node at `path` (the value itself for a scalar
 * leaf such as an image, the key or item otherwise), or the document's first line without a path.
 */
export function locateResult(doc: ParsedDocument, path: readonly PathSegment[] | undefined): Position {
  if (!path || path.length === 0 || doc.contextOnly) return doc.start;
  return doc.locate(path, isScalar(valueAt(doc.value, path)) ? 'value' : 'key');
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

function isScalar(v: unknown): boolean {
  return v !== undefined && (typeof v !== 'object' || v === null);
}
