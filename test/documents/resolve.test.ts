import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TAG_BOOL, TAG_NULL, TAG_STR, resolveScalarTag } from '../../src/documents/yaml/resolve.js';

// PyYAML's own patterns for the words, which the resolver's word lists must match exactly.
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;

describe('resolveScalarTag: booleans and nulls as PyYAML resolves them', () => {
  const words = ['yes', 'Yes', 'YES', 'yEs', 'no', 'No', 'NO', 'nO', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'oN',
    'off', 'Off', 'OFF', 'null', 'Null', 'NULL', 'nULL', '~', '', 'name', 'none', 'nulls', 'y', 'n', 'o', 'type', 'falsey', 'offset', 'nope'];
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
});
