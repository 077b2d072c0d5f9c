/** The bytes a run keeps at most (the bench's 10k-document tree is 17.5 MB); the files past them are read again. */
const BUDGET = 32 * 1024 * 1024;

/** Small files are copied into shared slabs: one allocation of this size for hundreds of manifests. */
const SLAB = 1024 * 1024;

/**
 * What a run keeps of the bytes its pre-scan read (src/pipeline/setup-files.ts), so that each file is read from
 * disk once: the scan opens every file before any is parsed.
 */
export class ReadAhead {
  private readonly kept = new Map<string, Uint8Array>();
  private slab = new Uint8Array(0);
  private used = 0;

  constructor(private left = BUDGET) {}

  /** Keeps a copy of a file's bytes (valid only until the caller reads its next file) while the budget lasts. */
  keep(absPath: string, bytes: Uint8Array): void {
    const length = bytes.length;
    if (length > this.left) return;
    this.left -= length;
    let copy: Uint8Array;
    if (length > SLAB / 4) copy = bytes.slice();
    else {
      if (this.used + length > this.slab.length) {
        this.slab = new Uint8Array(SLAB);
        this.used = 0;
      }
      copy = this.slab.subarray(this.used, this.used + length);
      copy.set(bytes);
      this.used += length;
    }
    this.kept.set(absPath, copy);
  }

  /** Whether a file's bytes are kept. */
  has(absPath: string): boolean {
    return this.kept.has(absPath);
  }

  /** The bytes kept for a file, handed over once: a slab is freed when all of its files are taken. */
  take(absPath: string): Uint8Array | undefined {
    const bytes = this.kept.get(absPath);
    if (bytes === undefined) return undefined;
    this.kept.delete(absPath);
    return bytes;
  }
}
