/**
 * `npm run build`'s second step: the compiled modules of dist/ bundled into dist/bundle/, which bin/ runs.
 * Node loads ~190 small ES modules one by one (a third of a pre-commit run's CPU), and keeps no compiled
 * code of ES modules between runs: the bundles are CommonJS, so that `start.js` can compile the CLI's
 * (`gitops-check.js`) with V8's code cache (src/cli/start.ts). `worker.js` is the `--jobs` worker's own, which
 * `worker-thread.js` compiles so (src/cli/worker-start.ts).
 * Dependencies loaded on demand stay in node_modules; the others (commander, picomatch, ignore, kleur) are
 * bundled. Every output file sits two levels below the package root, as the modules of dist/ do, so their
 * `import.meta.url` paths (the schema store, the built-in policies, package.json) resolve the same.
 */
import { build, type Plugin } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { COMMONJS_WRAPPER } from '../src/cache/code-cache.js';

/**
 * commander requires child_process as it loads, for executable subcommands, which this CLI has none of:
 * it is required on first use instead (loading it was ~10 ms of every run).
 */
const childProcessOnUse: Plugin = {
  name: 'child-process-on-use',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) => (/[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'on-use' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'on-use' }, () => ({ contents: "module.exports = new Proxy({}, { get: (_, name) => require('node:child_process')[name] });" }));
  },
};

/**
 * ajv-formats' formats, which cached validators require (src/cache/validators.ts), are bundled although the
 * package is not: loading them from node_modules was ~3 ms of every run taking a validator from the cache.
 */
const bundledFormats: Plugin = {
  name: 'bundled-formats',
  setup(build) {
    build.onResolve({ filter: /^ajv-formats\/dist\/formats\.js$/ }, (args) => ({ path: createRequire(args.importer).resolve(args.path) }));
  },
};

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
rmSync(`${dist}bundle`, { recursive: true, force: true });
await build({
  entryPoints: { 'gitops-check': `${dist}cli/main.js`, worker: `${dist}pipeline/worker.js`, 'worker-thread': `${dist}cli/worker-start.js`, start: `${dist}cli/start.js` },
  outdir: `${dist}bundle`,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Modules imported on demand are bundled too, and evaluated on first import (as `require`).
  supported: { 'dynamic-import': false },
  // ajv's runtime helpers are required by the cached validator code at run time, and the libraries loaded
  // only on demand stay out.
  external: ['ajv', 'ajv/*', 'ajv-formats', '@bufbuild/*', 'node-sarif-builder', 'yaml'],
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "var importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [childProcessOnUse, bundledFormats],
  // Every run reads, hashes and decodes the CLI's bundle, and V8 deserializes its code: 0.67 MB without the
  // whitespace and with shorter syntax, against 1.0 MB, ~390 fewer page faults in a 3-file run. Names are kept, for
  // GITOPS_CHECK_DEBUG's stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
// start.js and worker-thread.js compile the CLI's and the worker's bundles as they read them (src/cache/code-cache.ts):
// the files hold them already wrapped.
const cli = `${dist}bundle/gitops-check.js`;
const worker = `${dist}bundle/worker.js`;
for (const wrapped of [cli, worker]) writeFileSync(wrapped, `${COMMONJS_WRAPPER.head}${readFileSync(wrapped, 'utf8')}${COMMONJS_WRAPPER.tail}`);
// One character outside ASCII makes V8 hold a whole bundle as two-byte text: twice its 0.7 MB in every process.
for (const bundle of [cli, worker, `${dist}bundle/worker-thread.js`, `${dist}bundle/start.js`]) {
  const at = readFileSync(bundle, 'utf8').search(/[^\0-\x7f]/);
  if (at !== -1) throw new Error(`${bundle}: a character outside ASCII at offset ${at} (write it as an escape)`);
}
// The package is ES modules; these files are not.
writeFileSync(`${dist}bundle/package.json`, '{ "type": "commonjs" }\n');
