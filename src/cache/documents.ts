import { createHash } from 'node:crypto';
import type { ParsedDocument } from '../documents/types.js';
import type { DiskCache } from './disk-cache.js';

/** A parsed document as the cache keeps it: enough for the checks that read it as context. */
export interface CachedDocument {
  index: number;
  line: number;
  column: number;
  value: unknown;
}

type Entry = [index: number, line: number, column: number, value: unknown];

/**
 * The documents of a working directory's files, by content hash, so a run that reads most files only as
 * context (pre-commit's named files, a shard) takes their values from one JSON file
 * instead of parsing thousands of YAML files. Runs that read context write it; it then holds exactly
 * that run's files. A file with values JSON cannot carry as they are (NaN, infinities, -0, aliased
 * objects) is only marked: it is parsed each time.
 */
export class DocumentCache {
  /** `null`: a file JSON cannot carry, parsed each time (known, so it does not make every run rewrite the cache). */
  private known: Map<string, Entry[] | null> | undefined;

  constructor(
    private readonly disk: DiskCache,
    private readonly cwd: string,
  ) {}

  /** Read on first use: most runs read no context and never need it. */
  private get stored(): Map<string, Entry[] | null> {
    return (this.known ??= read(this.disk.get('documents', [this.cwd])));
  }

  static key(text: string): string {
    return createHash('sha256').update(text).digest('base64');
  }

  /** The non-empty documents of a file with this text, when known. */
  lookup(key: string): CachedDocument[] | undefined {
    return this.stored.get(key)?.map(([index, line, column, value]) => ({ index, line, column, value }));
  }

  /** Replaces the stored files by these (text and non-empty documents of each), unless they are the same files. */
  save(files: Array<{ key: string; documents: ParsedDocument[] }>): void {
    const keys = new Set(files.map((file) => file.key));
    if (keys.size === this.stored.size && [...keys].every((key) => this.stored.has(key))) return;
    const entries = new Map<string, Entry[] | null>();
    for (const file of files) {
      if (entries.has(file.key)) continue;
      const safe = file.documents.every((doc) => jsonSafe(doc.value));
      entries.set(file.key, safe ? file.documents.map((doc) => [doc.index, doc.start.line, doc.start.column, doc.value]) : null);
    }
    this.disk.set('documents', [this.cwd], JSON.stringify(Object.fromEntries(entries)));
  }
}

function read(body: string | undefined): Map<string, Entry[] | null> {
  if (body === undefined) return new Map();
  try {
    return new Map(Object.entries(JSON.parse(body) as Record<string, Entry[] | null>));
  } catch {
    return new Map(); // written by a broken run: rebuilt by this one
  }
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
