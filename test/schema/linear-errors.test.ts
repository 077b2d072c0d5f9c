import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Ajv } from 'ajv';
import { appendErrorsInPlace } from '../../src/schema/linear-errors.js';

// Items checked by a validator of their own (not inlined), as the Kubernetes definitions are: their errors are merged into the caller's.
const schema = {
  type: 'object',
  properties: { ports: { type: 'array', items: { $ref: '#/definitions/port' } }, name: { type: 'string' } },
  additionalProperties: false,
  definitions: { port: { type: 'object', properties: { port: { type: 'integer' }, nested: { $ref: '#/definitions/port' } }, required: ['port'] } },
};

test("validators whose code pushes a referenced validator's errors in place report exactly ajv's errors", () => {
  const make = (process?: (code: string) => string) => new Ajv({ allErrors: true, inlineRefs: false, code: { source: true, process } });
  const plain = make().compile(schema);
  const processed = make(appendErrorsInPlace);
  const linear = processed.compile(schema);
  assert.match(String(plain), /vErrors\.concat\(/, 'ajv merges errors by concatenation');
  assert.doesNotMatch(String(linear), /vErrors\.concat\(/);
  const port = fc.letrec((tie) => ({ port: fc.record({ port: fc.oneof(fc.integer(), fc.string()), nested: fc.option(tie('port'), { nil: undefined }) }, { requiredKeys: [] }) })).port;
  fc.assert(
    fc.property(fc.record({ ports: fc.oneof(fc.array(port, { maxLength: 30 }), fc.string()), name: fc.oneof(fc.string(), fc.integer()), extra: fc.boolean() }, { requiredKeys: ['ports'] }), (data) => {
      assert.equal(linear(data), plain(data));
      assert.deepEqual(linear.errors, plain.errors);
    }),
    { seed: 20261130, numRuns: 500 },
  );
});
