import type { Stats } from 'node:fs';
import { resolve } from 'node:path';
import type { DocumentRef, Finding, Skip } from '../model/finding.js';
import { ConfigError } from '../model/errors.js';
import { compareDisplayPaths, discover, statIfPresent, STDIN_PATH, type Discovery, type Target } from '../discovery/discover.js';
import { decodeSource, describeReadError, fileFinding, lazySource, readSource, type ReadResult } from '../documents/read.js';
import { parseYamlFile, positionIndexOf, restoredDocument } from '../documents/parse-file.js';
import type { LocatorData } from '../documents/locator.js';
import type { ParsedDocument, SourceFile } from '../documents/types.js';
import { DocumentCache, type CachedDocument, type CacheRecord } from '../cache/documents.js';
import { checkKubernetesObject, isKustomizationFile } from '../documents/kubernetes-object.js';
import { lintFile } from '../lint/run.js';
import { createAuxiliaryFiles } from '../gitops/auxiliary-files.js';
import type { LintConfig } from '../lint/config/model.js';
import type { MutedFinding, Report, Result, Status } from '../report/model.js';
import { settleFindings, type AdoptionOptions } from '../adoption/settle.js';
import { suppressionComments, type SuppressionComment } from '../adoption/suppressions.js';
import type { SeverityRules } from './severity.js';
import { inShard, type Shard } from './shard.js';
import { coversPattern } from '../rules/patterns.js';

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
  /** Builds the document passes, in order, from every checkable document of the run. */
  passes: Array<(documents: ParsedDocument[]) => DocumentPass | Promise<DocumentPass>>;
  repoPasses: RepoPass[];
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
   * each worker parses only its own files and takes the rest of the tree as context from the others.
   */
  shareParts?: (own: SharedFile[]) => Promise<SharedFile[]>;
  /** `--shard I/N`: only this part of the files is checked and reported; the others are read for context. */
  shard?: Shard;
  /** `--only-in-paths`: named files outside these trees (empty: the default trees) are left out. */
  within?: string[];
  readStdin: () => Promise<Uint8Array>;
  onProgress?: (done: number, total: number) => void;
}

/** A file's non-empty documents with their position indexes, as one worker hands them to the others. */
export interface SharedFile {
  path: string;
  documents: SharedDocument[];
}

type SharedDocument = CachedDocument & { positions?: LocatorData | null };

/** One file after reading, parsing and the YAML pass. */
interface LoadedFile {
  path: string;
  findings: Finding[];
  skips: Skip[];
  exceptions: Finding[];
  /**
   * The text, for the document cache's key and the baseline's fingerprints: emptied once the cache is saved
   * unless findings are fingerprinted. The comments are not kept: only the suppressions among them.
   */
  text: string;
  suppressions: SuppressionComment[];
  /** Every document worth a result, in index order: the parsed ones (`doc`) and the ones that did not parse. */
  entries: Entry[];
  /** The text's key in the document cache, once computed. */
  cacheKey?: string;
  /** Where it was read from, when from disk. */
  absPath?: string;
  /** Its stats, when taken before its text was read (for the document cache). */
  stats?: Stats;
}

interface Entry {
  ref: DocumentRef;
  line: number;
  doc?: ParsedDocument;
  checkable?: ParsedDocument;
}

