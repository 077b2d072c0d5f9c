/**
 * Schema pass throughput over a large tree built in memory from ../shared/corpora (every manifest,
 * repeated), cold (fresh pass: store reads and ajv compiles included) and warm (validators cached),
 * against parsing the same YAML. Run: node --import tsx bench/schema.ts [copies]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseYamlFile } from '../src/documents/parse-file.js';
import { checkKubernetesObject, isKustomizationFile } from '../src/documents/kubernetes-object.js';
import type { ParsedDocument, SourceFile } from '../src/documents/types.js';
import { createSchemaPass, type SchemaOptions } from '../src/schema/pass.js';

const shared = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared');
const corpora = join(shared, 'corpora');
const copies = Number(process.argv[2] ?? 10);

const sources: SourceFile[] = [];
for (const corpus of readdirSync(corpora, { withFileTypes: true }).filter((d) => d.isDirectory())) {
  const root = join(corpora, corpus.name);
  for (const path of readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f) && !isKustomizationFile(f))) {
    const text = readFileSync(join(root, path), 'utf8');
    for (let i = 0; i < copies; i++) sources.push({ path: `copy${i}/${corpus.name}/${path}`, text });
  }
}

function parseAll(): ParsedDocument[] {
  return sources.flatMap((file) => parseYamlFile(file).documents.filter((d) => d.value !== null && !checkKubernetesObject(d)));
}

function time<T>(run: () => T): { ms: number; result: T } {
  const start = performance.now();
  const result = run();
  return { ms: performance.now() - start, result };
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const options: SchemaOptions = { strict: true, ignoreMissingSchemas: true, skipKinds: [], schemaLocations: [join(shared, 'k8s-openapi', 'crds')] };

const parseRuns = [0, 1, 2, 3, 4].map(() => time(parseAll));
const docs = parseRuns[0]!.result;
const parseMs = median(parseRuns.map((r) => r.ms));

const checkAll = (pass: ReturnType<typeof createSchemaPass>) => {
  let findings = 0;
  for (const doc of docs) findings += pass.check(doc).findings.length;
  return findings;
};
const cold = time(() => checkAll(createSchemaPass(options, docs)));
const warmPass = createSchemaPass(options, docs);
checkAll(warmPass);
const warmMs = median([0, 1, 2, 3, 4].map(() => time(() => checkAll(warmPass)).ms));

const rate = (ms: number) => `${Math.round(docs.length / (ms / 1000)).toLocaleString('en-US')} docs/s`;
console.log(`${sources.length} files, ${docs.length} documents (${copies} copies of ../shared/corpora), ${cold.result} findings`);
console.log(`parse YAML          ${parseMs.toFixed(0).padStart(6)} ms  ${rate(parseMs)}`);
console.log(`schema pass, cold   ${cold.ms.toFixed(0).padStart(6)} ms  ${rate(cold.ms)}  (${(cold.ms / parseMs).toFixed(2)}× parsing)`);
console.log(`schema pass, warm   ${warmMs.toFixed(0).padStart(6)} ms  ${rate(warmMs)}  (${(warmMs / parseMs).toFixed(2)}× parsing)`);
