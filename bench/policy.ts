/**
 * Policy pass throughput with the built-in library over every manifest of ../shared/corpora
 * (repeated), against parsing the same YAML: documents per second and the pass's share of
 * parse + policy. Run: node --import tsx bench/policy.ts [copies]
 */
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseYamlFile } from '../src/documents/parse-file.js';
import { checkKubernetesObject } from '../src/documents/kubernetes-object.js';
import { corpusSources, time } from './tree.js';
import type { ParsedDocument, SourceFile } from '../src/documents/types.js';
import { loadPolicies } from '../src/policy/load.js';
import { createPolicyPass } from '../src/policy/pass.js';

const corpora = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'corpora');
const copies = Number(process.argv[2] ?? 10);

const sources: SourceFile[] = corpusSources(copies);


const parse = time(() => sources.flatMap((file) => parseYamlFile(file).documents.filter((d) => d.value !== null && !checkKubernetesObject(d))));
const docs: ParsedDocument[] = parse.result;
const compileStart = performance.now();
// The corpora have no policy/ of their own: the built-in library alone.
const policies = await loadPolicies(corpora, { locations: [], data: [], builtin: true }, { includeTests: false });
const compileMs = performance.now() - compileStart;
const pass = createPolicyPass(policies, { namespaces: undefined, allNamespaces: false, combine: false, suppressExceptions: false, disabledRules: [] })(docs);
const check = time(() => docs.reduce((n, doc) => n + pass.check(doc).findings.length, 0));

const perSecond = (ms: number) => Math.round(docs.length / (ms / 1000));
console.log(`${sources.length} files, ${docs.length} documents (${copies} copies of the corpora)`);
console.log(`compile built-in library: ${compileMs.toFixed(1)} ms`);
console.log(`parse:  ${parse.ms.toFixed(0)} ms, ${perSecond(parse.ms)} docs/s`);
console.log(`policy: ${check.ms.toFixed(0)} ms, ${perSecond(check.ms)} docs/s, ${check.result} findings`);
console.log(`policy share of parse + policy: ${((100 * check.ms) / (parse.ms + check.ms)).toFixed(0)}%`);
