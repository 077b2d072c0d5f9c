import type { Finding } from '../model/finding.js';
import type { ParsedFile } from '../documents/parse-file.js';

/** yamllint's `syntax` problem: PyYAML's message and mark, one per document that does not parse. */
export function syntaxFindings(parsed: ParsedFile): Finding[] {
  return parsed.errors.map((e) => ({
    file: parsed.file.path,
    line: e.line,
    column: e.column,
    severity: 'error',
    check: 'yaml/syntax',
    message: `syntax error: ${e.message}`,
    document: { index: e.documentIndex },
  }));
}
