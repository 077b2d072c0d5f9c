import { createHash } from 'node:crypto';

/** `--shard I/N`: this run checks the I-th of N parts of the files (1-based). */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Whether a file belongs to the shard. The part is a hash of the display path, not the file's position,
 * so adding or removing a file never moves the others between shards.
 */
export function inShard(path: string, shard: Shard): boolean {
  return createHash('sha256').update(path).digest().readUInt32BE(0) % shard.count === shard.index - 1;
}

/** Parses `I/N` (1 ≤ I ≤ N); undefined when it is not that. */
export function parseShard(value: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return index >= 1 && index <= count ? { index, count } : undefined;
}
