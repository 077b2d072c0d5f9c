import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CORPORA, REPO_ROOT, runCli } from '../helpers/cli.js';

/** Reported by every run whatever its passes: reading, YAML syntax, suppressions. */
const ALWAYS = new Set(['file', 'yaml/syntax', 'gitops-check/suppression']);
const PASSES = ['yaml', 'schema', 'policy', 'repo'] as const;

/** The pass alone that reports a check; `schema` is also the document gate's id, which every run reports. */
function passOf(check: string): (typeof PASSES)[number] {
  if (check.startsWith('yaml/')) return 'yaml';
  if (check === 'schema') return 'schema';
  if (check.startsWith('builtin/') || check.startsWith('policy/')) return 'policy';
  if (/^(gitops|gatekeeper|vap)\//.test(check)) return 'repo';
  throw new Error(`no pass reports ${check}`);
}

function passAlone(root: string, pass: string): Record<string, number> {
  const out = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bench/pass-alone.ts'), root, pass], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return (JSON.parse(out.stdout) as { checks: Record<string, number> }).checks;
}

for (const corpus of readdirSync(CORPORA, { withFileTypes: true }).filter((e) => e.isDirectory())) {
  test(`${corpus.name}: each pass alone of the benchmark reports exactly the CLI's findings of its own checks`, () => {
    const root = join(CORPORA, corpus.name);
    const cli: Record<string, number> = {};
    for (const { check } of (JSON.parse(runCli(['-o', 'json'], root).stdout) as { findings: Array<{ check: string }> }).findings) cli[check] = (cli[check] ?? 0) + 1;
    const alone = Object.fromEntries(PASSES.map((pass) => [pass, passAlone(root, pass)]));
    // The document gate's findings (`schema` too) come with every pass: what the schema pass alone adds is the rest.
    const gate = alone.yaml!.schema ?? 0;
    for (const pass of PASSES) {
      const expected: Record<string, number> = {};
      for (const [check, count] of Object.entries(cli)) {
        if (ALWAYS.has(check) || passOf(check) === pass) expected[check] = count;
        else if (check === 'schema' && gate > 0) expected[check] = gate;
      }
      assert.deepEqual(alone[pass], expected, `${corpus.name}, ${pass} alone`);
    }
  });
}
