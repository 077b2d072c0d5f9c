/**
 * `npm run build`'s second step: the compiled modules of dist/ bundled into a few files in dist/bundle/, which
 * bin/ runs. Node loads ~190 small ES modules one by one; a pre-commit run spent about 0.2 s of its CPU on
 * that, a third of a small run. Dependencies stay in node_modules (not bundled). Every output file sits two
 * levels below the package root, as the modules of dist/ do, so their `import.meta.url` paths (the schema
 * store, the built-in policies, package.json) resolve the same; the worker entry keeps its name `worker.js`.
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
rmSync(`${dist}bundle`, { recursive: true, force: true });
await build({
  entryPoints: { main: `${dist}cli/main.js`, worker: `${dist}pipeline/worker.js` },
  outdir: `${dist}bundle`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // ajv's runtime helpers are required by the cached validator code at run time, and the libraries loaded
  // only on demand stay out; the others (commander, picomatch, ignore, kleur) are bundled.
  external: ['ajv', 'ajv/*', 'ajv-formats', '@bufbuild/*', 'node-sarif-builder', 'yaml'],
  // The bundled CommonJS libraries require Node's built-in modules.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
  logLevel: 'warning',
});
