import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../helpers.js';

// empty-values, float-values, octal-values, truthy, quoted-strings: positions and messages as yamllint 1.29 reports them for the same text and rules.

test("empty-values: block and flow", () => {
  assert.deepEqual(lint("a:\nb: 1\nc: {d: , e: 2, f:}\ng:\n", { "empty-values": 'enable' }), [
    "1:3: [error] empty value in block mapping (empty-values)",
    "3:7: [error] empty value in flow mapping (empty-values)",
    "3:18: [error] empty value in flow mapping (empty-values)",
    "4:3: [error] empty value in block mapping (empty-values)",
  ]);
});

test("empty-values: only flow", () => {
  assert.deepEqual(lint("a:\nc: {d: , e: 2, f:}\n", { "empty-values": { "forbid-in-block-mappings": false } }), [
    "2:7: [error] empty value in flow mapping (empty-values)",
    "2:18: [error] empty value in flow mapping (empty-values)",
  ]);
});

test("float-values", () => {
  assert.deepEqual(lint("a: .5\nb: 1e5\nc: .NaN\nd: -.inf\ne: 0.5\nf: !!float .5\ng: \".5\"\n", { "float-values": { "require-numeral-before-decimal": true, "forbid-scientific-notation": true, "forbid-nan": true, "forbid-inf": true } }), [
    "1:4: [error] forbidden decimal missing 0 prefix \".5\" (float-values)",
    "2:4: [error] forbidden scientific notation \"1e5\" (float-values)",
    "3:4: [error] forbidden not a number value \".NaN\" (float-values)",
    "4:4: [error] forbidden infinite value \"-.inf\" (float-values)",
  ]);
});

test("octal-values", () => {
  assert.deepEqual(lint("a: 010\nb: 0o17\nc: \"010\"\nd: 0\ne: 08\nf: !!str 010\ng: 1010\n", { "octal-values": 'enable' }), [
    "1:7: [error] forbidden implicit octal value \"010\" (octal-values)",
    "2:8: [error] forbidden explicit octal value \"0o17\" (octal-values)",
  ]);
});

test("octal-values: only explicit", () => {
  assert.deepEqual(lint("a: 010\nb: 0o17\n", { "octal-values": { "forbid-implicit-octal": false } }), [
    "2:8: [error] forbidden explicit octal value \"0o17\" (octal-values)",
  ]);
});

test("truthy: defaults", () => {
  assert.deepEqual(lint("a: yes\nb: True\nc: true\nd: \"on\"\ne: !!bool off\nOn: 1\nf: [no, false]\n", { truthy: 'enable' }), [
    "1:4: [error] truthy value should be one of [false, true] (truthy)",
    "2:4: [error] truthy value should be one of [false, true] (truthy)",
    "6:1: [error] truthy value should be one of [false, true] (truthy)",
    "7:5: [error] truthy value should be one of [false, true] (truthy)",
  ]);
});

test("truthy: allowed values and keys not checked", () => {
  assert.deepEqual(lint("yes: true\nb: no\nc: yes\nd: false\n", { truthy: { "allowed-values": ['yes', 'no'], "check-keys": false } }), [
    "1:6: [error] truthy value should be one of [no, yes] (truthy)",
    "4:4: [error] truthy value should be one of [no, yes] (truthy)",
  ]);
});

test("quoted-strings: required (default)", () => {
  assert.deepEqual(lint("a: plain\nb: \"double\"\nc: 'single'\nd: 42\ne: true\nf: |\n  block\ng: !!str tagged\nh: [x, \"y\"]\nplainkey: null\n- item\n", { "quoted-strings": 'enable' }), [
    "1:4: [error] string value is not quoted with any quotes (quoted-strings)",
    "9:5: [error] string value is not quoted with any quotes (quoted-strings)",
    "11:1: [error] syntax error: expected <block end>, but found '-' (syntax)",
  ]);
});

test("quoted-strings: quote type", () => {
  assert.deepEqual(lint("a: \"double\"\nb: 'single'\nc: \"it's\"\n", { "quoted-strings": { "quote-type": 'single' } }), [
    "1:4: [error] string value is not quoted with single quotes (quoted-strings)",
    "3:4: [error] string value is not quoted with single quotes (quoted-strings)",
  ]);
});

test("quoted-strings: allow quoted quotes", () => {
  assert.deepEqual(lint("a: \"double\"\nc: \"it's\"\n", { "quoted-strings": { "quote-type": 'single', "allow-quoted-quotes": true } }), [
    "1:4: [error] string value is not quoted with single quotes (quoted-strings)",
  ]);
});

test("quoted-strings: not required, extra-required", () => {
  assert.deepEqual(lint("a: plain\nb: 'single'\nc: http://x\nd: \"http://y\"\n", { "quoted-strings": { required: false, "quote-type": 'double', "extra-required": ['^http'] } }), [
    "2:4: [error] string value is not quoted with double quotes (quoted-strings)",
    "3:4: [error] string value is not quoted (quoted-strings)",
  ]);
});

test("quoted-strings: only when needed", () => {
  assert.deepEqual(lint("a: \"plain\"\nb: 'a: b'\nc: \"http://x\"\nd: \"123\"\ne: \"\"\nf: plain\ng: '#x'\nh: \"yes\"\n", { "quoted-strings": { required: 'only-when-needed', "extra-allowed": ['^http'] } }), [
    "1:4: [error] string value is redundantly quoted with any quotes (quoted-strings)",
  ]);
});
