/**
 * Runs OPA's YAML conformance cases (../shared/opa-conformance/v1) against our Rego interpreter.
 * Prints pass/fail/skip per folder and, last, `conformance: P passed, F failed, S skipped of T`.
 * `--min-rate R` (0..1) exits 1 when the pass rate is below R. `--verbose` lists failures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import YAML from 'yaml';
import { PolicySet, RegoError, type ModuleSource } from '../src/policy/rego/index.js';
import { fromJS, toJS, type JSValue, type Value } from '../src/policy/rego/values.js';

interface Case {
  note: string;
  query: string;
  modules?: string[];
  data?: unknown;
  input?: unknown;
  input_term?: string;
  want_result?: Record<string, unknown>[];
  sort_bindings?: boolean;
  want_error_code?: string;
  want_error?: string;
  strict_error?: boolean;
}

export interface CaseOutcome {
  folder: string;
  note: string;
  status: 'pass' | 'fail' | 'skip';
  detail: string;
}

/** Comparable text of a result value: numbers by exact value, sets/arrays as JSON arrays. */
function canon(v: JSValue | unknown, sortArrays: boolean): string {
  const norm = (x: unknown): unknown => {
    if (typeof x === 'bigint') return Number.isSafeInteger(Number(x)) ? Number(x) : `#big:${x}`;
    if (Array.isArray(x)) {
      const items = x.map(norm);
      return sortArrays ? items.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) : items;
    }
    if (x && typeof x === 'object') {
      return Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, val]) => [k, norm(val)]));
    }
    return x;
  };
  return JSON.stringify(norm(v));
}

/** How a case's modules become a policy set: compiled, or (in the disk cache's test) stored and restored. */
export type CompileModules = (modules: ModuleSource[]) => PolicySet;

function runCase(c: Case, compile: CompileModules): { status: CaseOutcome['status']; detail: string } {
  const r = attempt(c, compile);
  // Network/host builtins are refused by design (issue 4: policies must not reach the network from a CI check).
  if (!r.ok && r.refused) return { status: 'skip', detail: `calls ${r.refused}, which gitops-check refuses by design` };
  return { status: r.ok ? 'pass' : 'fail', detail: r.detail };
}

function attempt(c: Case, compile: CompileModules): { ok: boolean; detail: string; refused?: string } {
  let rows: Record<string, Value>[];
  try {
    const set = compile((c.modules ?? []).map((source, i) => ({ path: `test-${i}.rego`, source })));
    let input: unknown = c.input;
    if (c.input_term !== undefined) input = PolicySet.compile([]).queryValues(`__input := ${c.input_term}`).rows[0]?.['__input'];
    rows = set.queryValues(c.query, { input, data: c.data ?? {}, strictBuiltinErrors: c.strict_error ?? false }).rows;
  } catch (e) {
    if (!(e instanceof RegoError)) return { ok: false, detail: `crash: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}` };
    const refused = /^([\w.]+): refused:/.exec(e.detail)?.[1];
    if (c.want_error_code === undefined && c.want_error === undefined) return { ok: false, detail: `unexpected error: ${e.message}`, refused };
    const opaStyle = `${e.pos ? `${e.pos.file}:${e.pos.line}: ` : ''}${e.code}: ${e.detail}`;
    const codeOk = c.want_error_code === undefined || e.code === c.want_error_code;
    const msgOk = c.want_error === undefined || opaStyle.includes(c.want_error) || e.message.includes(c.want_error);
    return codeOk && msgOk ? { ok: true, detail: '' } : { ok: false, detail: `error mismatch: got ${opaStyle}; want ${c.want_error_code ?? ''} ${c.want_error ?? ''}` };
  }
  if (c.want_error_code !== undefined || c.want_error !== undefined) {
    return { ok: false, detail: `want error ${c.want_error_code ?? ''} ${c.want_error ?? ''}, got ${rows.length} result(s)` };
  }
  const want = c.want_result ?? [];
  const sortArrays = c.sort_bindings ?? false;
  const got = rows.map((r) => canon(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, toJS(v)])), sortArrays)).sort();
  const exp = want.map((r) => canon(toJS(fromJS(r)), sortArrays)).sort();
  // Result sets are compared as sets of bindings: OPA's solution order is not part of Rego's semantics.
  if (got.length === exp.length && got.every((g, i) => g === exp[i])) return { ok: true, detail: '' };
  return { ok: false, detail: `got ${got.join(' ')} want ${exp.join(' ')}` };
}

export function runConformance(root: string, compile: CompileModules = (modules) => PolicySet.compile(modules)): CaseOutcome[] {
  const out: CaseOutcome[] = [];
  for (const folder of readdirSync(root).sort()) {
    for (const file of readdirSync(join(root, folder)).filter((f) => f.endsWith('.yaml')).sort()) {
      const doc = YAML.parse(readFileSync(join(root, folder, file), 'utf8'), { intAsBigInt: true }) as { cases: Case[] };
      for (const c of doc.cases) {
        out.push({ folder, note: c.note, ...runCase(c, compile) });
      }
    }
  }
  return out;
}

function main(argv: string[]): number {
  const root = resolve(process.cwd(), '../shared/opa-conformance/v1');
  const minIdx = argv.indexOf('--min-rate');
  const minRate = minIdx >= 0 ? Number(argv[minIdx + 1]) : undefined;
  if (minRate !== undefined && !(minRate >= 0 && minRate <= 1)) {
    console.error(`--min-rate must be a number from 0 to 1, got ${argv[minIdx + 1] ?? 'nothing'}`);
    return 2;
  }
  const verbose = argv.includes('--verbose');
  const outcomes = runConformance(root);
  const folders = new Map<string, CaseOutcome[]>();
  for (const o of outcomes) folders.set(o.folder, [...(folders.get(o.folder) ?? []), o]);
  for (const [folder, list] of folders) {
    const count = (s: CaseOutcome['status']) => list.filter((o) => o.status === s).length;
    console.log(`${folder}: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`);
    for (const o of list) {
      if (o.status === 'skip') console.log(`  skip ${o.note}: ${o.detail}`);
      if (o.status === 'fail' && verbose) console.log(`  FAIL ${o.note}: ${o.detail}`);
    }
  }
  const p = outcomes.filter((o) => o.status === 'pass').length;
  const f = outcomes.filter((o) => o.status === 'fail').length;
  const s = outcomes.filter((o) => o.status === 'skip').length;
  console.log(`conformance: ${p} passed, ${f} failed, ${s} skipped of ${outcomes.length}`);
  return minRate !== undefined && p / outcomes.length < minRate ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));

