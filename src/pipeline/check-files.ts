import type { Finding } from '../model/finding.js';
import { compareDisplayPaths, type Target } from '../discovery/discover.js';
import type { ParsedDocument } from '../documents/types.js';
import type { ReadAhead } from '../documents/read-ahead.js';
import type { ReadBefore } from '../documents/read.js';
import { ReadThread } from '../documents/read-thread.js';
import { createAuxiliaryFiles } from '../gitops/auxiliary-files.js';
import { forgetObjects } from '../gitops/objects.js';
import { cacheRecord, checkFile, gateFile, loadChecked, loadContextFile, releaseFile, repoFindingRecorder, retainFile, sharedDocuments, sharedFile, type LoadedFile, type SharedFile } from './files.js';
import { partedPass, type Portion } from './portions.js';
import { isSetupDocument, setupDocumentsUsed, setupHeldIn } from './setup-files.js';
import type { SetupRecord } from '../cache/setup-memory.js';
import { isKustomizationFile } from '../documents/kubernetes-object.js';
import type { CheckOptions, DocumentPass, Exchange, PartedRepoPass, RepoPass } from './run.js';
import { recorder } from '../model/timings.js';

/**
 * Files parsed before their checks run, in a streamed run: their documents are what it holds whole at a time. 32
 * rather than 256: fewer of them outlive a scavenge, so less is copied and the young generation grows less (1k: 1.35%
 * fewer instructions, 7% fewer page faults).
 */
const BATCH = 32;

/**
 * From this many files to stream, a run that is not a `--jobs` worker has them read on a thread of their own
 * (`ReadThread`): 50k documents (35,796 files) 5.88–5.95 against 6.12–6.58 s, 20k (14,308) 3.10 against 3.19 s
 * (medians), 10k (7,161) no faster: the thread's start and V8's compiler threads, busy early in a run, share the
 * second core.
 */
export const READ_THREAD_FILES = 10_000;

export interface CheckedFiles {
  loaded: LoadedFile[];
  /** Every checkable document, checked or read for context, in path order: what the repo-wide passes see. */
  everything: ParsedDocument[];
  passes: DocumentPass[];
  /**
   * The repo-wide passes left to run over `everything`: all of them, a pass in parts' end (`everything`: what it
   * kept), or on a worker of a run split by path hash, the exchange with the worker that runs them for all.
   */
  repoPasses: Array<(documents: ParsedDocument[]) => Finding[] | Promise<Finding[]>>;
  /** Puts their findings on the checked files. */
  record: (findings: Finding[]) => void;
  /**
   * Which of the files read before the passes were made hold setup documents: every file of a run checked whole;
   * streamed, the setup files (the others were found to hold none; on a worker checking whole parts, those it read).
   */
  setupHeld: SetupRecord;
}

/**
 * Reads, parses and checks the files. Whole (no `setup`): every file is parsed and kept whole, then the
 * passes are made from all documents and run. Streamed: the `setup` files are parsed first, the passes made from
 * their documents, and they are checked; then each other file is parsed and checked. Each file once checked keeps
 * only what the repo-wide passes read, so memory grows with the findings and that index, not with the documents.
 * Undefined when a streamed file holds a document the passes should have been set up from, or a setup file an
 * admission object.
 */
export async function checkFiles(options: CheckOptions, targets: Target[], context: Target[], fingerprint: boolean, scan: PreScan): Promise<CheckedFiles | undefined> {
  const { setup } = scan;
  const run = new FileRun(options, targets, context, heldFinding(fingerprint), scan);
  const { passes, documents, setupHeld } = await run.setUp(fingerprint);
  // A file read first (recalled from the last runs, or with a CRD's words) may hold an admission object: no pass is made in parts with one.
  let missed = setup !== undefined && setupHeld.admission.length > 0;
  if (!missed) {
    if (setup) run.checkEarly(passes);
    missed = await run.stream(passes);
  }
  const record = run.record;
  if (!setup) return { loaded: run.checked(), everything: documents, passes, repoPasses: options.repoPasses, record, setupHeld };
  // Every worker takes part in the exchange, so that all of them start again when one missed a document.
  if (options.shareParts && !(await run.takeOthers(options.shareParts, missed))) return undefined;
  if (missed) return undefined;
  const parted = run.parted;
  if (parted) return { loaded: run.checked(), everything: run.keptToEnd(), passes, repoPasses: [(kept) => parted.end(kept)], record, setupHeld };
  const repoPasses = options.shareParts ? run.repoPassesOnOne(options.repoPasses, options.shareParts) : options.repoPasses;
  return { loaded: run.checked(), everything: checkableIn(run.files), passes, repoPasses, record, setupHeld };
}

