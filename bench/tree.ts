import { performance } from 'node:perf_hooks';
/**
 * A large, deterministic GitOps tree on disk for the benchmarks, made from the real manifests of
 * ../shared/corpora: copy c of the corpora goes under `clusters/c<NNNN>/<corpus>/…`, and from the
 * second copy on every top-level `metadata.name` gets the suffix `-c<N>` so no two copies are
 * byte-identical (a cache keyed by content must not make a copy free).
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAll } from 'js-yaml';

export const CORPORA = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/corpora');

export interface CorpusFile {
  corpus: string;
  /** Path inside the corpus, `/`-separated. */
  path: string;
  text: string;
  /** Non-empty documents by js-yaml's `loadAll`; 1 for a file it cannot parse. */
  documents: number;
}

export interface Tree {
  root: string;
  /** Absolute paths, in the order written. */
  files: string[];
  documents: number;
  bytes: number;
}

/**
 * Every YAML manifest of the corpora (dot files such as `.yamllint.yaml` left out), sorted by corpus and
 * path; files over `maxBytes` left out too (the corpora's CRDs and dashboards weigh 100 KB to 1.4 MB each).
 */
export function readCorpora(maxBytes = Infinity): CorpusFile[] {
  const files: CorpusFile[] = [];
  for (const corpus of readdirSync(CORPORA, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const paths = readdirSync(join(CORPORA, corpus), { recursive: true, encoding: 'utf8' })
      .filter((path) => /\.ya?ml$/.test(path) && !basename(path).startsWith('.'))
      .sort();
    for (const path of paths) {
      const text = readFileSync(join(CORPORA, corpus, path), 'utf8');
      if (Buffer.byteLength(text) > maxBytes) continue;
      files.push({ corpus, path: path.split('\\').join('/'), text, documents: countDocuments(text) });
    }
  }
  return files;
}

function countDocuments(text: string): number {
  try {
    return loadAll(text).filter((doc) => doc !== null && doc !== undefined).length;
  } catch {
    return 1;
  }
}

/** Writes copies of the corpora under `root`, file by file, until at least `documents` documents are written. */
export function buildTree(root: string, documents: number, corpus: CorpusFile[] = readCorpora()): Tree {
  if (!corpus.some((f) => f.documents > 0)) throw new Error(`no YAML documents in ${CORPORA}`);
  const tree: Tree = { root, files: [], documents: 0, bytes: 0 };
  for (let copy = 0; tree.documents < documents; copy++) {
    for (const file of corpus) {
      if (tree.documents >= documents) break;
      const target = join(root, 'clusters', `c${String(copy).padStart(4, '0')}`, file.corpus, file.path);
      const text = copy === 0 ? file.text : varyNames(file.text, `-c${copy}`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
      tree.files.push(target);
      tree.documents += file.documents;
      tree.bytes += Buffer.byteLength(text);
    }
  }
  return tree;
}

/**
 * Appends `suffix` to the plain `name:` directly under each top-level `metadata:` mapping. Line-based,
 * so every other line and column of the file stays as it is.
 */
export function varyNames(text: string, suffix: string): string {
  let inMetadata = false;
  let childIndent: number | undefined;
  return text
    .split('\n')
    .map((line) => {
      if (/^metadata:[ \t]*\r?$/.test(line)) {
        inMetadata = true;
        childIndent = undefined;
        return line;
      }
      if (/^\S/.test(line)) inMetadata = false; // the next top-level key, a `---` or a comment at column 1
      if (!inMetadata || /^\s*(#.*)?\r?$/.test(line)) return line;
      const indent = line.length - line.trimStart().length;
      childIndent ??= indent;
      if (indent !== childIndent) return line;
      return line.replace(/^(\s+name:[ \t]+)([A-Za-z0-9][-A-Za-z0-9._]*)([ \t]*\r?)$/, `$1$2${suffix}$3`);
    })
    .join('\n');
}

/** The corpora's manifests (kustomization files left out) repeated `copies` times in memory, as the pipeline reads them. */
export function corpusSources(copies: number): Array<{ path: string; text: string }> {
  const files = readCorpora().filter((f) => !/(^|\/)kustomization\.ya?ml$/.test(f.path));
  return Array.from({ length: copies }, (_, i) => files.map((f) => ({ path: `copy${i}/${f.corpus}/${f.path}`, text: f.text }))).flat();
}

/** Wall time of one call, with its result. */
export function time<T>(run: () => T): { ms: number; result: T } {
  const start = performance.now();
  const result = run();
  return { ms: performance.now() - start, result };
}

/** A figure as the bench's tables print it: thousands separated, `digits` decimals. */
export function number(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
