import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../helpers.js';

// braces, brackets, colons, commas, hyphens: positions and messages as yamllint 1.29 reports them for the same text and rules.

test("braces: no spaces inside by default", () => {
  assert.deepEqual(lint("a: { b: 1 }\nc: {d: 2}\ne: {   }\nf: {}\n", { braces: 'enable' }), [
    "1:5: [error] too many spaces inside braces (braces)",
    "1:10: [error] too many spaces inside braces (braces)",
    "3:7: [error] too many spaces inside empty braces (braces)",
  ]);
});

test("braces: min/max inside and inside empty", () => {
  assert.deepEqual(lint("a: {b: 1}\nc: {   d: 2   }\ne: { }\nf: {}\n", { braces: { "min-spaces-inside": 1, "max-spaces-inside": 2, "min-spaces-inside-empty": 0, "max-spaces-inside-empty": 0 } }), [
    "1:5: [error] too few spaces inside braces (braces)",
    "1:9: [error] too few spaces inside braces (braces)",
    "2:7: [error] too many spaces inside braces (braces)",
    "2:14: [error] too many spaces inside braces (braces)",
    "3:5: [error] too many spaces inside empty braces (braces)",
  ]);
});

test("braces: forbid true and non-empty", () => {
  assert.deepEqual(lint("a: {b: 1}\nc: {}\n", { braces: { forbid: true } }), [
    "1:5: [error] forbidden flow mapping (braces)",
    "2:5: [error] forbidden flow mapping (braces)",
  ]);
});

test("braces: forbid non-empty allows {}", () => {
  assert.deepEqual(lint("a: {b: 1}\nc: {}\n", { braces: { forbid: 'non-empty' } }), [
    "1:5: [error] forbidden flow mapping (braces)",
  ]);
});

test("brackets: defaults and options", () => {
  assert.deepEqual(lint("a: [  1, 2  ]\nb: []\nc: [ 1 ]\n", { brackets: { "max-spaces-inside": 1, "min-spaces-inside-empty": 1 } }), [
    "1:6: [error] too many spaces inside brackets (brackets)",
    "1:12: [error] too many spaces inside brackets (brackets)",
    "2:5: [error] too few spaces inside empty brackets (brackets)",
  ]);
});

test("brackets: forbid", () => {
  assert.deepEqual(lint("a: [1]\nb: []\nc:\n  - [x]\n", { brackets: { forbid: 'non-empty' } }), [
    "1:5: [error] forbidden flow sequence (brackets)",
    "4:6: [error] forbidden flow sequence (brackets)",
  ]);
});

test("colons: before and after", () => {
  assert.deepEqual(lint("a : 1\nb:   2\n? c\n:  3\n?   d\n: 4\n", { colons: 'enable' }), [
    "1:2: [error] too many spaces before colon (colons)",
    "2:5: [error] too many spaces after colon (colons)",
    "4:3: [error] too many spaces after colon (colons)",
    "5:4: [error] too many spaces after question mark (colons)",
  ]);
});

test("colons: wider limits", () => {
  assert.deepEqual(lint("a  : 1\nb   : 2\nc:        3\n", { colons: { "max-spaces-before": 2, "max-spaces-after": -1 } }), [
    "2:4: [error] too many spaces before colon (colons)",
  ]);
});

test("commas: before and after", () => {
  assert.deepEqual(lint("a: [1 , 2,3,   4]\nb: [5\n  , 6]\n", { commas: 'enable' }), [
    "1:6: [error] too many spaces before comma (commas)",
    "1:11: [error] too few spaces after comma (commas)",
    "1:15: [error] too many spaces after comma (commas)",
    "3:2: [error] too many spaces before comma (commas)",
  ]);
});

test("commas: custom limits", () => {
  assert.deepEqual(lint("a: [1 , 2,3,   4]\n", { commas: { "max-spaces-before": -1, "min-spaces-after": 0, "max-spaces-after": 2 } }), [
    "1:15: [error] too many spaces after comma (commas)",
  ]);
});

test("hyphens: spaces after the dash", () => {
  assert.deepEqual(lint("-  a\n- b\n-   - c\n", { hyphens: 'enable' }), [
    "1:3: [error] too many spaces after hyphen (hyphens)",
    "3:4: [error] too many spaces after hyphen (hyphens)",
  ]);
});

test("hyphens: max-spaces-after", () => {
  assert.deepEqual(lint("-  a\n-    b\n", { hyphens: { "max-spaces-after": 3 } }), [
    "2:5: [error] too many spaces after hyphen (hyphens)",
  ]);
});