/** The worker that runs the repo-wide passes for all, when the workers split the files by path hash. */
const ENDING_WORKER = 1;

/** What the pre-scan (`setupFiles`) found: the files to read first in a streamed run, and the bytes it kept. */
export interface PreScan {
  setup?: Set<Target>;
  readAhead?: ReadAhead;
  /**
   * A streamed `--jobs` worker checking whole parts (`portionOf`): of the context files not in `reads` it reads only
   * the kustomization files and the setup files no worker checks, and takes from the other workers what of theirs
   * the passes use (`shareSetup`); their parts are other workers'.
   */
  portion?: Omit<Portion, 'targets'>;
}

/** What a worker checking whole parts hands the others for their ends: the documents its parts kept, and the pass's own. */
interface EndHandover {
  files: SharedFile[];
  end: unknown;
}

/** One run's files (the checked ones, then the context) and what each step made of them so far. */
class FileRun {
  /** By index in `all`: undefined until read (or taken from another worker). */
  readonly files: LoadedFile[];
  private readonly all: Target[];
  private auxiliary: ReturnType<typeof createAuxiliaryFiles> = () => undefined;
  private done = 0;
  private readonly setup: Set<Target> | undefined;
  /** The bytes read before they are asked for: the pre-scan's, then, streaming, the read thread's. */
  private readBefore: ReadBefore | undefined;
  private readonly readAhead: ReadAhead | undefined;
  /** The repo-wide pass checked cluster by cluster as the files stream, when the run allows it (`partedPass`). */
  parted: PartedRepoPass | undefined;
  /** Each part's first and last position in `order`; the next one to check. */
  private partRanges: Array<{ first: number; last: number }> = [];
  private nextPart = 0;
  /** The order the files are read in, in parts, and each file's part (by its index). */
  private order: Int32Array | undefined;
  private partOf: Int32Array | undefined;
  /** Documents kept for the end (`parted.keeps`, and those of files in no part); the files looked at so far. */
  private readonly kept: ParsedDocument[] = [];
  private swept = 0;
  private recorder: ((findings: Finding[]) => void) | undefined;
  /** A worker checking whole parts: the files it reads and what the others do. */
  private readonly portion: PreScan['portion'];
  /** Checking whole parts: the context by path (the other workers' files). */
  private readonly elsewhere: Map<string, Target> | undefined;
  /** Checking whole parts: what its parts kept for the end, for the other workers. */
  private handed: ParsedDocument[] = [];
  /** Checking whole parts, the pass cannot be parted here after all: every worker starts again, whole. */
  private unparted = false;

  constructor(
    private readonly options: CheckOptions,
    private readonly targets: Target[],
    context: Target[],
    private readonly held: (finding: Finding) => Finding,
    scan: PreScan,
  ) {
    const { setup, portion } = scan;
    const reads = portion?.reads;
    this.all = [...targets, ...(reads ? context.filter((file) => reads.has(file) || setup!.has(file)) : context)];
    this.files = new Array(this.all.length);
    this.setup = setup;
    this.readAhead = scan.readAhead;
    this.readBefore = scan.readAhead;
    this.portion = portion;
    this.elsewhere = reads && new Map(context.map((file) => [file.path, file]));
  }

  /** The files to check (the targets), as far as they are read. */
  checked(): LoadedFile[] {
    return this.files.slice(0, this.targets.length);
  }

