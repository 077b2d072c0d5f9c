/**
 * The floor of any check (a child process of bench/run.ts): read every YAML file under a directory and
 * parse it with js-yaml's `loadAll`, one thread. Prints `{"ms", "files", "documents"}` as JSON; the time
 * covers reading and parsing only, not start-up or the directory listing.
 * Run: node --import tsx bench/floor.ts <dir>
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadAll } from 'js-yaml';

const root = resolve(process.argv[2] ?? '.');
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((path) => /\.ya?ml$/.test(path))
  .sort()
  .map((path) => join(root, path));

const started = performance.now();
let documents = 0;
for (const file of files) {
  try {
    documents += loadAll(readFileSync(file, 'utf8')).filter((doc) => doc !== null && doc !== undefined).length;
  } catch {
    documents += 1; // a syntax error still costs its parse, as in the real check
  }
}
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, files: files.length, documents }) + '\n');
