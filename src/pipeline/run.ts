import type { Finding, Skip } from '../model/finding.js';
import { compareDisplayPaths, discover, type Discovery, type Target } from '../discovery/discover.js';
import type { ParsedDocument } from '../documents/types.js';
import type { DocumentCache } from '../cache/documents.js';
import { createAuxiliaryFiles } from '../gitops/auxiliary-files.js';
import { forgetObjects } from '../gitops/objects.js';
import type { LintConfig } from '../lint/config/model.js';
import type { MutedFinding, Report, Result, Status } from '../report/model.js';
import { settleFindings, type AdoptionOptions } from '../adoption/settle.js';
import type { SeverityRules } from './severity.js';
import { inShard, type Shard } from './shard.js';
import { coversPattern } from '../rules/patterns.js';
import { cacheRecord, checkFile, contextTargets, documentAtLine, gateFile, loadChecked, loadContextFile, retainFile, sharedFile, type LoadedFile, type SharedFile } from './files.js';
import { isSetupDocument, setupFiles } from './setup-files.js';

export type { SharedFile } from './files.js';

/** A pass over single documents (schema, policy). It is created once per run, after every file is parsed. */
export interface DocumentPass {
  /** The check id an unexpected failure of the pass on a document is reported under. */
  name: string;
  /** `exceptions`: findings a policy excepted (conftest's EXCP), reported without failing. */
  check(doc: ParsedDocument): { findings: Finding[]; skips: Skip[]; exceptions?: Finding[] };
  /** Whether, as configured, it reports checks matching a pattern (an id, or a prefix ending in `*`), beyond `name`. */
  covers?(pattern: string): boolean;
}

/** Checks every run can report: reading, the document gate, YAML syntax, suppressions; the repo-wide passes' families. */
const ALWAYS_RUN = { ids: ['file', 'schema', 'yaml/syntax', 'gitops-check/suppression'], families: ['gitops/', 'gatekeeper/', 'vap/'] };

/**
 * A check over the whole set of checkable documents at once (GitOps repo-wide checks, admission
 * policies), after the per-document passes. Its findings name their own files.
 */
export type RepoPass = (documents: ParsedDocument[]) => Finding[] | Promise<Finding[]>;

export interface CheckOptions {
  cwd: string;
  paths: string[];
  exclude: string[];
  maxFileSize: number;
  severity: SeverityRules['global'];
  severityOverrides?: SeverityRules['overrides'];
  /** Findings it lists are muted (BASE), not failing; its entries no longer found are reported fixed. */
  baseline?: AdoptionOptions['baseline'];
  /** The run's findings will be written as a baseline, so they are fingerprinted as with one. */
  writesBaseline?: boolean;
  /** The yamllint configuration of the YAML pass (src/lint/config/load.ts). */
  yamllint: LintConfig;
  /**
   * Builds the document passes, in order, from the run's checkable documents: every one, or in a streamed run
   * those of the files read first (kustomizations, CRDs), as the others are checked one file at a time.
   */
  passes: Array<(documents: ParsedDocument[]) => DocumentPass | Promise<DocumentPass>>;
  repoPasses: RepoPass[];
  /** A pass needs every document's whole value before any is checked (combined policies, schema URLs looked up for the kinds present, clusters' own Kubernetes versions). */
  wholeTree?: boolean;
  /**
   * Trees read for context only (their CRDs, the objects each cluster receives), not reported: when
   * the command names files, as pre-commit does, the rest of the repository still informs the checks.
   */
  contextPaths?: string[];
  /** The files `paths` name, when the caller has found them already (to choose the number of workers). */
  discovered?: Discovery;
  /** Where files read for context are looked up by content instead of parsed; they are saved there too. */
  documentCache?: DocumentCache;
  /**
   * A `--jobs` worker's exchange: this part's parsed documents go to the other workers, theirs come back, so
   * each worker parses only its own files and takes the rest of the tree as context from the others. Streamed,
   * two rounds: the setup files' documents, then what each kept of its checked documents; null from one worker
   * (it met a document its pre-scan missed) is null for all, and they all start again, whole.
   */
  shareParts?: (own: SharedFile[] | null) => Promise<SharedFile[] | null>;
  /**
   * What `setupFiles` gives for the run's files (checked and context), as absolute paths, when the caller has
   * scanned them (the main thread, for its `--jobs` workers); null: the tree has admission policies.
   */
  setupPaths?: ReadonlySet<string> | null;
  /** `--shard I/N`: only this part of the files is checked and reported; the others are read for context. */
  shard?: Shard;
  /** `--only-in-paths`: named files outside these trees (empty: the default trees) are left out. */
  within?: string[];
  readStdin: () => Promise<Uint8Array>;
  onProgress?: (done: number, total: number) => void;
}

