/** Writes the README's check table (between its rules-table markers) from the rules registry. */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withRulesTable } from '../src/rules/listing.js';

const readme = join(dirname(fileURLToPath(import.meta.url)), '../README.md');
writeFileSync(readme, withRulesTable(readFileSync(readme, 'utf8')));
