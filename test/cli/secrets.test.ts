import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, runCli } from '../helpers/cli.js';

// A Secret whose values fail the schema: base64 that is not base64, a number where a string belongs.
const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: "hunter2-not-base64!"\nstringData:\n  token: 987654321\n';

test("a Secret's data and stringData values appear in no output format, while its findings do", () => {
  const root = makeTree({ 'base/secret.yaml': secret });
  const text = runCli([], root);
  assert.equal(text.code, 1);
  assert.deepEqual(text.lines.slice(0, 2), [
    'FAIL - base/secret.yaml:6:3 - Secret db: data.password: (secret value hidden) is not a valid byte (schema)',
    'FAIL - base/secret.yaml:8:3 - Secret db: stringData.token: expected string, got integer (schema)',
  ]);
  for (const format of ['text', 'json', 'sarif', 'junit', 'tap', 'github', 'yamllint']) {
    const out = runCli(['-o', format], root);
    assert.equal(out.code, 1, format);
    assert.ok(!out.stdout.includes('hunter2') && !out.stdout.includes('987654321'), `${format} shows a secret value`);
  }
});
