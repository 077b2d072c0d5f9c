import type { Position } from '../../model/finding.js';
import type { ParsedDocument, PathSegment } from '../../documents/types.js';

/**
 * Where `line`:`column` of a string value (1-based, counted inside the string) lies in the file, when
 * the value is written as a literal block scalar (`rego: |`), whose lines are the file's lines shifted
 * by the block's indentation. Undefined for other styles (folded, quoted, explicit indentation), whose
 * lines do not map one to one.
 */
export function positionInBlockScalar(doc: ParsedDocument, path: readonly PathSegment[], line: number, column: number): Position | undefined {
  const header = doc.locate(path, 'value');
  const lines = doc.file.text.split(/\r?\n/);
  const indicator = lines[header.line - 1]?.slice(header.column - 1) ?? '';
  if (!/^\|[-+]?\s*(#.*)?$/.test(indicator)) return undefined;
  const first = lines.slice(header.line).find((l) => l.trim() !== '');
  if (first === undefined) return undefined;
  const indent = first.length - first.trimStart().length;
  return { line: header.line + line, column: indent + column };
}
