import type { Finding, Skip } from '../model/finding.js';
import { discover, type Discovery, type Target } from '../discovery/discover.js';
import type { ParsedDocument } from '../documents/types.js';
import type { DocumentCache } from '../cache/documents.js';
import type { LintConfig } from '../lint/config/model.js';
import type { Report } from '../report/model.js';
import type { AdoptionOptions } from '../adoption/settle.js';
import type { SeverityRules } from './severity.js';
import { inShard, type Shard } from './shard.js';
import { coversPattern } from '../rules/patterns.js';
import { contextTargets, contextTrees } from './files.js';
import { portionOf, type Portion } from './portions.js';
import { buildReport } from './build-report.js';
import { checkFiles, type CheckedFiles } from './check-files.js';
import { recalledSetupFiles, setupFiles } from './setup-files.js';
import type { SetupMemory } from '../cache/setup-memory.js';
import { ReadAhead } from '../documents/read-ahead.js';
import { recorder } from '../model/timings.js';

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
export type RepoPass = ((documents: ParsedDocument[]) => Finding[] | Promise<Finding[]>) & {
  /**
   * The pass in parts, for a streamed run on one thread or a `--jobs` worker taking whole parts (`paths`: its files,
   * checked and context, in path order): made from the setup files' documents. Undefined: it needs every document
   * at once; null: it finds nothing here.
   */
  inParts?(setup: readonly ParsedDocument[], paths: readonly string[]): PartedRepoPass | null | undefined;
};

/**
 * A repo-wide pass checked part by part as a streamed run reads the files (a part: a cluster's own tree), so that
 * what is kept of a part's documents goes once its part is checked.
 */
export interface PartedRepoPass {
  /**
   * The part of each file, by its index in `paths`: parts are numbered in path order, a part's files contiguous
   * among the others. -1: read before every part, its documents kept to the end.
   */
  parts: Int32Array;
  /** Whether a document of a part is read again at the end. */
  keeps(doc: ParsedDocument): boolean;
  /** A part's documents once all are read and checked, with every document kept so far (of the files in no part, of parts before). */
  check(part: number, own: readonly ParsedDocument[], kept: readonly ParsedDocument[]): Finding[];
  /** Every document kept to the end, in path order. */
  end(kept: ParsedDocument[]): Finding[];
  /**
   * When `--jobs` workers each check some of the parts: what this worker's end needs of its parts beyond the documents
   * kept (postable), and, before `end`, what every other worker handed over. Without them, parts stay on one thread.
   */
  handOver?(): unknown;
  takeOver?(theirs: unknown[]): void;
}

/**
 * A round of the `--jobs` workers' exchange: each gives its own (null: start again, whole) and gets every other
 * worker's, in worker order (none when it `takes` nothing), or null when any gave null.
 */
export type Exchange = <T>(own: T | null, takes?: boolean) => Promise<T[] | null>;

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
  /** What the last runs in this directory found of their setup files: a streamed run reads those first instead of scanning every file. */
  setupMemory?: SetupMemory;
  /**
   * A `--jobs` worker's exchange: this part's parsed documents go to the other workers, theirs come back, so
   * each worker parses only its own files and takes the rest of the tree as context from the others. Streamed,
   * unless they all take the setup files the last run found, a first round: the setup files each found in its
   * share of the pre-scan (null from one: the tree has admission policies, and all check it whole); then the setup
   * files' documents, then what each kept of its checked documents (to the worker that runs the repo-wide passes
   * for all, and a round more: their findings) or, when each worker checks whole parts (`portionOf`), what their
   * ends need; null from one worker (it met a document the setup files missed) is null for all, and they all start
   * again: with the pre-scan when they had taken the last run's files, else whole.
   */
  shareParts?: Exchange;
  /**
   * `--shard I/N`, or a `--jobs` worker's place among the workers: only this part of the files (by path hash, or
   * whole clusters: `portionOf`) is checked and reported; the others are read for context.
   */
  shard?: Shard;
  /** `--only-in-paths`: named files outside these trees (empty: the default trees) are left out. */
  within?: string[];
  readStdin: () => Promise<Uint8Array>;
  onProgress?: (done: number, total: number) => void;
}

