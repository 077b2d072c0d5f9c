import fc from 'fast-check';
import { tokenize } from '../../src/policy/rego/lexer.js';
import { PolicySet, RegoError } from '../../src/policy/rego/index.js';
import { applyMutations, mutatedSeedArb, type Mutation } from './mutations.js';
import { policySeeds } from './seeds.js';
import { assertOneLine, type FuzzTarget } from './fuzz-target.js';

const seeds = policySeeds();

/** A Deployment that meets most built-in rules, so mutated rules get evaluated, not just compiled. */
const INPUT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'prod', labels: { app: 'web' } },
  spec: {
    template: {
      spec: {
        hostNetwork: true,
        volumes: [{ name: 'h', hostPath: { path: '/etc' } }],
        containers: [{ name: 'app', image: 'nginx:latest', securityContext: { privileged: true }, resources: { limits: { cpu: '1' } } }],
      },
    },
  },
};

/** Small enough that a runaway rule stops quickly; it must stop with a RegoError all the same. */
const LIMITS = { maxSteps: 100_000, maxDepth: 100 };

/** Terms of generated policies: values, input references, collections, comprehensions, calls, operators. */
const { term } = fc.letrec<{ term: string }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('1', '-2.5', '1e308', '"a"', '""', 'true', 'null', 'x', 'input', 'input.spec', 'input.spec.template.spec.containers[_]', 'input.metadata.labels[k]', 'data.p'),
    fc.tuple(tie('term'), tie('term')).map(([a, b]) => `[${a}, ${b}]`),
    tie('term').map((a) => `{${a}}`),
    fc.tuple(tie('term'), tie('term')).map(([a, b]) => `{"k": ${a}, "l": ${b}}`),
    tie('term').map((a) => `[y | some y in ${a}]`),
    tie('term').map((a) => `{y: z | some y, z in ${a}}`),
    fc.tuple(fc.constantFrom('count', 'sum', 'sort', 'to_number', 'upper', 'json.marshal', 'base64.encode', 'is_string', 'object.keys', 'regex.match', 'type_name', 'walk'), tie('term')).map(([f, a]) => `${f}(${a})`),
    fc.tuple(fc.constantFrom('concat', 'startswith', 'split', 'sprintf', 'object.get', 'array.concat', 'regex.match', 'glob.match', 'semver.compare', 'units.parse_bytes', 'numbers.range'), tie('term'), tie('term')).map(([f, a, b]) => `${f}(${a}, ${b})`),
    fc.tuple(tie('term'), fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '&', '|'), tie('term')).map(([a, op, b]) => `(${a} ${op} ${b})`),
  ),
}));

const bodyArb = fc.array(
  fc.oneof(
    term.map((t) => `x := ${t}`),
    fc.tuple(term, term).map(([a, b]) => `${a} == ${b}`),
    term.map((t) => `not ${t}`),
    term.map((t) => `some w in ${t}`),
    term,
  ),
  { minLength: 1, maxLength: 4 },
);

const generatedArb = fc.record({ body: bodyArb, msg: term }).map(({ body, msg }) =>
  ['package p', 'import rego.v1', `deny contains m if {`, ...body.map((e) => `\t${e}`), `\tm := sprintf("%v", [${msg}])`, '}', ''].join('\n'),
);

type Input = { mutated: { seed: number; mutations: Mutation[] } } | { generated: string };

function isOneLineRegoError(error: unknown): void {
  if (!(error instanceof RegoError)) throw error;
  assertOneLine('Rego error', error.message);
}

/** Compile (all seeds, one of them mutated, or one generated module), then evaluate every rule. */
function run(modules: Array<{ path: string; source: string }>): void {
  for (const m of modules) {
    try {
      tokenize(m.source, m.path);
    } catch (error) {
      isOneLineRegoError(error);
    }
  }
  let policies: PolicySet;
  try {
    policies = PolicySet.compile(modules);
  } catch (error) {
    return isOneLineRegoError(error);
  }
  for (const [pkg, rules] of policies.packages()) {
    for (const rule of rules) {
      try {
        policies.evalRule(`data.${pkg}.${rule}`, { input: INPUT, limits: LIMITS });
      } catch (error) {
        isOneLineRegoError(error);
      }
    }
  }
}

/** Mutated built-in policies and generated ones through the lexer, parser, compiler and evaluator. */
export const fuzzTarget: FuzzTarget<Input> = {
  arbitrary: fc.oneof(mutatedSeedArb(seeds.length).map((mutated) => ({ mutated })), generatedArb.map((generated) => ({ generated }))),
  check(input) {
    if ('generated' in input) return run([{ path: 'generated.rego', source: input.generated }]);
    const modules = seeds.map((s, i) => ({ path: s.path, source: (i === input.mutated.seed ? applyMutations(s.bytes, input.mutated.mutations) : s.bytes).toString('utf8') }));
    run(modules);
  },
};
