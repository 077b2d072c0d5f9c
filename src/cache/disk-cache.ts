import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The user cache directory: `$XDG_CACHE_HOME/gitops-check`, else `~/.cache/gitops-check`. */
export function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gitops-check');
}

const HEADER = 'gitops-check cache 1 sha256=';

/**
 * Entries on disk under a key made of their inputs (content hashes, the tool version). An entry is written
 * to a temporary file then renamed, so a reader sees the whole entry or none, and two runs writing the same
 * entry at once each write a complete file. Each entry carries the checksum of its body: a torn or
 * corrupted entry reads as missing and is rebuilt. The cache only saves time: when it cannot be read or
 * written the run goes on without it.
 */
export class DiskCache {
  constructor(
    readonly dir: string,
    private readonly version: string,
  ) {}

  /** The body stored under `key`, if present and intact. */
  get(kind: string, key: readonly string[]): string | undefined {
    let text: string;
    try {
      text = readFileSync(this.file(kind, key), 'utf8');
    } catch {
      return undefined;
    }
    const newline = text.indexOf('\n');
    if (newline < 0 || !text.startsWith(HEADER)) return undefined;
    const body = text.slice(newline + 1);
    return text.slice(HEADER.length, newline) === sha256(body) ? body : undefined;
  }

  set(kind: string, key: readonly string[], body: string): void {
    const file = this.file(kind, key);
    const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      mkdirSync(join(this.dir, kind), { recursive: true });
      writeFileSync(temporary, `${HEADER}${sha256(body)}\n${body}`);
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

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
