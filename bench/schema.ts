/**
 * Schema pass throughput over a large tree built in memory from ../shared/corpora (every manifest,
 * repeated), cold (fresh pass: store reads and ajv compiles included) and warm (validators cached),
 * against parsing the same YAML. Run: node --import tsx bench/schema.ts [copies]
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYamlFile } from '../src/documents/parse-file.js';
import { checkKubernetesObject } from '../src/documents/kubernetes-object.js';
import { corpusSources, time } from './tree.js';
import type { ParsedDocument, SourceFile } from '../src/documents/types.js';
import { createSchemaPass, type SchemaOptions } from '../src/schema/pass.js';

const shared = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared');
const copies = Number(process.argv[2] ?? 10);

const sources: SourceFile[] = corpusSources(copies);

function parseAll(): ParsedDocument[] {
  return sources.flatMap((file) => parseYamlFile(file).documents.filter((d) => d.value !== null && !checkKubernetesObject(d)));
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
