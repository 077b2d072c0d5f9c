/**
 * The floor of any check (a child process of bench/run.ts): read every YAML file under a directory and
 * parse it with js-yaml's `loadAll`, one thread. Prints `{"ms", "faults", "files", "documents"}` as JSON; the time
 * covers reading and parsing only, not start-up or the directory listing. With `parse-file`, the files are
 * parsed as a run with default settings parses them instead (in one pass, `quickParse`, else `parseYamlFile`:
 * values, positions, the tokens the YAML rules read), the same way, with the CLI's V8 flags: the parse layer of a
 * run, against the floor, each once in a fresh process. (The counts differ by a few files whose syntax js-yaml
 * and PyYAML, which our parser follows, judge differently.) `faults`: the minor page faults taken in that time.
 * Run: node --import tsx bench/floor.ts <dir> [parse-file]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadAll } from 'js-yaml';
import { parseYamlFile, quickParse } from '../src/documents/parse-file.js';
import type { SourceFile } from '../src/documents/types.js';
import { setV8Flags, withHeapGrowth } from '../src/cli/v8-flags.js';

const root = resolve(process.argv[2] ?? '.');
const ours = (file: SourceFile) => quickParse(file, true) ?? parseYamlFile(file);
const parse: (path: string, text: string) => number =
  process.argv[3] === 'parse-file'
    ? (path, text) => ours({ path, text }).documents.filter((doc) => doc.value !== null && doc.value !== undefined).length
    : (_path, text) => loadAll(text).filter((doc) => doc !== null && doc !== undefined).length;
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((path) => /\.ya?ml$/.test(path))
  .sort()
  .map((path) => join(root, path));
const parseAll = (): number => {
  let documents = 0;
  for (const file of files) {
    try {
      documents += parse(file, readFileSync(file, 'utf8'));
    } catch {
      documents += 1; // a syntax error still costs its parse, as in the real check
    }
  }
  return documents;
};
// Our parser runs as in a run, with the CLI's V8 flags; js-yaml, the floor, with Node's own.
if (process.argv[3] === 'parse-file') setV8Flags();
const started = performance.now();
const faultsBefore = process.resourceUsage().minorPageFault;
const documents = process.argv[3] === 'parse-file' ? await withHeapGrowth(files.length, parseAll) : parseAll();
const ms = performance.now() - started;
const faults = process.resourceUsage().minorPageFault - faultsBefore;
process.stdout.write(JSON.stringify({ ms, faults, files: files.length, documents }) + '\n');
