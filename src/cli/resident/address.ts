import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Longest Unix socket path Linux and macOS take (sun_path, less its terminating zero). */
const MAX_SOCKET_PATH = 103;

/**
 * Where the resident process of this build of the tool listens: one per user, Node and CLI bundle (its path,
 * size and modification time), so an upgraded or rebuilt tool never talks to an older process: a socket in
 * `<cache dir>/resident/`, made if missing, which must be this user's and closed to everyone else (a client
 * sends its environment, tokens included). Null, and the run goes on in its own process, when it is not, when
 * the path is too long for a socket, and on Windows, whose named pipes other users may open unless their access
 * is set, which Node cannot do.
 */
export function residentAddress(bundle: string, cacheDir: string): string | null {
  if (process.platform === 'win32') return null;
  const dir = join(cacheDir, 'resident');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const own = lstatSync(dir);
    if (!own.isDirectory() || own.uid !== process.getuid!() || (own.mode & 0o077) !== 0) return null;
  } catch {
    return null;
  }
  const stat = statSync(bundle);
  const id = createHash('sha256')
    .update([process.version, process.arch, bundle, stat.size, stat.mtimeMs].join('\0'))
    .digest('hex')
    .slice(0, 16);
  const path = join(dir, `${id}.sock`);
  return Buffer.byteLength(path) <= MAX_SOCKET_PATH ? path : null;
}
