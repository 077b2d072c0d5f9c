import { loadAll } from 'js-yaml';
import { parseYamlFile } from '../src/documents/parse-file.js';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
const root = '/tmp/t10k';
const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((p) => /\.ya?ml$/.test(p)).sort().map((p) => join(root, p));
const texts = files.map((f) => readFileSync(f, 'utf8'));
const tiny = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';
function time(label: string, fn: () => void, n: number) { const t0 = performance.now(); for (let i = 0; i < n; i++) fn(); return ((performance.now() - t0) * 1000 / n).toFixed(2) + ' µs ' + label; }
for (let round = 0; round < 3; round++) {
  console.log(time('ours tiny', () => parseYamlFile({ path: 'x.yaml', text: tiny }), 50000), '|', time('js tiny', () => loadAll(tiny), 50000));
  let t0 = performance.now(); for (let k = 0; k < 2; k++) for (const t of texts) { try { parseYamlFile({ path: 'x.yaml', text: t }); } catch {} } const a = (performance.now() - t0) / 2;
  t0 = performance.now(); for (let k = 0; k < 2; k++) for (const t of texts) { try { loadAll(t); } catch {} } const b = (performance.now() - t0) / 2;
  console.log('tree pass: ours', a.toFixed(0), 'js', b.toFixed(0));
}
