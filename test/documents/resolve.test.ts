import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TAG_BOOL, TAG_FLOAT, TAG_INT, TAG_NULL, TAG_STR, TAG_TIMESTAMP, resolveScalarTag } from '../../src/documents/yaml/resolve.js';

// PyYAML's own patterns, which the resolver's word lists and digit fast path must match exactly.
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

describe('resolveScalarTag: booleans, nulls and numbers as PyYAML resolves them', () => {
  const words = ['yes', 'Yes', 'YES', 'yEs', 'no', 'No', 'NO', 'nO', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'oN',
    'off', 'Off', 'OFF', 'null', 'Null', 'NULL', 'nULL', '~', '', 'name', 'none', 'nulls', 'y', 'n', 'o', 'type', 'falsey', 'offset', 'nope', 'node', 'template', 'tolerations', 'Fa', 'oN0'];
  it('on words near them', () => {
    for (const word of words) assert.equal(resolveScalarTag(word) === TAG_BOOL, BOOL.test(word), word);
    for (const word of words) assert.equal(resolveScalarTag(word) === TAG_NULL, NULL.test(word), word);
  });
  it('on random letters', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[nNyYtTfFoOeEsSuUrRlLaA~]{0,6}$/), (word) => {
        const tag = resolveScalarTag(word);
        assert.equal(tag, BOOL.test(word) ? TAG_BOOL : NULL.test(word) ? TAG_NULL : TAG_STR, word);
      }),
      { numRuns: 2000 },
    );
  });
  it('on numbers and number-like text starting with a digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9][0-9_.:eE+-]{0,7}$/), (text) => {
        const tag = resolveScalarTag(text);
        if (tag === TAG_TIMESTAMP) return;
        assert.equal(tag, FLOAT.test(text) ? TAG_FLOAT : INT.test(text) ? TAG_INT : TAG_STR, text);
      }),
      { numRuns: 3000 },
    );
    for (const text of ['0', '00', '07', '08', '80', '8080', '1_000', '0x1f', '1:30', '1.5', '1e3', '123456789012345678901234567890']) {
      assert.equal(resolveScalarTag(text), FLOAT.test(text) ? TAG_FLOAT : INT.test(text) ? TAG_INT : TAG_STR, text);
    }
  });
});
