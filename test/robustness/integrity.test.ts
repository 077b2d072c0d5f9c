import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CORPORA, runCli } from '../helpers/cli.js';
import type { JsonReport } from '../../src/report/json.js';

/** Manifest files below a directory, found without our discovery code (dot entries are not manifests). */
function manifestFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) manifestFiles(full, out);
    else if (/\.(ya?ml|json)$/.test(entry.name)) out.push(full);
  }
  return out;
}

/**
 * The indexes of a file's documents, by another YAML library: what the run must report, each once. A
 * document whose value is null (empty, or after a final `---`) has nothing to check and no result.
 */
function documentIndexes(file: string): number[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).flatMap((doc, index) => (doc.errors.length === 0 && doc.toJS() === null ? [] : [index]));
}

const corpora = existsSync(CORPORA) ? readdirSync(CORPORA, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : [];

test('integrity on every corpus: files discovered = files reported, and every document of every file has exactly one result', { skip: corpora.length === 0 && `${CORPORA} is not here` }, () => {
  let files = 0;
  let documents = 0;
  for (const corpus of corpora) {
    const dir = join(CORPORA, corpus);
    const r = runCli(['-o', 'json', '.'], dir);
    assert.equal(r.stderr, '', corpus);
    const report = JSON.parse(r.stdout) as JsonReport;
    const onDisk = manifestFiles(dir);
    assert.equal(report.files, onDisk.length, `${corpus}: files counted`);
    const reported = new Map<string, number[]>();
    for (const result of report.results) reported.set(result.file, [...(reported.get(result.file) ?? []), result.document?.index ?? -1]);
    for (const abs of onDisk) {
      const path = relative(dir, abs).split(sep).join('/');
      assert.deepEqual(reported.get(path) ?? [], documentIndexes(abs), `${corpus}/${path}: one result per document`);
      reported.delete(path);
    }
    assert.deepEqual([...reported.keys()], [], `${corpus}: results for files not on disk`);
    files += report.files;
    documents += report.documents;
  }
  // the four corpora of ../shared/corpora/SOURCES.md, all of them
  assert.deepEqual([corpora.length, files, documents], [4, 260, 360]);
});
