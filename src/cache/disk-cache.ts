import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { touchIfStale } from './prune.js';
import { readTransient } from './transient-read.js';

/** The user cache directory: `$XDG_CACHE_HOME/gitops-check`, else `~/.cache/gitops-check`. */
export function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gitops-check');
}

/** A run's cache directory: `--cache-dir` (relative to the run's working directory), else the user's. */
export function cacheDirIn(cwd: string, cacheDir: string | undefined): string {
  return cacheDir === undefined ? defaultCacheDir() : resolve(cwd, cacheDir);
}

const HEADER = 'gitops-check cache 1 sha256=';
const NEWLINE = 0x0a;

/**
 * Entries on disk under a key made of their inputs (content hashes, the tool version). An entry is written
 * to a temporary file then renamed, so a reader sees the whole entry or none, and two runs writing the same
 * entry at once each write a complete file. Each entry carries the checksum of its body: a torn or
 * corrupted entry reads as missing and is rebuilt. The cache only saves time: when it cannot be read or
 * written the run goes on without it. A read or `has` records the use in the entry's modification time
 * (at most daily), so that src/cache/prune.ts removes only what no run has used for a month.
 */
export class DiskCache {
  constructor(
    readonly dir: string,
    private readonly version: string,
  ) {}

  /** The body stored under `key`, if present and intact. */
  get(kind: string, key: readonly string[]): string | undefined {
    return this.read(kind, key)?.body.toString('utf8');
  }

  /**
   * The body stored under `key` as bytes, with its sha256 (the checksum it was verified against). The bytes are
   * valid only until the process reads another file this way (`readTransient`): decode or compile them at once.
   */
  read(kind: string, key: readonly string[]): { body: Buffer; sha256: string } | undefined {
    const file = this.file(kind, key);
    let bytes: Buffer;
    try {
      const read = readTransient(file);
      bytes = read.bytes;
      touchIfStale(file, read.mtimeMs);
    } catch {
      return undefined;
    }
    const newline = bytes.indexOf(NEWLINE);
    if (newline < 0 || bytes.toString('latin1', 0, HEADER.length) !== HEADER) return undefined;
    const body = bytes.subarray(newline + 1);
    const checksum = bytes.toString('latin1', HEADER.length, newline);
    return checksum === sha256(body) ? { body, sha256: checksum } : undefined;
  }

  /** Whether an entry is stored under `key`, intact or not (its body is not read). */
  has(kind: string, key: readonly string[]): boolean {
    const file = this.file(kind, key);
    try {
      const stat = statSync(file, { throwIfNoEntry: false });
      if (stat) touchIfStale(file, stat.mtimeMs);
      return stat !== undefined;
    } catch {
      return false;
    }
  }

  set(kind: string, key: readonly string[], body: string | Uint8Array): void {
    const file = this.file(kind, key);
    const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      mkdirSync(join(this.dir, kind), { recursive: true });
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      writeFileSync(temporary, Buffer.concat([Buffer.from(`${HEADER}${sha256(bytes)}\n`), bytes]));
      renameSync(temporary, file);
    } catch {
      // Not writable (full disk, read-only home, a file in the way): this run goes on uncached.
      try {
        unlinkSync(temporary);
      } catch {
        // never written
      }
    }
  }

  /** `<dir>/<kind>/<hash of the tool version and the key>`. */
  file(kind: string, key: readonly string[]): string {
    return join(this.dir, kind, sha256([this.version, ...key].join('\0')));
  }
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