  /** Read before the passes are made: a setup file, or any file of a whole run. */
  private early(i: number): boolean {
    return !this.setup || this.setup.has(this.all[i]!);
  }

  /** A context file a streamed worker takes from the worker that checks it, once all are checked. */
  private fromOthers(i: number): boolean {
    return this.setup !== undefined && this.options.shareParts !== undefined && !this.portion && i >= this.targets.length && !this.early(i);
  }

  /** A setup file of another worker's part: read to make the passes, then let go. */
  private foreign(i: number): boolean {
    return this.portion !== undefined && i >= this.targets.length && !this.portion.reads.has(this.all[i]!);
  }

  /** A context file; one another worker reports is read as the checks' own: what they find on it is reported there. */
  private loadContext(i: number, shared?: Map<string, SharedFile['documents']>): LoadedFile {
    const target = this.all[i]!;
    return loadContextFile(target, this.options, shared, this.readBefore, this.reports(target, shared));
  }

  /**
   * Whether what the repo-wide checks here find on a context file counts (another worker reports it): a received
   * file another worker checks, when workers take whole clusters; every other worker's file, on the worker that
   * runs the repo-wide passes for all when they split the files by path hash.
   */
  private reports(target: Target, shared: Map<string, SharedFile['documents']> | undefined): boolean {
    if (this.portion) return this.portion.reportedElsewhere.has(target);
    return this.setup !== undefined && this.endsHere && shared !== undefined && shared.has(target.path);
  }

  private async loadTarget(i: number): Promise<void> {
    this.files[i] = await loadChecked(this.all[i]!, this.options, this.readBefore);
    this.options.onProgress?.(++this.done, this.targets.length);
  }

  /**
   * Reads the early files (workers hand one another what they parsed: whole, every document; streamed, their
   * setup files', or checking whole parts, what of them the passes take), gates them and makes the passes from
   * their checkable documents, returned with them and which of the files read hold setup documents.
   */
  async setUp(fingerprint: boolean): Promise<{ passes: DocumentPass[]; documents: ParsedDocument[]; setupHeld: SetupRecord }> {
    const { options, files, targets } = this;
    for (let i = 0; i < targets.length; i++) if (this.early(i)) await this.loadTarget(i);
    const parsedHere = files.slice(0, targets.length).filter((file) => file !== undefined);
    if (this.portion && options.shareParts) await this.shareSetup(options.shareParts, this.portion);
    else {
      const shared = options.shareParts ? sharedPaths((await options.shareParts(parsedHere.map((file) => sharedFile(file))))!.flat()) : undefined;
      for (let i = targets.length; i < files.length; i++) if (this.early(i)) files[i] = this.loadContext(i, shared);
      // Workers have one another's documents: the cache is for runs that would otherwise parse their context.
      if (!this.setup && files.length > targets.length && !shared && options.documentCache) {
        const timings = recorder;
        const start = timings ? timings.now() : 0;
        options.documentCache.save(files.map(cacheRecord));
        if (timings) timings.stage('document cache saved', start);
      }
      this.gate(files.filter((f) => f !== undefined));
    }
    const setupHeld = setupHeldIn(files);
    if (!fingerprint) for (const file of parsedHere) file.text = '';
    const documents = checkableIn(files);
    const passes = await makePasses(options.passes, documents);
    if (this.setup && (!options.shareParts || this.portion)) this.partRepoPasses(documents);
    // Streamed, the passes keep what they copied of these (the schema pass, a CRD of each kind), not the documents:
    // emptied, and their collected objects dropped, even if a pass holds the array (the schema pass's prefetch does).
    if (this.setup) {
      forgetObjects(documents);
      documents.length = 0;
    }
    return { passes, documents, setupHeld };
  }

  /** Gates the files with the kustomizations among them (`createAuxiliaryFiles`: every kustomization file is early). */
  private gate(early: LoadedFile[]): void {
    this.auxiliary = createAuxiliaryFiles(early.flatMap((f) => f.entries.flatMap((e) => (e.doc ? [e.doc] : []))));
    for (const file of early) gateFile(file, this.auxiliary);
  }

