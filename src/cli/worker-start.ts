/**
 * A `--jobs` worker thread's entry in the bundled CLI (dist/bundle/worker-thread.js): the worker's bundle compiled
 * with the code an earlier worker kept, as start.ts compiles the CLI's (a worker compiled all it ran from source,
 * ~0.1 s of CPU each), and its code kept once a worker has checked documents.
 */
import { fileURLToPath } from 'node:url';
import { workerData } from 'node:worker_threads';
import { DiskCache, cacheDirIn } from '../cache/disk-cache.js';
import { requireCached, setV8Flag } from '../cache/code-cache.js';
import type { WorkerData } from '../pipeline/workers.js';

const { request, v8Flags } = workerData as WorkerData;
// Named before compiling: the code's keys name them, and code is kept only under the flags it was compiled with.
for (const flag of v8Flags) setV8Flag(flag);
const { cache, cacheDir } = request.flags;
const codeCache = cache ? new DiskCache(cacheDirIn(request.cwd, cacheDir), 'bundle') : undefined;
const program = requireCached(fileURLToPath(new URL('./worker.js', import.meta.url)), codeCache);
void (program.exports as typeof import('../pipeline/worker.js')).serveWorker(() => program.keep(true));
