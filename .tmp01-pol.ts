import { resolve } from 'node:path';
import { parseYamlFile } from './src/documents/parse-file.js';
import { checkKubernetesObject } from './src/documents/kubernetes-object.js';
import { corpusSources } from './bench/tree.js';
import { loadPolicies } from './src/policy/load.js';
import { createPolicyPass } from './src/policy/pass.js';
const corpora = resolve('..', 'shared', 'corpora');
const docs = corpusSources(3).flatMap((file) => parseYamlFile(file).documents.filter((d) => d.value !== null && !checkKubernetesObject(d)));
const policies = await loadPolicies(corpora, { locations: [], data: [], builtin: true }, { includeTests: false });
const pass = createPolicyPass(policies, { namespaces: undefined, allNamespaces: false, combine: false, suppressExceptions: false, disabledRules: [] })(docs);
const WORK = new Set(['Pod','Deployment','StatefulSet','DaemonSet','ReplicaSet','ReplicationController','Job','CronJob','PodTemplate']);
const work = docs.filter((d) => WORK.has((d.value as any).kind));
const rounds = Number(process.env.ROUNDS ?? 30);
const all: number[] = [];
for (let r = 0; r < rounds; r++) {
  const s = process.hrtime.bigint(); let n = 0;
  for (const d of work) n += pass.check(d).findings.length;
  const ms = Number(process.hrtime.bigint() - s) / 1e6;
  all.push(ms);
  if (r < 3) console.log(r, work.length, ms.toFixed(1), 'ms', (1000 * ms / work.length).toFixed(1), 'us/doc', n);
}
const tail = all.slice(-Math.floor(rounds / 2)).sort((a, b) => a - b);
console.log('steady median', (1000 * tail[tail.length >> 1]! / work.length).toFixed(1), 'us/doc');
