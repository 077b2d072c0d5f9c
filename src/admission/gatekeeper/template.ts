import type { Finding, Position, Severity } from '../../model/finding.js';
import type { ParsedDocument, PathSegment } from '../../documents/types.js';
import { asArray, asObject, asString, findingIn, valueAt, type RepoObject } from '../../gitops/objects.js';
import { PolicySet, RegoError } from '../../policy/rego/index.js';
import { compiledPolicyStore } from '../../cache/policies.js';
import type { DiskCache } from '../../cache/disk-cache.js';
import { positionInBlockScalar } from './block-scalar.js';
import { ADMISSION_TARGET } from './kinds.js';

/** A ConstraintTemplate whose Rego compiled: its constraints can be evaluated. */
export interface CompiledTemplate {
  doc: ParsedDocument;
  /** Where the template sits in its document: `[]`, or `['items', i]` in a List. */
  at: readonly PathSegment[];
  /** The constraint kind it defines (`spec.crd.spec.names.kind`). */
  kind: string;
  policy: PolicySet;
  /** The rule evaluated for each review: `data.<package>.violation`. */
  violation: string;
  /** Whether the Rego reads `data.inventory` (building it costs a pass over the cluster's set). */
  usesInventory: boolean;
  sources: RegoSource[];
}

/** What a template gives: the kind it defines (when it says), the compiled template (when usable), its problems. */
export interface TemplateReading {
  kind?: string;
  template?: CompiledTemplate;
  findings: Finding[];
}

export interface RegoSource {
  /** Where the source sits in the template. */
  path: PathSegment[];
  source: string;
}

/** The template's own Rego and libs, from `rego`/`libs` or a `code` entry with `engine: Rego`. */
function regoSources(target: Record<string, unknown>, at: PathSegment[]): { rego?: RegoSource; libs: RegoSource[]; cel: boolean } {
  const code = asArray(target.code);
  const cel = code.some((c) => asObject(c)?.engine === 'K8sNativeValidation');
  const sourceOf = (base: PathSegment[], holder: Record<string, unknown> | undefined) => {
    const rego = asString(holder?.rego);
    if (rego === undefined) return undefined;
    const libs = asArray(holder?.libs).flatMap((lib, i) => (typeof lib === 'string' ? [{ path: [...base, 'libs', i], source: lib }] : []));
    return { rego: { path: [...base, 'rego'], source: rego }, libs, cel };
  };
  const direct = sourceOf(at, target);
  if (direct) return direct;
  for (const [i, entry] of code.entries()) {
    if (asObject(entry)?.engine !== 'Rego') continue;
    const found = sourceOf([...at, 'code', i, 'source'], asObject(asObject(entry)?.source));
    if (found) return found;
  }
  return { libs: [], cel };
}

const PACKAGE = /^[ \t]*package[ \t]+([A-Za-z_][\w.]*)/m;

/**
 * Reads and compiles a ConstraintTemplate the way Gatekeeper admits one: it defines a constraint kind
 * named like the template, has one target (`admission.k8s.gatekeeper.sh`), Rego that compiles with
 * its libs, a `violation` rule, and libs in packages under `lib.`. Each problem is a finding on the
 * template, at the offending Rego line when the interpreter names one.
 */