/** discover → read + parse (once) → YAML pass → document passes → report. */
export async function runChecks(options: CheckOptions): Promise<Report> {
  const elapsed = stopwatch();
  const discovered = options.discovered ?? (await discover({ cwd: options.cwd, paths: options.paths, exclude: options.exclude, within: options.within }));
  const shard = options.shard;
  const targets = shard ? discovered.targets.filter((t) => inShard(t.path, shard)) : discovered.targets;
  const loaded: LoadedFile[] = [];
  for (const target of targets) {
    loaded.push(loadFile(target, await readTarget(target, options), options.yamllint));
    options.onProgress?.(loaded.length, targets.length);
  }

  const shared = options.shareParts && new Map((await options.shareParts(loaded.map(sharedFile))).map((f) => [f.path, f.documents]));
  const context = await loadContext(options, discovered.targets, new Set(targets), shared);
  // Workers have one another's documents: the cache is for runs that would otherwise parse their context.
  if (context.length > 0 && !shared) options.documentCache?.save([...loaded, ...context].map(cacheRecord));
  const fingerprint = options.baseline !== undefined || options.writesBaseline === true;
  if (!fingerprint) for (const file of loaded) file.text = '';
  gateDocuments([...loaded, ...context]);
  const checkableIn = (files: LoadedFile[]) => files.flatMap((f) => f.entries.flatMap((e) => (e.checkable ? [e.checkable] : [])));
  const checkable = checkableIn(loaded);
  // In discovery order whichever files are checked and which only read: repo-wide checks that name the
  // first of two objects (duplicates) must give the same verdict in a whole run, a shard or a worker.
  const everything = [...checkable, ...checkableIn(context)].sort((a, b) => compareDisplayPaths(a.file.path, b.file.path));
  const passes = await Promise.all(options.passes.map((create) => create(everything)));
  // A finding's node path is read only to fingerprint it: without fingerprints it is not kept (a third of a finding's weight).
  const held = fingerprint ? (f: Finding) => f : withoutPath;
  for (const file of loaded) {
    for (const entry of file.entries) {
      if (!entry.checkable) continue;
      for (const pass of passes) {
        const out = checkSafely(pass, entry.checkable);
        // One by one: a document can have more findings (a 150,000-key ConfigMap's schema errors) than a call has room for arguments.
        for (const finding of out.findings) file.findings.push(held(finding));
        for (const skip of out.skips) file.skips.push(skip);
        for (const finding of out.exceptions ?? []) file.exceptions.push(held(finding));
      }
    }
  }
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

/** Let go in place: a copy without the key cost a microsecond a finding, and passes make their findings for the run. */
function withoutPath(finding: Finding): Finding {
  finding.path = undefined;
  return finding;
}

/** One pass on one document; a bug or a resource limit there becomes a finding on the document, not a crash. */
function checkSafely(pass: DocumentPass, doc: ParsedDocument): ReturnType<DocumentPass['check']> {
  try {
    return pass.check(doc);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    const finding: Finding = {
      file: doc.file.path,
      ...doc.start,
      severity: 'error',
      check: pass.name,
      message: `could not be checked: ${reason}`,
      document: { index: doc.index, ...doc.identity },
    };
    return { findings: [finding], skips: [] };
  }
}

/**
 * The files read and parsed for context, neither linted nor reported: the discovered files outside the
 * shard, and the context trees' files not already discovered.
 */
async function loadContext(options: CheckOptions, discovered: Target[], checked: Set<Target>, shared?: Map<string, SharedDocument[]>): Promise<LoadedFile[]> {
  const others = discovered.filter((t) => !checked.has(t) && t.absPath !== undefined && t.listingError === undefined);
  const seen = new Set(discovered.map((t) => t.absPath));
  const present: string[] = [];
  for (const tree of options.contextPaths ?? []) if (statIfPresent(resolve(options.cwd, tree))) present.push(tree);
  if (present.length > 0) {
    const { targets } = await discover({ cwd: options.cwd, paths: present, exclude: options.exclude });
    for (const target of targets) if (target.absPath !== undefined && !seen.has(target.absPath)) others.push(target);
  }
  const context: LoadedFile[] = [];
  const cache = options.documentCache;
  for (const target of others) {
    const documents = shared?.get(target.path);
    if (documents) {
      context.push(restoredFile(target, lazySource(target.path, target.absPath!, options.maxFileSize), documents));
      continue;
    }
    // A file whose stats are as the cache saw them is known without reading and hashing it.
    const stats = cache && statIfPresent(target.absPath!);
    const known = stats && stats.size <= options.maxFileSize ? cache.keyOf(target.path, stats) : undefined;
    const unread = known === undefined ? undefined : cache!.lookup(known);
    if (unread) {
      context.push({ ...restoredFile(target, lazySource(target.path, target.absPath!, options.maxFileSize), unread), cacheKey: known, absPath: target.absPath, stats });
      continue;
    }
    const read = readSource(target.absPath!, target.path, options.maxFileSize);
    if (!cache || read.finding) {
      context.push(loadFile(target, read));
      continue;
    }
    const cacheKey = DocumentCache.key(read.file.text);
    const cached = cache.lookup(cacheKey);
    context.push({ ...(cached ? restoredFile(target, read.file, cached) : loadFile(target, read)), cacheKey, absPath: target.absPath, stats });
  }
  for (const file of context) for (const entry of file.entries) if (entry.doc) entry.doc.contextOnly = true;
  return context;
}

/**
 * A context file whose documents come from the cache or another worker. Nothing of it is reported, so its
 * text and comments are not kept here (the documents read the text only to locate a node).
 */
function restoredFile(target: Target, file: SourceFile, cached: SharedDocument[]): LoadedFile {
  const entries = cached.map((c) => {
    const doc = restoredDocument(file, c.index, c.value, { line: c.line, column: c.column }, c.positions);
    // What parsing learned of the value spares the checks a walk of it (the gate's depth).
    doc.shape = c.shape;
    return documentEntry(doc);
  });
  return { path: target.path, findings: [], skips: [], exceptions: [], text: '', suppressions: [], entries };
}

function sharedFile(file: LoadedFile): SharedFile {
  const documents = file.entries.flatMap((e) => (e.doc ? [{ index: e.doc.index, ...e.doc.start, value: e.doc.value, shape: e.doc.shape, positions: positionIndexOf(e.doc) }] : []));
  return { path: file.path, documents };
}

/** A checked file is stat'ed only now, after it was read: a change since shows in its stats as too recent to stand for the text. */
function cacheRecord(file: LoadedFile): CacheRecord {
  const stats = file.stats ?? (file.absPath === undefined ? undefined : statIfPresent(file.absPath));
  return { key: file.cacheKey ?? DocumentCache.key(file.text), documents: file.entries.flatMap((e) => (e.doc ? [e.doc] : [])), path: file.path, stats };
}

function documentEntry(doc: ParsedDocument): Entry {
  const ref: DocumentRef = { index: doc.index, ...doc.identity };
  return { ref, line: doc.start.line, doc };
}

function readTarget(target: Target, options: CheckOptions): ReadResult | Promise<ReadResult> {
  if (target.absPath === undefined) return options.readStdin().then((bytes) => decodeSource(bytes, STDIN_PATH));
  if (target.listingError !== undefined) return fileFinding(target.path, describeReadError(target.listingError, 'directory'));
  return readSource(target.absPath, target.path, options.maxFileSize);
}

/** Reads and parses one file; a checked one (given its yamllint configuration) goes through the YAML pass and has its suppression comments indexed. */
function loadFile(target: Target, read: ReadResult, yamllint?: LintConfig): LoadedFile {
  const file: LoadedFile = { path: target.path, findings: [], skips: [], exceptions: [], text: '', suppressions: [], entries: [] };
  if (read.finding) {
    file.findings.push(read.finding);
    return file;
  }
  const parsed = parseYamlFile(read.file);
  file.text = read.file.text;
  file.absPath = read.file.absPath;
  const entries: Entry[] = [];
  for (const error of parsed.errors) {
    const ref: DocumentRef = { index: error.documentIndex };
    entries.push({ ref, line: error.line });
  }
  for (const doc of parsed.documents) {
    // an empty document: nothing to check, nothing to report
    if (doc.value !== null) entries.push(documentEntry(doc));
  }
  entries.sort((a, b) => a.ref.index - b.ref.index);
  file.entries = entries;
  if (!yamllint) return file;
  // The YAML pass's findings are its own, made for this file: given their document in place, not copied.
  for (const finding of lintFile(parsed, yamllint)) {
    finding.document ??= documentAtLine(entries, finding.line);
    file.findings.push(finding);
  }
  file.suppressions = suppressionComments(file.text, parsed.comments);
  return file;
}

/**
 * The gate before the document passes, once every file is parsed: Kubernetes objects go on; kustomize
 * patches and Helm values files (known from the kustomizations that name them) are skipped, saying
 * why; anything else that is not an object fails. kustomization files need no apiVersion/kind.
 */
function gateDocuments(files: LoadedFile[]): void {
  const auxiliary = createAuxiliaryFiles(files.flatMap((f) => f.entries.flatMap((e) => (e.doc ? [e.doc] : []))));
  for (const file of files) {
    const kustomization = isKustomizationFile(file.path);
    for (const entry of file.entries) {
      const doc = entry.doc;
      if (!doc) continue;
      const role = kustomization ? undefined : auxiliary(doc);
      if (role) {
        const reason = `${role.role}${role.by ? ` used by ${role.by}` : ''}, not a standalone object`;
        file.skips.push({ file: file.path, document: entry.ref, check: 'schema', reason });
        continue;
      }
      const gate = kustomization ? undefined : checkKubernetesObject(doc);
      if (gate) file.findings.push(gate);
      else entry.checkable = doc;
    }
  }
}

/** The document a line-based finding belongs to: the last one starting at or before the line. */
function documentAtLine(entries: Array<{ ref: DocumentRef; line: number }>, line: number): DocumentRef | undefined {
  let found: DocumentRef | undefined = entries[0]?.ref;
  for (const entry of entries) if (entry.line <= line) found = entry.ref;
  return found;
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