/** discover → read + parse (once) → YAML pass → document passes → repo-wide passes → report. */
export async function runChecks(options: CheckOptions): Promise<Report> {
  const elapsed = stopwatch();
  const discovered = options.discovered ?? (await discover({ cwd: options.cwd, paths: options.paths, exclude: options.exclude, within: options.within }));
  const shard = options.shard;
  const targets = shard ? discovered.targets.filter((t) => inShard(t.path, shard)) : discovered.targets;
  const context = await contextTargets(options, discovered.targets, new Set(targets));
  const fingerprint = isFingerprinted(options);
  const setup = setupOf(options, [...targets, ...context], context.length);
  const held = heldFinding(fingerprint);
  const run = (setup && (await checkFiles(options, targets, context, fingerprint, setup))) || (await checkFiles(options, targets, context, fingerprint))!;
  const { loaded, everything, passes } = run;
  const byPath = new Map(loaded.map((f) => [f.path, f]));
  // Findings on context files have no file entry here: they are not reported.
  for (const pass of options.repoPasses) {
    for (const finding of await pass(everything)) byPath.get(finding.file)?.findings.push(held(finding));
  }
  const ranIds = [...ALWAYS_RUN.ids, ...options.yamllint.rules.map((r) => `yaml/${r.rule.id}`), ...passes.map((p) => p.name)];
  const ran = (pattern: string) => coversPattern(pattern, ranIds, ALWAYS_RUN.families) || passes.some((p) => p.covers?.(pattern));
  const adoption = { severity: { global: options.severity, overrides: options.severityOverrides ?? [] }, baseline: options.baseline, fingerprint, ran };
  const report = buildReport(loaded, adoption, elapsed());
  await releaseNativeScope();
  return shard ? { ...report, shard } : report;
}

function isFingerprinted(options: Pick<CheckOptions, 'baseline' | 'writesBaseline'>): boolean {
  return options.baseline !== undefined || options.writesBaseline === true;
}

/**
 * Whether a run is streamed: not when something needs every document whole until the end: fingerprints (of any
 * node), a pass (combined policies, schema URLs, clusters' own versions), the document cache of context (which
 * keeps them).
 */
export function streams(options: Omit<CheckOptions, 'readStdin'>, contextFiles: number): boolean {
  return !isFingerprinted(options) && options.wholeTree !== true && !(options.documentCache && contextFiles > 0 && !options.shareParts);
}

/** The files a streamed run reads first (`setupFiles`), scanned here or by the caller; undefined: the run is checked whole. */
function setupOf(options: CheckOptions, files: Target[], contextFiles: number): Set<Target> | undefined {
  if (!streams(options, contextFiles)) return undefined;
  const scanned = options.setupPaths;
  if (scanned === undefined) return setupFiles(files, options.maxFileSize);
  return scanned === null ? undefined : new Set(files.filter((file) => scanned.has(file.absPath!)));
}

/** Files parsed before their checks run, in a streamed run: their documents are what it holds whole at a time. */
const BATCH = 256;

interface CheckedFiles {
  loaded: LoadedFile[];
  /** Every checkable document, checked or read for context, in path order: what the repo-wide passes see. */
  everything: ParsedDocument[];
  passes: DocumentPass[];
}

