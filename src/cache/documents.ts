import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import type { ParsedDocument } from '../documents/types.js';
import type { ValueShape } from '../documents/yaml/construct.js';
import type { DiskCache } from './disk-cache.js';

/** A parsed document as the cache keeps it: enough for the checks that read it as context. */
export interface CachedDocument {
  index: number;
  line: number;
  column: number;
  value: unknown;
  /** What parsing learned of the value, so that the checks need not walk it again. */
  shape?: ValueShape;
}

/** A file the cache records: its text's key, its non-empty documents, and its stats (taken after `since`) when it was read from disk. */
export interface CacheRecord {
  key: string;
  documents: ParsedDocument[];
  path?: string;
  stats?: Stats;
}

type Entry = [index: number, line: number, column: number, value: unknown, shape?: ValueShape];

/** What tells a file's content apart without reading it, as git's index does: any write changes the ctime, a rename the inode. */
type Stamp = [size: number, mtimeMs: number, ctimeMs: number, ino: number];

/** A path's stamp and the key of the text it had then. */
type Seen = [...Stamp, key: string];

interface Stored {
  files: Map<string, Entry[] | null>;
  seen: Map<string, Seen>;
}

/**
 * Files changed this close to a run's start (or later) are not told apart by their stamps: a file rewritten within the
 * same tick of its file system's clock keeps its mtime and ctime (git's "racily clean" entries). Wider than the
 * coarsest timestamps (FAT's 2 s) and the kernel's coarse clock.
 */
const RACY_MS = 3_000;

/** Part of the entry's key: the layout of its JSON. */
const FORMAT = 'documents 2';

/**
 * The documents of a working directory's files, by content hash, so a run that reads most files only as
 * context (pre-commit's named files, a shard) takes their values from one JSON file
 * instead of parsing thousands of YAML files. Runs that read context write it; it then holds exactly
 * that run's files. A file with values JSON cannot carry as they are (NaN, infinities, -0, aliased
 * objects) is only marked: it is parsed each time. A file whose stamp is as saved need not even be read and
 * hashed to be known.
 */
export class DocumentCache {
  private known: Stored | undefined;

  /** `since`: when the run started reading files (before any was read). */
  constructor(
    private readonly disk: DiskCache,
    private readonly cwd: string,
    private readonly since = Date.now(),
  ) {}

  /** Read on first use: most runs read no context and never need it. */
  private get stored(): Stored {
    return (this.known ??= read(this.disk.get('documents', [FORMAT, this.cwd])));
  }

  static key(text: string): string {
    return createHash('sha256').update(text).digest('base64');
  }

  /** The key of the text at `path` as saved, when the file's stats say it has not changed since. */
  keyOf(path: string, stats: Stats): string | undefined {
    const seen = this.stored.seen.get(path);
    return seen && sameStamp(seen, stampOf(stats)) ? seen[4] : undefined;
  }

  /** The non-empty documents of a file with this text, when known. */
  lookup(key: string): CachedDocument[] | undefined {
    return this.stored.files.get(key)?.map(([index, line, column, value, shape]) => ({ index, line, column, value, shape }));
  }

  /** Replaces the stored files by these, unless they are the same files with the same stamps. */
  save(records: CacheRecord[]): void {
    const seen = new Map<string, Seen>();
    for (const record of records) {
      if (record.path !== undefined && record.stats && this.settled(record.stats)) seen.set(record.path, [...stampOf(record.stats), record.key]);
    }
    if (this.holds(new Set(records.map((record) => record.key)), seen)) return;
    const files = new Map<string, Entry[] | null>();
    for (const record of records) {
      if (files.has(record.key)) continue;
      const safe = record.documents.every((doc) => jsonSafe(doc.value));
      files.set(record.key, safe ? record.documents.map(entryOf) : null);
    }
    this.disk.set('documents', [FORMAT, this.cwd], JSON.stringify({ files: Object.fromEntries(files), seen: Object.fromEntries(seen) }));
  }

  /** Whether a file's stats were last changed long enough before the run for its stamp to stand for its text. */
  private settled(stats: Stats): boolean {
    return Math.max(stats.mtimeMs, stats.ctimeMs) < this.since - RACY_MS;
  }

  /** Whether the cache holds these files' texts and stamps already: most runs need not write it. */
  private holds(keys: Set<string>, seen: Map<string, Seen>): boolean {
    const stored = this.stored;
    if (keys.size !== stored.files.size || seen.size !== stored.seen.size) return false;
    for (const key of keys) if (!stored.files.has(key)) return false;
    for (const [path, entry] of seen) {
      const old = stored.seen.get(path);
      if (!old || !sameStamp(old, entry) || old[4] !== entry[4]) return false;
    }
    return true;
  }
}

function entryOf(doc: ParsedDocument): Entry {
  const entry: Entry = [doc.index, doc.start.line, doc.start.column, doc.value];
  if (doc.shape) entry.push(doc.shape);
  return entry;
}

function stampOf(stats: Stats): Stamp {
  return [stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino];
}

function sameStamp(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

function read(body: string | undefined): Stored {
  try {
    const json = body === undefined ? undefined : (JSON.parse(body) as { files?: Record<string, Entry[] | null>; seen?: Record<string, Seen> });
    if (json?.files && json.seen) return { files: new Map(Object.entries(json.files)), seen: new Map(Object.entries(json.seen)) };
  } catch {
    // written by a broken run: rebuilt by this one
  }
  return { files: new Map(), seen: new Map() };
}

/** JSON.stringify and JSON.parse recurse: deeper documents stay out of the cache. */
const MAX_DEPTH = 1_000;

/** Whether JSON gives the value back as it is: finite numbers other than -0, each object reached once. */
function jsonSafe(root: unknown): boolean {
  const seen = new Set<object>();
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) return false;
    if (typeof value !== 'object' || value === null) continue;
    if (seen.has(value) || depth > MAX_DEPTH) return false;
    seen.add(value);
    for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push([child, depth + 1]);
  }
  return true;
}
