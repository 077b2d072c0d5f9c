// Benchmark (not a test): parseYamlFile over every corpus file, repeated in memory, against js-yaml's loadAll.
// The two alternate over several trials and the best trial of each counts (the machine is shared).
// Run: node --import tsx bench/parse.ts   (or on the compiled build for numbers without tsx)
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYamlFile } from '../src/documents/parse-file.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const corpora = resolve(root, '../shared/corpora');
const ROUNDS = Number(process.env.ROUNDS ?? 50);
const TRIALS = Number(process.env.TRIALS ?? 3);

const texts = readdirSync(corpora, { recursive: true, encoding: 'utf8' })
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => readFileSync(join(corpora, name), 'utf8').replace(/^\uFEFF/, ''));
const megabytes = (texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) * ROUNDS) / 1e6;

interface Contender {
  label: string;
  parse: (text: string) => number;
  best: number;
  documents: number;
}

function trial(contender: Contender): void {
  const started = process.hrtime.bigint();
  let documents = 0;
  for (let round = 0; round < ROUNDS; round++) for (const text of texts) documents += contender.parse(text);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  contender.best = Math.min(contender.best, seconds);
  contender.documents = documents;
}

const contenders: Contender[] = [
  { label: 'parseYamlFile', parse: (text) => parseYamlFile({ path: 'bench', text }).documents.length, best: Infinity, documents: 0 },
];
if (existsSync(join(root, 'node_modules/js-yaml'))) {
  const jsYaml = createRequire(import.meta.url)('js-yaml') as { loadAll(text: string): unknown[] };
  const loadAll = (text: string): number => {
    try {
      return jsYaml.loadAll(text).length;
    } catch {
      return 0;
    }
  };
  contenders.push({ label: 'js-yaml loadAll', parse: loadAll, best: Infinity, documents: 0 });
} else {
  console.log('js-yaml is not installed: comparison skipped');
}

for (const contender of contenders) for (const text of texts) contender.parse(text); // warm-up
for (let i = 0; i < TRIALS; i++) for (const contender of contenders) trial(contender);

for (const { label, best, documents } of contenders) {
  console.log(
    `${label.padEnd(16)} ${best.toFixed(3)} s  ${(megabytes / best).toFixed(1)} MB/s  ${Math.round(documents / best)} docs/s  (${documents} docs, ${megabytes.toFixed(1)} MB, best of ${TRIALS})`,
  );
}
if (contenders.length === 2) console.log(`ratio parseYamlFile / js-yaml: ${(contenders[0]!.best / contenders[1]!.best).toFixed(2)}`);
