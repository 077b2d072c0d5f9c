import type { Stats } from 'node:fs';
import { resolve } from 'node:path';
import type { DocumentRef, Finding, Skip } from '../model/finding.js';
import { ConfigError } from '../model/errors.js';
import { discover, statIfPresent, STDIN_PATH, type Target } from '../discovery/discover.js';
import { decodeSource, describeReadError, fileFinding, lazySource, readSource, type ReadResult } from '../documents/read.js';
import { flat, outliving, parseYamlFile, positionIndexOf, quickParse, restoredDocument, retainedDocument, unsliced, type ParsedFile } from '../documents/parse-file.js';
import type { LocatorData } from '../documents/locator.js';
import type { ReadBefore } from '../documents/read.js';
import type { ParsedDocument, SourceFile } from '../documents/types.js';
import { DocumentCache, type CachedDocument, type CacheRecord } from '../cache/documents.js';
import { checkKubernetesObject, isKustomizationFile } from '../documents/kubernetes-object.js';
import { keysAndScalarsSuffice, lintFile } from '../lint/run.js';
import type { AuxiliaryFile } from '../gitops/auxiliary-files.js';
import { copied, retainedValue } from '../gitops/retained.js';
import type { LintConfig } from '../lint/config/model.js';
import { mayHoldSuppressions, suppressionComments, type SuppressionComment } from '../adoption/suppressions.js';
import type { CheckOptions, DocumentPass } from './run.js';
import { recorder } from '../model/timings.js';

/** A file's non-empty documents with their position indexes, as one worker hands them to the others. */
export interface SharedFile {
  path: string;
  documents: SharedDocument[];
}

type SharedDocument = CachedDocument & { positions?: LocatorData | null };

