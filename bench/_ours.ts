import { parseYamlFile } from '../src/documents/parse-file.js';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
const root = '/tmp/t10k';
const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((p) => /\.ya?ml$/.test(p)).sort().map((p) => join(root, p));
const texts = files.map((f) => readFileSync(f, 'utf8'));
for (let k = 0; k < 6; k++) for (const t of texts) parseYamlFile({ path: 'x.yaml', text: t });
