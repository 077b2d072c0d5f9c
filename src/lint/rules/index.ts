import type { AnyRule } from '../rule.js';
import { anchors } from './anchors.js';
import { braces } from './braces.js';
import { brackets } from './brackets.js';
import { colons } from './colons.js';
import { commas } from './commas.js';
import { comments } from './comments.js';
import { commentsIndentation } from './comments-indentation.js';
import { documentEnd } from './document-end.js';
import { documentStart } from './document-start.js';
import { emptyLines } from './empty-lines.js';
import { emptyValues } from './empty-values.js';
import { floatValues } from './float-values.js';
import { hyphens } from './hyphens.js';
import { indentation } from './indentation.js';
import { keyDuplicates } from './key-duplicates.js';
import { keyOrdering } from './key-ordering.js';
import { lineLength } from './line-length.js';
import { newLineAtEndOfFile } from './new-line-at-end-of-file.js';
import { newLines } from './new-lines.js';
import { octalValues } from './octal-values.js';
import { quotedStrings } from './quoted-strings.js';
import { trailingSpaces } from './trailing-spaces.js';
import { truthy } from './truthy.js';

/** Every rule by its yamllint id. */
export const RULES: ReadonlyMap<string, AnyRule> = new Map<string, AnyRule>(
  [
    anchors, braces, brackets, colons, commas, comments, commentsIndentation, documentEnd, documentStart, emptyLines,
    emptyValues, floatValues, hyphens, indentation, keyDuplicates, keyOrdering, lineLength, newLineAtEndOfFile, newLines,
    octalValues, quotedStrings, trailingSpaces, truthy,
  ].map((rule) => [rule.id, rule as AnyRule]),
);