/**
 * Reads, parses and checks the files. Whole (no `setup`): every file is parsed and kept whole, then the
 * passes are made from all documents and run. Streamed: the `setup` files are parsed first and the passes
 * made from theirs; then each other file is parsed, and each file once checked keeps only what the repo-wide
 * passes read, so memory grows with the findings and that index, not with the documents. Undefined when a streamed
 * file holds a document the passes should have been set up from.
 */
async function checkFiles(options: CheckOptions, targets: Target[], context: Target[], fingerprint: boolean, setup?: Set<Target>): Promise<CheckedFiles | undefined> {
  const held = heldFinding(fingerprint);
  const all = [...targets, ...context];
  const files: LoadedFile[] = new Array(all.length);
  const early = (i: number) => !setup || setup.has(all[i]!);
  // A streamed worker gets the other parts' files from their workers once all are checked, as they keep them.
  const exchange = setup && options.shareParts;
  const fromOthers = (i: number) => exchange !== undefined && i >= targets.length && !early(i);
  let done = 0;
  const loadTarget = async (i: number) => {
    files[i] = await loadChecked(all[i]!, options);
    options.onProgress?.(++done, targets.length);
  };
  for (let i = 0; i < targets.length; i++) if (early(i)) await loadTarget(i);
  const loaded = files.slice(0, targets.length);
  // Workers hand one another what they parsed: whole, every document; streamed, first their setup files' (each
  // file parsed once, by the worker that checks it), then what they kept of the rest (below).
  const parsedHere = setup ? loaded.filter((_, i) => early(i)) : loaded;
  const shared = options.shareParts ? sharedPaths((await options.shareParts(parsedHere.map((file) => sharedFile(file))))!) : undefined;
  for (let i = targets.length; i < all.length; i++) if (early(i)) files[i] = loadContextFile(all[i]!, options, shared);
  // Workers have one another's documents: the cache is for runs that would otherwise parse their context.
  if (!setup && context.length > 0 && !shared) options.documentCache?.save(files.map(cacheRecord));
  if (!fingerprint) for (const file of loaded) if (file) file.text = '';
  const earlyFiles = files.filter((f) => f !== undefined);
  const auxiliary = createAuxiliaryFiles(earlyFiles.flatMap((f) => f.entries.flatMap((e) => (e.doc ? [e.doc] : []))));
  for (const file of earlyFiles) gateFile(file, auxiliary);
  const earlyDocuments = checkableIn(files);
  const passes = await Promise.all(options.passes.map((create) => create(earlyDocuments)));
  // Streamed, the passes keep what they copied of these (the schema pass, a CRD of each kind), not the documents:
  // emptied, and their collected objects dropped, even if a pass holds the array (the schema pass's prefetch does).
  if (setup) {
    forgetObjects(earlyDocuments);
    earlyDocuments.length = 0;
  }
  let missed = false;
  // In batches: parsing every file of a batch, then checking them, runs each stage's code hot (file by file was ~10% slower).
  stream: for (let start = 0; start < all.length; start += BATCH) {
    const end = Math.min(start + BATCH, all.length);
    for (let i = start; i < end; i++) {
      if (early(i) || fromOthers(i)) continue;
      if (i < targets.length) await loadTarget(i);
      else files[i] = loadContextFile(all[i]!, options);
      const file = files[i]!;
      missed = file.entries.some((e) => e.doc && isSetupDocument(e.doc.value));
      if (missed) break stream;
      gateFile(file, auxiliary);
    }
    for (let i = start; i < end; i++) {
      if (fromOthers(i)) continue;
      if (i < targets.length) checkFile(files[i]!, passes, held);
      if (setup) retainFile(files[i]!);
    }
  }
  if (exchange) {
    // Every worker takes part, so that all of them start again when one missed a document.
    const own = missed ? null : files.slice(0, targets.length).flatMap((file, i) => (early(i) ? [] : [sharedFile(file, true)]));
    const others = await exchange(own);
    if (!others) return undefined;
    const byPath = sharedPaths(others);
    for (let i = targets.length; i < all.length; i++) {
      if (!fromOthers(i)) continue;
      files[i] = loadContextFile(all[i]!, options, byPath);
      gateFile(files[i]!, auxiliary);
    }
  }
  if (missed) return undefined;
  if (!setup) return { loaded, everything: earlyDocuments, passes };
  return { loaded: files.slice(0, targets.length), everything: checkableIn(files), passes };
}

