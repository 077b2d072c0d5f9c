import { promises as fs } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { ConfigError } from '../model/errors.js';
import type { Finding } from '../model/finding.js';
import { parseConfigurationFile } from '../documents/read-configuration.js';
import { STDIN_PATH, statIfPresent, toDisplay } from '../discovery/discover.js';
import type { FixedFinding } from '../report/model.js';
import { documentKey } from './fingerprint.js';

export const DEFAULT_BASELINE = '.gitops-check-baseline.json';

/** One accepted finding. `file` is relative to the baseline file's folder on disk, to the working directory in memory. */
export interface BaselineEntry {
  file: string;
  check: string;
  /** `apps/v1 Deployment web/api` (src/adoption/fingerprint.ts documentKey); empty for a whole file. */
  document: string;
  fingerprint: string;
  /** For the reader of the file and for the FIXD line; not part of the match. */
  message: string;
}

const FIELDS = ['file', 'check', 'document', 'fingerprint', 'message'] as const;

/**
 * The findings a baseline file accepts. Each entry matches at most one finding of the run (equal
 * findings are listed as often as they occur); what is left unmatched in a checked file was fixed.
 */
export class Baseline {
  private readonly unmatched = new Map<string, BaselineEntry[]>();

  constructor(readonly entries: readonly BaselineEntry[]) {
    for (const entry of entries) {
      const key = keyOf(entry);
      const list = this.unmatched.get(key);
      if (list) list.push(entry);
      else this.unmatched.set(key, [entry]);
    }
  }

  /** Whether the baseline accepts this finding; an entry matches once. */
  match(f: Finding): boolean {
    if (f.fingerprint === undefined) return false;
    const key = keyOf({ file: f.file, check: f.check, document: documentKey(f.document), fingerprint: f.fingerprint });
    return this.unmatched.get(key)?.shift() !== undefined;
  }

  /** Entries of the checked files that matched nothing: fixed since the baseline was written. */
  fixed(checked: ReadonlySet<string>): FixedFinding[] {
    return this.unmatchedIn(checked).map((e) => ({ file: e.file, check: e.check, message: e.message, document: e.document || null }));
  }

  /** The entries to keep when pruning: all but the fixed ones. */
  pruned(checked: ReadonlySet<string>): BaselineEntry[] {
    const gone = new Set(this.unmatchedIn(checked));
    return this.entries.filter((e) => !gone.has(e));
  }

  /** The entries about files the run did not check (a baseline run over some paths keeps the others). */
  outside(checked: ReadonlySet<string>): BaselineEntry[] {
    return this.entries.filter((e) => !checked.has(e.file));
  }

  private unmatchedIn(checked: ReadonlySet<string>): BaselineEntry[] {
    return [...this.unmatched.values()].flat().filter((e) => checked.has(e.file));
  }
}

function keyOf(e: Pick<BaselineEntry, 'file' | 'check' | 'document' | 'fingerprint'>): string {
  return [e.file, e.check, e.document, e.fingerprint].join('\0');
}

/** The baseline entries for a run's findings (stdin has no file to come back to, so it is left out). */
export function entriesOf(findings: readonly Finding[]): BaselineEntry[] {
  return findings
    .filter((f) => f.file !== STDIN_PATH && f.fingerprint !== undefined)
    .map((f) => ({ file: f.file, check: f.check, document: documentKey(f.document), fingerprint: f.fingerprint!, message: f.message }));
}

/** Reads a baseline file; anything wrong in it is a ConfigError naming its line:column. */
export function loadBaseline(cwd: string, path: string): Baseline {
  const abs = resolve(cwd, path);
  const display = toDisplay(cwd, abs);
  const parsed = parseConfigurationFile(abs, display, 'baseline file does not exist (write it with `gitops-check baseline`)');
  const doc = parsed.documents.find((d) => d.value !== null);
  const value = doc?.value as { version?: unknown; findings?: unknown } | undefined;
  const fail = (message: string, at: Array<string | number>) => {
    const where = doc?.locate(at, 'value') ?? { line: 1, column: 1 };
    return new ConfigError(message, display, where.line, where.column);
  };
  if (!value || typeof value !== 'object' || value.version !== 1 || !Array.isArray(value.findings)) {
    throw fail('not a gitops-check baseline: expected {"version": 1, "findings": [...]}', []);
  }
  const folder = dirname(abs);
  return new Baseline(
    value.findings.map((entry: unknown, i) => {
      const e = entry as Record<string, unknown>;
      const missing = FIELDS.find((k) => typeof e?.[k] !== 'string');
      if (missing) throw fail(`findings[${i}].${missing} must be a string`, ['findings', i, missing]);
      return { ...(e as unknown as BaselineEntry), file: toDisplay(cwd, resolve(folder, e.file as string)) };
    }),
  );
}

/** Writes the baseline sorted (file, check, document, fingerprint), paths relative to its own folder: stable and reviewable. */
export async function writeBaseline(cwd: string, path: string, entries: readonly BaselineEntry[]): Promise<void> {
  const abs = resolve(cwd, path);
  const folder = dirname(abs);
  const findings = entries
    .map((e) => ({ ...e, file: relative(folder, resolve(cwd, e.file)).split(sep).join('/') }))
    .map((e) => Object.fromEntries(FIELDS.map((k) => [k, e[k]])) as unknown as BaselineEntry)
    .sort((a, b) => compare(keyOf(a), keyOf(b)) || compare(a.message, b.message));
  await fs.writeFile(abs, JSON.stringify({ version: 1, findings }, null, 2) + '\n');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A run's baseline: the file named (flag or config) must exist; the default one is used when it does. */
export function baselineOf(named: { file: string; required: boolean } | undefined, cwd: string): Baseline | undefined {
  if (!named) return undefined;
  if (!named.required && !statIfPresent(resolve(cwd, named.file))) return undefined;
  return loadBaseline(cwd, named.file);
}