  /**
   * The setup files of a worker checking whole parts: it reads every kustomization file itself (small; they gate
   * the others) and the early files no worker checks; it hands the others whole the files they read too, and of the
   * rest only the documents the passes could take (`setupDocumentsUsed`, once gated); it gates theirs as they come.
   */
  private async shareSetup(exchange: Exchange, portion: NonNullable<PreScan['portion']>): Promise<void> {
    const { files, targets, all } = this;
    const sentByOthers = (i: number) => !isKustomizationFile(all[i]!.path) && portion.checkedElsewhere.has(all[i]!);
    for (let i = targets.length; i < files.length; i++) if (this.early(i) && !sentByOthers(i)) files[i] = this.loadContext(i);
    this.gate(files.filter((f) => f !== undefined));
    const own: SharedFile[] = [];
    const rest: LoadedFile[] = [];
    for (let i = 0; i < targets.length; i++) {
      const file = files[i];
      if (!file || !this.early(i)) continue;
      if (portion.readElsewhere.has(targets[i]!)) own.push(sharedFile(file));
      else if (!isKustomizationFile(file.path)) rest.push(file);
    }
    own.push(...sharedDocuments(setupDocumentsUsed(checkableIn(rest))));
    const shared = sharedPaths((await exchange(own))!.flat());
    for (let i = targets.length; i < files.length; i++) {
      if (!this.early(i) || !sentByOthers(i) || !shared.has(all[i]!.path)) continue;
      files[i] = this.loadContext(i, shared);
      gateFile(files[i]!, this.auxiliary);
    }
  }

  /**
   * A streamed run on one thread, or a worker checking whole parts, runs its repo-wide passes in parts when one of
   * them can (the GitOps checks, cluster by cluster) and the others find nothing here. Its files, checked and
   * context, are read in the parts' order.
   */
  private partRepoPasses(setup: readonly ParsedDocument[]): void {
    const { all, targets } = this;
    // Path order: the checked files are in it, and so are the context files, but not the two together.
    const sorted = Int32Array.from(all.keys()).filter((i) => !this.foreign(i));
    if (all.length > targets.length) sorted.sort((a, b) => compareDisplayPaths(all[a]!.path, all[b]!.path));
    const parted = partedPass(this.options.repoPasses, setup, Array.from(sorted, (i) => all[i]!.path));
    if (!parted) {
      this.unparted = this.portion !== undefined;
      return;
    }
    this.parted = parted;
    const partOf = (this.partOf = new Int32Array(all.length));
    sorted.forEach((i, at) => (partOf[i] = parted.parts[at]!));
    // The files kept to the end first (what clusters receive from outside their own trees), then the parts in turn.
    const order = new Int32Array(sorted.length);
    let next = 0;
    for (const i of sorted) if (partOf[i]! < 0) order[next++] = i;
    for (const i of sorted) if (partOf[i]! >= 0) order[next++] = i;
    this.order = order;
    const ranges = this.partRanges;
    order.forEach((i, at) => {
      const part = partOf[i]!;
      if (part < 0) return;
      if (ranges[part]) ranges[part]!.last = at;
      else ranges[part] = { first: at, last: at };
    });
  }

  /** Puts repo-wide findings on the checked files they name (those on context files are not reported). */
  get record(): (findings: Finding[]) => void {
    if (!this.recorder) {
      const index = new Map(this.targets.map((t, i) => [t.path, i]));
      this.recorder = repoFindingRecorder((path) => {
        const i = index.get(path);
        return i === undefined ? undefined : this.files[i];
      }, this.held);
    }
    return this.recorder;
  }

  /** The index of the file read `at`-th: in parts, the order `partRepoPasses` chose; else path order. */
  private fileAt(at: number): number {
    return this.order ? this.order[at]! : at;
  }

