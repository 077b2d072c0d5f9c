import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { CA_CERTS, childEnvironment } from '../../bench/environment.js';

test("the bench's processes run without NODE_EXTRA_CA_CERTS but those asked to run with it, with the variables given", () => {
  const saved = process.env[CA_CERTS];
  process.env[CA_CERTS] = '/etc/ssl/certs/bundle.crt';
  try {
    const read = (env: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, ['-e', `process.stdout.write(JSON.stringify([process.env.${CA_CERTS} ?? null, process.env.NO_COLOR ?? null]))`], { env, encoding: 'utf8' }).stdout;
    assert.equal(read(childEnvironment({ NO_COLOR: '1' })), '[null,"1"]');
    assert.equal(read(childEnvironment({ NO_COLOR: '1' }, true)), '["/etc/ssl/certs/bundle.crt","1"]');
  } finally {
    if (saved === undefined) delete process.env[CA_CERTS];
    else process.env[CA_CERTS] = saved;
  }
});
