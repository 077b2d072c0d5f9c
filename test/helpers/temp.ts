import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/**
 * A fresh directory under the system's temporary folder, removed with everything in it when the test process
 * ends (node --test runs each test file in a process of its own): a suite run leaves nothing behind, where the
 * trees, caches and reports it made (some of them 180 MB) piled up with every run.
 */
export function tempDir(prefix = 'gitops-check-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