  /** Checks the parts whose files are all read and checked before position `end`; what their checks no longer read goes. */
  private checkParts(end: number): void {
    const parted = this.parted;
    if (!parted) return;
    for (; this.swept < end; this.swept++) {
      const i = this.fileAt(this.swept);
      if (this.partOf![i]! >= 0) continue;
      for (const entry of this.files[i]!.entries) if (entry.checkable) this.kept.push(entry.checkable);
    }
    const ranges = this.partRanges;
    for (; this.nextPart < ranges.length && ranges[this.nextPart]!.last < end; this.nextPart++) {
      const { first, last } = ranges[this.nextPart]!;
      const own: ParsedDocument[] = [];
      for (let at = first; at <= last; at++) for (const entry of this.files[this.fileAt(at)]!.entries) if (entry.checkable) own.push(entry.checkable);
      this.record(parted.check(this.nextPart, own, this.kept));
      const mark = this.kept.length;
      for (let at = first; at <= last; at++) releaseFile(this.files[this.fileAt(at)]!, parted.keeps, this.kept);
      if (this.portion) for (let k = mark; k < this.kept.length; k++) this.handed.push(this.kept[k]!);
    }
  }

  /** What a run in parts kept for its end, in path order. */
  keptToEnd(): ParsedDocument[] {
    return this.kept.sort((a, b) => compareDisplayPaths(a.file.path, b.file.path));
  }

  /**
   * Streamed: checks the files read early and reduces them to what the repo-wide checks read, as soon as the
   * passes are made from them, so that their documents (CRDs: a fifth of the bench trees' bytes) are not held
   * whole while the other files stream.
   */
  checkEarly(passes: DocumentPass[]): void {
    const { files, targets } = this;
    for (let i = 0; i < files.length; i++) {
      if (!this.early(i)) continue;
      if (this.foreign(i)) {
        delete files[i];
        continue;
      }
      if (i < targets.length) checkFile(files[i]!, passes, this.held);
      retainFile(files[i]!);
    }
  }

  /**
   * Checks the files in path order, in batches; streamed, the files not read early: it parses each file of a batch,
   * then checks them and reduces each to what the repo-wide checks read (parsing every file of a batch, then
   * checking them, runs each stage's code hot: file by file was ~10% slower). True when a file holds a document
   * the passes should have been set up from: the run stops there.
   */
  async stream(passes: DocumentPass[]): Promise<boolean> {
    if (this.unparted) return true;
    const thread = await this.readThread();
    try {
      return await this.streamFiles(passes);
    } finally {
      thread?.stop();
      this.readBefore = this.readAhead;
    }
  }

  /** Whether the files to stream are read, in the order `stream` takes them, on a thread of their own. */
  private async readThread(): Promise<ReadThread | undefined> {
    if (this.options.shareParts) return undefined;
    const paths: string[] = [];
    const count = this.order?.length ?? this.files.length;
    for (let at = 0; at < count; at++) {
      const i = this.fileAt(at);
      const { absPath, listingError } = this.all[i]!;
      if (this.early(i) || absPath === undefined || listingError !== undefined || this.readAhead?.has(absPath)) continue;
      paths.push(absPath);
    }
    if (paths.length < READ_THREAD_FILES) return undefined;
    const thread = await ReadThread.start(paths, this.options.maxFileSize);
    const ahead = this.readAhead;
    this.readBefore = ahead ? { take: (absPath) => ahead.take(absPath) ?? thread.take(absPath) } : thread;
    return thread;
  }

  private async streamFiles(passes: DocumentPass[]): Promise<boolean> {
    const { files, targets } = this;
    const count = this.order?.length ?? files.length;
    for (let start = 0; start < count; start += BATCH) {
      const end = Math.min(start + BATCH, count);
      for (let at = start; at < end; at++) {
        const i = this.fileAt(at);
        if (this.early(i) || this.fromOthers(i)) continue;
        if (i < targets.length) await this.loadTarget(i);
        else files[i] = this.loadContext(i);
        const file = files[i]!;
        if (file.entries.some((e) => e.doc && isSetupDocument(e.doc.value))) return true;
        gateFile(file, this.auxiliary);
      }
      for (let at = start; at < end; at++) {
        const i = this.fileAt(at);
        if (this.fromOthers(i) || (this.setup && this.early(i))) continue;
        if (i < targets.length) checkFile(files[i]!, passes, this.held);
        if (this.setup) retainFile(files[i]!);
      }
      this.checkParts(end);
    }
    return false;
  }

