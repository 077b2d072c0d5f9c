/**
 * The GitHub Action's cache key for its own installation (the runtime node_modules, dist/, the schema
 * store): a SHA-256 of every file of the action's checkout that installing reads, by path and content,
 * with the OS, CPU and Node major (esbuild's binary and npm differ by them). What installing makes is
 * not read, so the key is the same before and after an install. Plain JavaScript: it runs before there
 * is anything installed. Appends `key=...` to $GITHUB_OUTPUT (stdout without one).
 * Run: node scripts/action-install-key.mjs [<action directory>]
 */
import { createHash } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const MADE = new Set(['node_modules', 'dist', 'schemas/store', '.git']);

function filesUnder(root, dir, out) {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (MADE.has(path)) continue;
    if (entry.isDirectory()) filesUnder(root, path, out);
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

const root = process.argv[2] ?? '.';
const digest = createHash('sha256');
for (const path of filesUnder(root, '', []).sort()) {
  const content = readFileSync(join(root, path));
  // Length-prefixed, so no two different trees feed the same bytes.
  digest.update(`${Buffer.byteLength(path)}:${path}${content.length}:`).update(content);
}
const platform = `${process.env.RUNNER_OS ?? process.platform}-${process.env.RUNNER_ARCH ?? process.arch}`;
const line = `key=gitops-check-install-${platform}-node${process.versions.node.split('.')[0]}-${digest.digest('hex')}\n`;
if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, line);
else process.stdout.write(line);
