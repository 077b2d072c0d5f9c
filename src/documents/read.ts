import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Finding } from '../model/finding.js';
import type { SourceFile } from './types.js';
import type { ReadAhead } from './read-ahead.js';

/** Files' bytes read before the run asks for them (`ReadAhead`, `ReadThread`): a file's, valid until the next call, or undefined. */
export interface ReadBefore {
  take(absPath: string): Uint8Array | undefined;
}

/** Files larger than this are reported, not parsed: a 100 MB manifest is a mistake, not a config. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export type ReadResult = { file: SourceFile; finding?: undefined } | { file?: undefined; finding: Finding };

/**
 * Reads one file from disk once; every problem becomes a Finding on the file, never an exception.
 * Synchronous on purpose: thousands of small files read one after another spend most of their time
 * waiting on the thread pool when each read is a promise.
 */
export function readSource(absPath: string, path: string, maxFileSize = DEFAULT_MAX_FILE_SIZE, readBefore?: ReadBefore): ReadResult {
  let bytes: Uint8Array | number;
  try {
    bytes = readBefore?.take(absPath) ?? readFile(absPath, maxFileSize);
  } catch (error) {
    return fileFinding(path, describeReadError(error));
  }
  if (typeof bytes === 'number') return fileFinding(path, `file is ${formatBytes(bytes)}, over the size limit of ${formatBytes(maxFileSize)} (maxFileSize)`);
  return decodeSource(bytes, path, absPath);
}

/**
 * A file whose text is read when first asked for: documents taken from a cache or another worker need it
 * only to locate a node. Unreadable by then, it reads as empty.
 */
export function lazySource(path: string, absPath: string, maxFileSize = DEFAULT_MAX_FILE_SIZE): SourceFile {
  let text: string | undefined;
  return {
    path,
    absPath,
    get text() {
      return (text ??= readSource(absPath, path, maxFileSize).file?.text ?? '');
    },
  };
}

/**
 * Which of `needles` a file's bytes hold, as bits (bit i: `needles[i]`); -1 when they cannot tell (the file
 * cannot be read, is over `maxFileSize`, or starts as UTF-16 or UTF-32 text does). The bytes of a file it can
 * tell of go to `readAhead`, for `readSource`.
 */
export function needlesIn(absPath: string, needles: readonly Uint8Array[], maxFileSize = DEFAULT_MAX_FILE_SIZE, readAhead?: ReadAhead): number {
  let bytes: Buffer | number;
  try {
    bytes = readFile(absPath, maxFileSize);
  } catch {
    return -1;
  }
  if (typeof bytes === 'number' || bytes[0] === 0 || bytes[0] === 0xfe || bytes[0] === 0xff || bytes[1] === 0) return -1;
  let found = 0;
  needles.forEach((needle, i) => {
    if (bytes.indexOf(needle) >= 0) found |= 1 << i;
  });
  readAhead?.keep(absPath, bytes);
  return found;
}

/** `readAll` of a file by path; throws what opening or reading it throws. */
function readFile(absPath: string, maxFileSize: number): Buffer | number {
  const fd = openSync(absPath, 'r');
  try {
    return readAll(fd, maxFileSize);
  } finally {
    closeSync(fd);
  }
}

/** Where a file is read first: most manifests fit, and are decoded before the next file is read. */
const scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * The whole file, even when it grew since it was first read, or its size when that is over `limit` (at most
 * one byte over it is read). A file that does not fill the scratch buffer is read without asking its size,
 * and its bytes are only valid until the next call; a bigger one gets a buffer of its own. A directory
 * throws EISDIR.
 */
function readAll(fd: number, limit: number): Buffer | number {
  let buffer = scratch.subarray(0, Math.min(scratch.length, limit + 1));
  let length = readSync(fd, buffer, 0, buffer.length, null);
  if (length === buffer.length) {
    const { size } = fstatSync(fd);
    if (size > limit) return size;
    buffer = Buffer.allocUnsafe(Math.min(Math.max(size, length), limit) + 1);
    scratch.copy(buffer, 0, 0, length);
  }
  for (;;) {
    if (length === buffer.length) {
      if (length > limit) return length;
      const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const n = readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) return buffer.subarray(0, length);
    length += n;
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Bytes to text: UTF-8 (BOM removed) or UTF-16 with a BOM; binary and undecodable input are Findings. */
export function decodeSource(bytes: Uint8Array, path: string, absPath?: string): ReadResult {
  let text: string;
  // Checked before UTF-16: the UTF-32LE BOM starts with the UTF-16LE one. YAML allows UTF-32, but
  // neither yamllint nor kubectl reads it, so it is named rather than decoded.
  const utf32 = utf32Bom(bytes);
  if (utf32) return fileFinding(path, `UTF-32 text (${utf32} byte order mark) is not supported; manifests must be UTF-8 or UTF-16 text`);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    const nul = bytes.indexOf(0);
    if (nul !== -1) {
      const at = positionOfByte(bytes, nul);
      return fileFinding(path, `binary file: NUL byte at offset ${nul}; manifests must be UTF-8 or UTF-16 text`, at.line, at.column);
    }
    try {
      text = UTF8.decode(bytes);
    } catch {
      const offset = firstInvalidUtf8(bytes);
      const at = positionOfByte(bytes, offset);
      return fileFinding(
        path,
        `invalid UTF-8: byte 0x${bytes[offset]!.toString(16).padStart(2, '0')} at offset ${offset} cannot be decoded; manifests must be UTF-8 or UTF-16 with a BOM`,
        at.line,
        at.column,
      );
    }
  }
  return { file: absPath === undefined ? { path, text } : { path, absPath, text } };
}

function utf32Bom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) return 'UTF-32LE';
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return 'UTF-32BE';
  return undefined;
}

/** A finding on a whole file (check `file`): it could not be read or decoded. */
export function fileFinding(file: string, message: string, line = 1, column = 1): ReadResult {
  return { finding: { file, line, column, severity: 'error', check: 'file', message } };
}

/** Why a file or a directory (`what`) could not be read, from the error of the call that failed. */
export function describeReadError(error: unknown, what: 'file' | 'directory' = 'file'): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return `cannot read ${what}: it no longer exists (deleted during the run?)`;
    case 'EACCES':
    case 'EPERM':
      return `cannot read ${what}: permission denied`;
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'ENOTDIR':
      return `cannot read ${what}: a path component is not a directory (replaced during the run?)`;
    case 'ELOOP':
      return `cannot read ${what}: too many levels of symbolic links`;
    default:
      return `cannot read ${what}: ${(error as Error).message}`;
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`;
  return `${n} bytes`;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return Math.max(0, bytes.length - 1);
}

/** 1-based line and column of a byte offset, columns counted in bytes (the text cannot be decoded). */
function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