  /**
   * A streamed worker's second exchange: its checked files as it kept them go to the worker that runs the repo-wide
   * passes for all (null when it missed a setup document), which takes every other's as its context. False when any
   * worker missed one.
   */
  async takeOthers(exchange: Exchange, missed: boolean): Promise<boolean> {
    if (this.portion) return this.takeEnds(exchange, missed);
    const { files, targets } = this;
    const ends = this.endsHere;
    const own = missed ? null : ends ? [] : this.checked().flatMap((file, i) => (this.early(i) ? [] : [sharedFile(file, true)]));
    const others = await exchange(own, ends);
    if (!others) return false;
    if (!ends) return true;
    const byPath = sharedPaths(others.flat());
    for (let i = targets.length; i < files.length; i++) {
      if (!this.fromOthers(i)) continue;
      files[i] = this.loadContext(i, byPath);
      gateFile(files[i]!, this.auxiliary);
    }
    return true;
  }

  /** Split by path hash, whether this worker runs the repo-wide passes for all (the others hand it what they kept). */
  private get endsHere(): boolean {
    return this.options.shareParts !== undefined && this.options.shard?.index === ENDING_WORKER;
  }

  /**
   * Split by path hash, the repo-wide passes run on one worker, over every document: it hands the others the findings
   * on their files, which they take in as their own passes' (one set of what is kept of every document, not one a
   * worker; the passes run once).
   */
  repoPassesOnOne(repoPasses: readonly RepoPass[], exchange: Exchange): CheckedFiles['repoPasses'] {
    if (!this.endsHere) return [async () => (await exchange<Finding[]>([]))!.flat()];
    const theirs: Finding[] = [];
    const index = new Set(this.targets.map((target) => target.path));
    const collected = repoPasses.map((pass) => async (documents: ParsedDocument[]) => {
      const findings = await pass(documents);
      for (const finding of findings) if (!index.has(finding.file)) theirs.push(finding);
      return findings;
    });
    return [...collected, async () => (await exchange(theirs, false), [])];
  }

  /**
   * The second exchange of a worker checking whole parts: the documents its parts kept for the end (Flux's objects)
   * and what the pass's end needs of them go to the other workers; theirs are added to its end.
   */
  private async takeEnds(exchange: Exchange, missed: boolean): Promise<boolean> {
    // The pass `portionOf` dealt the parts of: it hands its end over.
    const parted = this.parted;
    const own: EndHandover | null = missed ? null : { files: sharedDocuments(this.handed), end: parted!.handOver!() };
    this.handed = [];
    const others = await exchange(own);
    if (!others) return false;
    const byPath = sharedPaths(others.flatMap((theirs) => theirs.files));
    for (const path of byPath.keys()) {
      for (const entry of loadContextFile(this.elsewhere!.get(path)!, this.options, byPath).entries) this.kept.push(entry.doc!);
    }
    parted!.takeOver!(others.map((theirs) => theirs.end));
    return true;
  }
}

/** The passes, made together; with timings, one after the other, so that each one's set-up is its own span. */
async function makePasses(creators: CheckOptions['passes'], documents: ParsedDocument[]): Promise<DocumentPass[]> {
  const timings = recorder;
  if (!timings) return Promise.all(creators.map((create) => create(documents)));
  const passes: DocumentPass[] = [];
  for (const create of creators) {
    const start = timings.now();
    const pass = await create(documents);
    timings.stage(`${pass.name} set-up`, start);
    passes.push(pass);
  }
  return passes;
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

/** What of a finding is kept: its node path is read only to fingerprint it (a third of a finding's weight). */
function heldFinding(fingerprint: boolean): (finding: Finding) => Finding {
  return fingerprint ? (finding) => finding : withoutPath;
}

/** Let go in place: a copy without the key cost a microsecond a finding, and passes make their findings for the run. */
function withoutPath(finding: Finding): Finding {
  finding.path = undefined;
  return finding;
}