export function readTemplate(object: RepoObject, cache?: DiskCache): TemplateReading {
  const { doc, at: base, value } = object;
  const name = asString(asObject(value.metadata)?.name);
  const kindPath = ['spec', 'crd', 'spec', 'names', 'kind'];
  const kind = asString(valueAt(value, kindPath));
  const check = `gatekeeper/${kind ?? name ?? 'ConstraintTemplate'}`;
  const label = `ConstraintTemplate ${name ?? ''}`.trimEnd();
  const findings: Finding[] = [];
  const report = (path: readonly PathSegment[], message: string, severity: Severity = 'error') => findings.push(findingIn(doc, [...base, ...path], check, severity, `${label}: ${message}`));

  if (kind === undefined) {
    report(kindPath, 'spec.crd.spec.names.kind is missing: the template defines no constraint kind');
    return { findings };
  }
  if (name !== kind.toLowerCase()) report(['metadata', 'name'], `metadata.name must be the lowercase of the constraint kind ${kind} (${kind.toLowerCase()})`);
  const targets = asArray(valueAt(value, ['spec', 'targets']));
  if (targets.length !== 1) {
    report(['spec', 'targets'], `spec.targets must have exactly one target (${ADMISSION_TARGET}), not ${targets.length}`);
    return { kind, findings };
  }
  const target = asObject(targets[0]) ?? {};
  const at: PathSegment[] = ['spec', 'targets', 0];
  if (target.target !== ADMISSION_TARGET) {
    report([...at, 'target'], `target ${JSON.stringify(target.target ?? null)} is not ${ADMISSION_TARGET}, the target Gatekeeper's validating webhook evaluates`);
    return { kind, findings };
  }
  const { rego, libs, cel } = regoSources(target, at);
  if (!rego) {
    if (cel) report([...at, 'code'], `only K8sNativeValidation (CEL) code, which gitops-check does not evaluate in templates: constraints of kind ${kind} are not checked`, 'warning');
    else report(at, 'the target has no rego');
    return { kind, findings };
  }
  for (const lib of libs) {
    const pkg = PACKAGE.exec(lib.source)?.[1];
    if (pkg !== undefined && !pkg.startsWith('lib.')) report(lib.path, `lib package ${pkg} must start with "lib."`);
  }
  const sources = [rego, ...libs];
  let policy: PolicySet;
  try {
    const modules = sources.map((s) => ({ path: JSON.stringify(s.path), source: s.source }));
    policy = PolicySet.compile(modules, compiledPolicyStore(cache, modules));
  } catch (error) {
    // A Rego text nested past the JS stack fails outside the interpreter's own errors: still a finding.
    if (!(error instanceof RegoError)) report(rego.path, `the rego could not be compiled: ${error instanceof Error ? error.message : String(error)}`);
    else findings.push({ ...findingIn(doc, [...base, ...rego.path], check, 'error', `${label}: ${error.code}: ${error.detail}`), ...regoErrorPosition(doc, base, sources, error) });
    return { kind, findings };
  }
  const pkg = PACKAGE.exec(rego.source)?.[1];
  if (pkg === undefined || !policy.packages().get(pkg)?.includes('violation')) {
    report(rego.path, `the rego defines no violation rule${pkg === undefined ? '' : ` in package ${pkg}`}`);
    return { kind, findings };
  }
  if (findings.some((f) => f.severity === 'error')) return { kind, findings };
  const usesInventory = sources.some((s) => /data\s*\.\s*inventory|data\s*\[\s*"inventory"/.test(s.source));
  return { kind, template: { doc, at: base, kind, policy, violation: `data.${pkg}.violation`, usesInventory, sources }, findings };
}

/**
 * Where a Rego error lies in the template file: its line and column inside the Rego source it names,
 * mapped through the block scalar (a position past the last line is put at the end of that line);
 * else the start of that source's value.
 */
export function regoErrorPosition(doc: ParsedDocument, at: readonly PathSegment[], sources: readonly RegoSource[], error: RegoError): Position {
  const source = sources.find((s) => JSON.stringify(s.path) === error.pos?.file) ?? sources[0]!;
  const path = [...at, ...source.path];
  const fallback = doc.locate(path, 'value');
  if (!error.pos) return fallback;
  const lines = source.source.replace(/\n$/, '').split('\n');
  const line = Math.min(error.pos.line, lines.length);
  const column = line < error.pos.line ? lines[line - 1]!.length + 1 : error.pos.col;
  return positionInBlockScalar(doc, path, line, column) ?? fallback;
}
