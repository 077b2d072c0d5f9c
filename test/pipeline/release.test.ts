import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { makeTree } from '../helpers/cli.js';
import { bareOptions } from '../helpers/run-options.js';
import { runChecks } from '../../src/pipeline/run.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

test('no document outlives the run, even when an fs promise failed while the passes were made (no policy/ folder)', async () => {
  const root = makeTree({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n' });
  let value: WeakRef<object> | undefined;
  const report = await runChecks({
    ...bareOptions(root),
    passes: [
      async (documents) => {
        // As loading policies does: the error's stack names this closure, which holds every document.
        await stat(join(root, 'policy')).catch(() => undefined);
        return {
          name: 'probe',
          check: (doc) => {
            assert.ok(documents.includes(doc));
            value = new WeakRef(doc.value as object);
            return { findings: [], skips: [] };
          },
        };
      },
    ],
    // Every document held until the end, as the passes were made from all of them.
    wholeTree: true,
  });
  assert.deepEqual(report.results.map((r) => r.status), ['pass']);
  gc();
  assert.equal(value?.deref(), undefined);
});
