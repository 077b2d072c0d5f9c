import type { Stats } from 'node:fs';
import { statIfPresent } from '../discovery/discover.js';

/** `statIfPresent` asking the file system once per path: checks of one run see the same tree. */
export function createStatCache(): (abs: string) => Stats | undefined {
  const stats = new Map<string, Stats | undefined>();
  return (abs) => {
    if (!stats.has(abs)) stats.set(abs, statIfPresent(abs));
    return stats.get(abs);
  };
}
