import fc from 'fast-check';
import { stringify } from 'yaml';
import { decodeSource } from '../../src/documents/read.js';
import { parseYamlFile } from '../../src/documents/parse-file.js';
import { checkKubernetesObject } from '../../src/documents/kubernetes-object.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSchemaPass } from '../../src/schema/pass.js';
import { loadPolicies } from '../../src/policy/load.js';
import { createPolicyPass } from '../../src/policy/pass.js';
import { createGitopsPass } from '../../src/gitops/pass.js';
import { assertFinding, lineCount } from './yaml-fuzz-target.js';
import { assertOneLine, type FuzzTarget } from './fuzz-target.js';
import { manifestSeeds } from './seeds.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every Kubernetes object of the corpora, as values. */
const objects: Json[] = manifestSeeds().flatMap((seed) => {
  const read = decodeSource(seed.bytes, seed.path);
  if (!read.file) return [];
  return parseYamlFile(read.file).documents.flatMap((d) => (checkKubernetesObject(d) === undefined ? [d.value as Json] : []));
});

/** Where in the object an edit lands, chosen among its nodes by fraction; what it does there. */
type Edit = { at: number; op: { kind: 'replace'; value: Json } | { kind: 'delete' } | { kind: 'add'; key: string; value: Json } };

const editArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  op: fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), value: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> }),
    fc.record({ kind: fc.constant('delete' as const) }),
    fc.record({ kind: fc.constant('add' as const), key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('apiVersion', 'kind', 'metadata', 'spec', 'items', '<<', 'containers', 'x-kubernetes-int-or-string')), value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> }),
  ),
});

function nodes(value: Json, out: Array<{ parent: Json[] | { [key: string]: Json }; key: string | number }> = []) {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push({ parent: value, key: i }), nodes(v, out)));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) (out.push({ parent: value, key: k }), nodes(v, out));
  return out;
}

function edit(value: Json, edits: Edit[]): Json {
  const copy = structuredClone(value);
  for (const { at, op } of edits) {
    const all = nodes(copy);
    if (all.length === 0) break;
    const { parent, key } = all[Math.floor(at * all.length)]!;
    const target = parent as Record<string | number, Json>;
    if (op.kind === 'replace') target[key] = op.value;
    else if (op.kind === 'add' && target[key] !== null && typeof target[key] === 'object' && !Array.isArray(target[key])) (target[key] as Record<string, Json>)[op.key] = op.value;
    else if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete target[key];
  }
  return copy;
}

/** The built-in policy library, as a run with no `policy/` directory loads it (from an empty folder, removed once read: the worker is ended, not exited). */
const emptyDir = mkdtempSync(join(tmpdir(), 'gitops-check-fuzz-'));
const policies = await loadPolicies(emptyDir, { locations: [], data: [], builtin: true }, { includeTests: false });
rmSync(emptyDir, { recursive: true });
const policyOptions = { namespaces: undefined, allNamespaces: false, combine: false, suppressExceptions: false, disabledRules: [] };
const gitopsPass = createGitopsPass({ cwd: '/fuzz', config: {} });

/**
 * Corpus objects with values replaced, deleted or added anywhere, in one cluster file with up to three
 * untouched corpus objects (so references, duplicates and selectors meet each other), through the
 * schema pass, the built-in policies and the repo-wide GitOps checks: findings only.
 */
export const fuzzTarget: FuzzTarget<{ object: number; edits: Edit[]; others: number[] }> = {
  arbitrary: fc.record({
    object: fc.integer({ min: 0, max: objects.length - 1 }),
    edits: fc.array(editArb, { minLength: 1, maxLength: 5 }),
    others: fc.array(fc.integer({ min: 0, max: objects.length - 1 }), { maxLength: 3 }),
  }),
  async check({ object, edits, others }) {
    const text = [edit(objects[object]!, edits), ...others.map((o) => objects[o]!)].map((value) => stringify(value)).join('---\n');
    const parsed = parseYamlFile({ path: 'clusters/kind/web/fuzz.yaml', absPath: '/fuzz/clusters/kind/web/fuzz.yaml', text });
    // A `<<` key is a merge key when read back: a YAML error then, as for any user.
    for (const error of parsed.errors) assertOneLine('syntax error', error.message);
    const lines = lineCount(text);
    const checkable = parsed.documents.filter((doc) => {
      const gate = checkKubernetesObject(doc);
      if (gate) assertFinding(gate, lines);
      return gate === undefined;
    });
    const passes = [createSchemaPass({ strict: true, ignoreMissingSchemas: false, skipKinds: [], schemaLocations: [] }, checkable), createPolicyPass(policies, policyOptions)(checkable)];
    for (const doc of checkable) {
      for (const pass of passes) {
        const { findings, skips } = pass.check(doc);
        for (const finding of findings) assertFinding(finding, lines);
        for (const skip of skips) assertOneLine('skip reason', skip.reason);
      }
    }
    for (const finding of await gitopsPass(checkable)) assertFinding(finding, lines);
  },
};