/** One file after reading, parsing and the YAML pass. */
export interface LoadedFile {
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

/** Reads and parses a checked file: it goes through the YAML pass (given its yamllint configuration) and has its suppression comments indexed. */
export async function loadChecked(target: Target, options: CheckOptions, readBefore?: ReadBefore): Promise<LoadedFile> {
  const timings = recorder;
  const start = timings ? timings.now() : 0;
  const read = await readTarget(target, options, readBefore);
  if (timings) timings.stage('read', start);
  return loadFile(target, read, options.yamllint);
}

function readTarget(target: Target, options: CheckOptions, readBefore: ReadBefore | undefined): ReadResult | Promise<ReadResult> {
  if (target.absPath === undefined) return options.readStdin().then((bytes) => decodeSource(bytes, STDIN_PATH));
  if (target.listingError !== undefined) return fileFinding(target.path, describeReadError(target.listingError, 'directory'));
  return readSource(target.absPath, target.path, options.maxFileSize, readBefore);
}

function loadFile(target: Target, read: ReadResult, yamllint?: LintConfig): LoadedFile {
  const file: LoadedFile = { path: target.path, findings: [], skips: [], exceptions: [], text: '', suppressions: [], entries: [] };
  if (read.finding) {
    file.findings.push(read.finding);
    return file;
  }
  const timings = recorder;
  let start = timings ? timings.now() : 0;
  const parsed = quickly(read.file, yamllint) ?? parseYamlFile(read.file);
  if (timings) timings.stage('parse', start);
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
  if (timings) start = timings.now();
  // The YAML pass's findings are its own, made for this file: given their document in place, not copied.
  for (const finding of lintFile(parsed, yamllint)) {
    finding.document ??= documentAtLine(entries, finding.line);
    file.findings.push(finding);
  }
  file.suppressions = suppressionComments(file.text, parsed.comments);
  if (timings) timings.stage('YAML rules', start);
  return file;
}

/**
 * A file read in one pass (`quickParse`) where that gives all the run reads of it: a context file (not linted), or a
 * checked one whose YAML pass reads only keys and scalars and that holds no suppression comment (comments are not read).
 */
function quickly(file: SourceFile, yamllint: LintConfig | undefined): ParsedFile | undefined {
  if (!yamllint) return quickParse(file, false);
  if (!keysAndScalarsSuffice(yamllint, file.text) || mayHoldSuppressions(file.text)) return undefined;
  return quickParse(file, true);
}

function documentEntry(doc: ParsedDocument): Entry {
  return { ref: doc.ref, line: doc.start.line, doc };
}

/** The files read for context, neither linted nor reported: the discovered files not checked, then `trees`' (`contextTrees`). */
export function contextTargets(discovered: readonly Target[], checked: ReadonlySet<Target>, trees: readonly Target[]): Target[] {
  return [...discovered.filter((t) => !checked.has(t) && t.absPath !== undefined && t.listingError === undefined), ...trees];
}

/** The files of the context trees (`--context`) not already discovered. */
export async function contextTrees(options: Pick<CheckOptions, 'cwd' | 'contextPaths' | 'exclude'>, discovered: readonly Target[]): Promise<Target[]> {
  const seen = new Set(discovered.map((t) => t.absPath));
  const present: string[] = [];
  for (const tree of options.contextPaths ?? []) if (statIfPresent(resolve(options.cwd, tree))) present.push(tree);
  if (present.length === 0) return [];
  const { targets } = await discover({ cwd: options.cwd, paths: present, exclude: options.exclude });
  return targets.filter((target) => target.absPath !== undefined && !seen.has(target.absPath));
}

/**
 * A context file: from another worker (`shared`), the document cache, or read and parsed. Its documents are marked
 * as context (the repo-wide checks find nothing on them), but in a file another worker reports (`reported`).
 */
export function loadContextFile(target: Target, options: CheckOptions, shared?: Map<string, SharedDocument[]>, readBefore?: ReadBefore, reported = false): LoadedFile {
  const file = contextFile(target, options, shared, readBefore);
  if (!reported) for (const entry of file.entries) if (entry.doc) entry.doc.contextOnly = true;
  return file;
}

function contextFile(target: Target, options: CheckOptions, shared: Map<string, SharedDocument[]> | undefined, readBefore: ReadBefore | undefined): LoadedFile {
  const documents = shared?.get(target.path);
  if (documents) return restoredFile(target, lazySource(target.path, target.absPath!, options.maxFileSize), documents);
  const cache = options.documentCache;
  const timings = recorder;
  let start = timings ? timings.now() : 0;
  // A file whose stats are as the cache saw them is known without reading and hashing it.
  const stats = cache && statIfPresent(target.absPath!);
  const known = stats && stats.size <= options.maxFileSize ? cache.keyOf(target.path, stats) : undefined;
  const unread = known === undefined ? undefined : cache!.lookup(known);
  const restored = unread && { ...restoredFile(target, lazySource(target.path, target.absPath!, options.maxFileSize), unread), cacheKey: known, stats };
  if (timings) {
    if (cache) timings.stage(FROM_CACHE, start, restored ? 1 : 0);
    start = timings.now();
  }
  if (restored) return restored;
  const read = readSource(target.absPath!, target.path, options.maxFileSize, readBefore);
  if (timings) timings.stage('read', start);
  if (!cache || read.finding) return loadFile(target, read);
  if (timings) start = timings.now();
  const cacheKey = DocumentCache.key(read.file.text);
  const cached = cache.lookup(cacheKey);
  const found = cached && restoredFile(target, read.file, cached);
  if (timings) timings.stage(FROM_CACHE, start, found ? 1 : 0);
  return { ...(found ?? loadFile(target, read)), cacheKey, stats };
}

/** `--timings`' stage of the context files' look-ups in the document cache; its count, the files found there. */
const FROM_CACHE = 'context from the document cache';

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
  // Its path on disk: the file's record stands for it once its documents are kept (kustomizations' entries are found from it).
  return { path: target.path, findings: [], skips: [], exceptions: [], text: '', suppressions: [], entries, absPath: target.absPath };
}

/**
 * A worker's file for the others: its parsed documents, or in a streamed run (`checked`) what it kept of those
 * it checked (the others were left out of the repo-wide checks there too, and a kept value has no shape).
 */
export function sharedFile(file: LoadedFile, checked = false): SharedFile {
  const documents: SharedDocument[] = [];
  for (const entry of file.entries) {
    const doc = checked ? entry.checkable : entry.doc;
    if (doc) documents.push(sharedDocument(doc));
  }
  return { path: file.path, documents };
}

/** Documents for the other workers, by file; those of a file next to one another. */
export function sharedDocuments(docs: readonly ParsedDocument[]): SharedFile[] {
  const files: SharedFile[] = [];
  for (const doc of docs) {
    const last = files.at(-1);
    if (last?.path === doc.file.path) last.documents.push(sharedDocument(doc));
    else files.push({ path: doc.file.path, documents: [sharedDocument(doc)] });
  }
  return files;
}

function sharedDocument(doc: ParsedDocument): SharedDocument {
  return { index: doc.index, ...doc.start, value: doc.value, shape: doc.shape, positions: positionIndexOf(doc) };
}

