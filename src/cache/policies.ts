import { deserialize, serialize } from 'node:v8';
import { compilerInputs, type CompiledStore, type ModuleSource } from '../policy/rego/index.js';
import { modulesChecksum } from './code-cache.js';
import { sha256, type DiskCache } from './disk-cache.js';

/** The layout of an entry: changed when what is stored changes beyond what the compiler's code decides. */
const FORMAT = 'compiled rego 1';

let compiler: string[] | null | undefined;
/** The compiler's part of every key, made once per process; null when its code cannot be read (nothing is cached). */
function compilerKey(): string[] | null {
  if (compiler === undefined) {
    const { sources, builtins } = compilerInputs();
    const code = modulesChecksum(sources);
    compiler = code === null ? null : [FORMAT, process.version, code, sha256(builtins)];
  }
  return compiler;
}

/**
 * Where the compiled form of these modules is kept in the disk cache: parsing and compiling the built-in library
 * was ~10-20 ms of a pre-commit run, restoring it ~1 ms. Keyed by each module's path (error positions and rule
 * positions name it) and content, the compiler's code, the builtins it knows and Node's version (v8.serialize's
 * format). A policy that does not compile is never stored: each run reports its error.
 */
export function compiledPolicyStore(cache: DiskCache | undefined, modules: readonly ModuleSource[]): CompiledStore | undefined {
  const base = cache && compilerKey();
  if (!base) return undefined;
  const key = [...base, ...modules.flatMap((m) => [m.path, sha256(m.source)])];
  return {
    load: () => {
      const entry = cache.read('policies', key);
      try {
        // A copy: typed arrays deserialized are views of the bytes given, which the next read reuses.
        return entry && deserialize(Buffer.from(entry.body));
      } catch {
        // Intact but not serialized data (written by something else): compiled again and replaced.
        return undefined;
      }
    },
    save: (compiled) => cache.set('policies', key, serialize(compiled)),
  };
}
