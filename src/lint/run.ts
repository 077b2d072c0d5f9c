import type { Finding } from '../model/finding.js';
import type { ParsedFile } from '../documents/parse-file.js';
import { syntaxFindings } from './syntax.js';

/** The YAML pass over one parsed file: syntax errors and the enabled yamllint rules. */
export function lintFile(parsed: ParsedFile): Finding[] {
  return syntaxFindings(parsed);
}