/** A checked file is stat'ed only now, after it was read: a change since shows in its stats as too recent to stand for the text. */
export function cacheRecord(file: LoadedFile): CacheRecord {
  const stats = file.stats ?? (file.absPath === undefined ? undefined : statIfPresent(file.absPath));
  return { key: file.cacheKey ?? DocumentCache.key(file.text), documents: file.entries.flatMap((e) => (e.doc ? [e.doc] : [])), path: file.path, stats };
}

/**
 * The gate before the document passes: Kubernetes objects go on; kustomize patches and Helm values files
 * (known from the kustomizations that name them, `auxiliary`) are skipped, saying why; anything else that
 * is not an object fails. kustomization files need no apiVersion/kind.
 */
export function gateFile(file: LoadedFile, auxiliary: (doc: ParsedDocument) => AuxiliaryFile | undefined): void {
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

/** The document passes on a file's checkable documents; `held` is what of a finding is kept. */
export function checkFile(file: LoadedFile, passes: DocumentPass[], held: (finding: Finding) => Finding): void {
  const timings = recorder;
  for (const entry of file.entries) {
    if (!entry.checkable) continue;
    for (const pass of passes) {
      const start = timings ? timings.now() : 0;
      const out = checkSafely(pass, entry.checkable);
      if (timings) timings.stage(pass.name, start);
      // One by one: a document can have more findings (a 150,000-key ConfigMap's schema errors) than a call has room for arguments.
      for (const finding of out.findings) file.findings.push(held(finding));
      for (const skip of out.skips) file.skips.push(skip);
      for (const finding of out.exceptions ?? []) file.exceptions.push(held(finding));
    }
  }
}

/**
 * Keeps of a file's documents only what the repo-wide checks and the report read (src/gitops/retained.ts),
 * and nothing that holds its text: messages that quote a value are copied too.
 */
export function retainFile(file: LoadedFile): void {
  const timings = recorder;
  const start = timings ? timings.now() : 0;
  for (const finding of file.findings) finding.message = unsliced(finding.message);
  for (const finding of file.exceptions) finding.message = unsliced(finding.message);
  for (const skip of file.skips) skip.reason = unsliced(skip.reason);
  // Its text emptied, the file's record is its kept documents' file: no object of its own for each.
  file.text = '';
  const kustomization = isKustomizationFile(file.path);
  for (const entry of file.entries) {
    if (!entry.doc) continue;
    // kustomization files are read whole by the repo-wide checks: copied whole (their strings would keep the text).
    const kept = retainedDocument(entry.doc, kustomization ? copied(entry.doc.value) : retainedValue(entry.doc.value, entry.doc.ref), file);
    if (entry.checkable) entry.checkable = kept;
    entry.doc = kept;
  }
  // Its own length: pushed to as the file was read, it kept room for 16 more (~150 bytes a file).
  file.entries = file.entries.slice();
  if (timings) timings.stage('keep for repo-wide checks', start);
}

/** Puts repo-wide findings on their files; findings on context files have no file here: they are not reported. */
export function repoFindingRecorder(fileOf: (path: string) => LoadedFile | undefined, held: (finding: Finding) => Finding): (findings: Finding[]) => void {
  return (findings) => {
    for (const finding of findings) {
      const file = fileOf(finding.file);
      if (!file) continue;
      // Kept to the end of the run: one string, not the tree of pieces a template joined (~6 objects).
      finding.message = flat(finding.message);
      file.findings.push(held(finding));
    }
  };
}

/**
 * Lets go of what was kept of a file's documents for the repo-wide checks once its part of them ran, but those it
 * `keeps` for their end (added to `kept`): the report reads of the others only their suppression annotations.
 */
export function releaseFile(file: LoadedFile, keeps: (doc: ParsedDocument) => boolean, kept: ParsedDocument[]): void {
  for (const entry of file.entries) {
    const doc = entry.doc;
    if (!doc) continue;
    if (entry.checkable && keeps(entry.checkable)) {
      kept.push((entry.checkable = entry.doc = outliving(doc)));
      continue;
    }
    entry.checkable = undefined;
    // A kept value holds `metadata.annotations` only for the suppressions' (src/gitops/retained.ts).
    if ((doc.value as { metadata?: { annotations?: unknown } } | null)?.metadata?.annotations === undefined) entry.doc = undefined;
  }
}

/** The document a line-based finding belongs to: the last one starting at or before the line. */
export function documentAtLine(entries: Array<{ ref: DocumentRef; line: number }>, line: number): DocumentRef | undefined {
  let found: DocumentRef | undefined = entries[0]?.ref;
  for (const entry of entries) if (entry.line <= line) found = entry.ref;
  return found;
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
      document: doc.ref,
    };
    return { findings: [finding], skips: [] };
  }
}