function sharedPaths(parts: SharedFile[]): Map<string, SharedFile['documents']> {
  return new Map(parts.map((f) => [f.path, f.documents]));
}

/**
 * The checkable documents of the files read so far (the checked ones come first, then the context), in path
 * order: repo-wide checks that name the first of two objects (duplicates) give the same verdict in a whole
 * run, a shard or a worker.
 */
function checkableIn(files: ReadonlyArray<LoadedFile | undefined>): ParsedDocument[] {
  const documents: ParsedDocument[] = [];
  for (const file of files) if (file) for (const entry of file.entries) if (entry.checkable) documents.push(entry.checkable);
  return documents.sort((a, b) => compareDisplayPaths(a.file.path, b.file.path));
}

/** Milliseconds since the call, as the function it returns reads them: the global `performance` loads perf_hooks (~1.5 ms of a cold run). */
export function stopwatch(): () => number {
  const start = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Returns to the event loop once. An error Node creates for a failed fs promise (the `stat` of an absent
 * policy/ folder) stays referenced by the native callback that rejected it while the microtasks it started run,
 * and its stack's closures reach every document of the run: without a turn, the rest of the run (the report
 * written too) goes on inside that callback, every document held (a third of the 50k run's heap).
 */
function releaseNativeScope(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** What of a finding is kept: its node path is read only to fingerprint it (a third of a finding's weight). */
function heldFinding(fingerprint: boolean): (finding: Finding) => Finding {
  return fingerprint ? (finding) => finding : withoutPath;
}

/** Let go in place: a copy without the key cost a microsecond a finding, and passes make their findings for the run. */
function withoutPath(finding: Finding): Finding {
  finding.path = undefined;
  return finding;
}

function buildReport(files: LoadedFile[], options: AdoptionOptions, elapsedMs: number): Report {
  const results: Result[] = [];
  const findings: Finding[] = [];
  const skips: Skip[] = [];
  const muted: MutedFinding[] = [];
  for (const file of files) {
    const documents: ParsedDocument[] = [];
    for (const entry of file.entries) if (entry.doc) documents.push(entry.doc);
    const documentAt = (line: number) => documentAtLine(file.entries, line);
    const settled = settleFindings(file.findings, file.exceptions, { path: file.path, text: file.text, comments: file.suppressions, documents, documentAt }, options);
    const own = settled.findings.sort(byPosition);
    // By document index (none: the file as a whole); what names another file has no result here.
    const worst = new Map<number | undefined, Status>();
    for (const f of own) {
      if (f.file !== file.path) continue;
      const index = f.document?.index;
      if (f.severity === 'error') worst.set(index, 'fail');
      else if (worst.get(index) !== 'fail') worst.set(index, 'warn');
    }
    for (const s of file.skips) {
      if (s.file === file.path && !worst.has(s.document.index)) worst.set(s.document.index, 'skip');
    }
    if (file.entries.length === 0 && own.length > 0) {
      results.push({ file: file.path, document: null, status: worst.get(undefined) ?? 'fail' });
    }
    for (const entry of file.entries) {
      results.push({ file: file.path, document: entry.ref, status: worst.get(entry.ref.index) ?? 'pass' });
    }
    // Not push(...list): a list of ~120k (one generated file's findings) overflows the stack as arguments.
    for (const f of own) findings.push(f);
    for (const s of file.skips) skips.push(s);
    for (const m of settled.muted.sort((a, b) => byPosition(a.finding, b.finding))) muted.push(m);
  }
  const fixed = options.baseline?.fixed(new Set(files.map((f) => f.path))) ?? [];
  return { files: files.length, results, findings, skips, muted, fixed, baseline: options.baseline !== undefined, elapsedMs };
}

function byPosition(a: Finding, b: Finding): number {
  return (a.document?.index ?? -1) - (b.document?.index ?? -1) || a.line - b.line || a.column - b.column || (a.check < b.check ? -1 : a.check > b.check ? 1 : 0);
}