/** discover → read + parse (once) → YAML pass → document passes → repo-wide passes → report. */
export async function runChecks(options: CheckOptions): Promise<Report> {
  const elapsed = stopwatch();
  // A run that starts again (a setup document met late) reads stdin again: it is read once.
  let stdin: Promise<Uint8Array> | undefined;
  const { readStdin } = options;
  options = { ...options, readStdin: () => (stdin ??= readStdin()) };
  const timings = recorder;
  let start = timings ? timings.now() : 0;
  const discovered = options.discovered ?? (await discover({ cwd: options.cwd, paths: options.paths, exclude: options.exclude, within: options.within }));
  const shard = options.shard;
  const trees = await contextTrees(options, discovered.targets);
  // A streamed run's workers take whole parts when they can.
  const portion = shard && options.shareParts && streams(options, 0) ? portionOf(options.repoPasses, discovered.targets, trees, shard) : undefined;
  const targets = portion?.targets ?? (shard ? discovered.targets.filter((t) => inShard(t.path, shard)) : discovered.targets);
  const context = contextTargets(discovered.targets, new Set(targets), trees);
  // A streamed run reads its context with the other files: the document cache would only hash them.
  if (options.documentCache && streams(options, context.length)) options = { ...options, documentCache: undefined };
  const fingerprint = isFingerprinted(options);
  // Found already by the caller, who timed that: this is the context's part.
  if (timings) timings.stage('discover', start, options.discovered ? 0 : 1);
  const readAhead = new ReadAhead();
  const streamed = streams(options, context.length);
  const memory = streamed ? options.setupMemory : undefined;
  const files = [...targets, ...context];
  const recalled = memory?.recall();
  const known = recalled && recalledSetupFiles(files, recalled);
  let run: CheckedFiles | undefined;
  let scanned: Set<Target> | undefined;
  if (streamed && !known?.admission) {
    // What the last runs found is tried first: a run that meets a setup document elsewhere starts again with the pre-scan.
    if (known) run = await checkFiles(options, targets, context, fingerprint, { setup: known.setup, portion });
    if (!run) {
      scanned = await setupOf(options, files, portion, readAhead);
      run = scanned && (await checkFiles(options, targets, context, fingerprint, { setup: scanned, readAhead, portion }));
    }
  }
  const whole = !run;
  run ??= (await checkFiles(options, targets, context, fingerprint, { readAhead }))!;
  if (memory) remember(memory, options, run, whole, scanned, files);
  const { loaded, everything, passes } = run;
  for (const pass of run.repoPasses) run.record(await pass(everything));
  const ranIds = [...ALWAYS_RUN.ids, ...options.yamllint.rules.map((r) => `yaml/${r.rule.id}`), ...passes.map((p) => p.name)];
  const ran = (pattern: string) => coversPattern(pattern, ranIds, ALWAYS_RUN.families) || passes.some((p) => p.covers?.(pattern));
  const adoption = { severity: { global: options.severity, overrides: options.severityOverrides ?? [] }, baseline: options.baseline, fingerprint, ran };
  if (timings) start = timings.now();
  const report = buildReport(loaded, adoption, elapsed());
  if (timings) timings.stage('report', start);
  await releaseNativeScope();
  return shard ? { ...report, shard } : report;
}

function isFingerprinted(options: Pick<CheckOptions, 'baseline' | 'writesBaseline'>): boolean {
  return options.baseline !== undefined || options.writesBaseline === true;
}

/**
 * Whether a run is streamed: not when something needs every document whole until the end: fingerprints (of any
 * node), a pass (combined policies, schema URLs, clusters' own versions), the document cache of a small context
 * (which keeps them).
 */
export function streams(options: Omit<CheckOptions, 'readStdin'>, contextFiles: number): boolean {
  return !isFingerprinted(options) && options.wholeTree !== true && !cachesContext(options, contextFiles);
}

/**
 * From this many context files on, a run does not take them from the document cache (held whole with the run) but
 * streams them, parsed, in the parts' order: a shard's context, a monorepo's pre-commit. Held whole, they weighed
 * more than parsing costs (a quarter of the 50k bench tree: 7.2 s and 527 MiB from a warm cache, 11.1 s and 726 MiB
 * saving it, 6.7 s and 299 MiB streamed with no cache at all).
 */
export const CACHED_CONTEXT_FILES = 5000;

function cachesContext(options: Omit<CheckOptions, 'readStdin'>, contextFiles: number): boolean {
  return options.documentCache !== undefined && contextFiles > 0 && contextFiles < CACHED_CONTEXT_FILES && !options.shareParts;
}

/**
 * The files a streamed run reads first (`setupFiles`), keeping what the pre-scan read; undefined when the tree has
 * admission policies (checked whole). `--jobs` workers each scan their share (what they check and read, or their
 * part by path hash) and hand one another what they found.
 */
async function setupOf(options: CheckOptions, files: Target[], portion: Portion | undefined, readAhead: ReadAhead): Promise<Set<Target> | undefined> {
  const { shareParts: exchange, shard, maxFileSize } = options;
  if (!exchange) return setupFiles(files, maxFileSize, readAhead);
  const found = setupFiles(portion ? [...portion.targets, ...portion.reads] : files.filter((file) => inShard(file.path, shard!)), maxFileSize, readAhead);
  const theirs = await exchange(found ? [...found].map((file) => file.path) : null);
  if (!theirs) return undefined;
  const paths = new Set([...found!].map((file) => file.path).concat(theirs.flat()));
  return new Set(files.filter((file) => paths.has(file.path)));
}

/**
 * Keeps what a run found of its setup files for the next one (`SetupMemory`): on one thread, or checked whole, the
 * files holding setup documents; `--jobs` workers streaming, each of which parsed only its own, the first keeps what
 * their pre-scans found, when they scanned.
 */
function remember(memory: SetupMemory, options: CheckOptions, run: CheckedFiles, whole: boolean, scanned: Set<Target> | undefined, files: Target[]): void {
  const covered = new Set(files.map((file) => file.path));
  if (!options.shareParts) memory.remember(run.setupHeld, covered);
  else if (options.shard!.index !== 1) return;
  else if (whole) memory.remember(run.setupHeld, covered);
  else if (scanned) memory.remember({ paths: [...scanned].map((file) => file.path), admission: [] }, covered);
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
