/** A `--jobs` worker thread's entry where the modules run unbundled; the bundled CLI's is src/cli/worker-start.ts. */
import { serveWorker } from './worker.js';

void serveWorker();
