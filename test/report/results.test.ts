import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { itemsOfResults, type Place, type Result } from '../../src/report/model.js';

const place = fc.record({ file: fc.constantFrom('a.yaml', 'b.yaml', 'c.yaml'), document: fc.option(fc.nat(3).map((index) => ({ index }))) });
const asResult = (p: { file: string; document: { index: number } | null }): Result => ({ file: p.file, document: p.document, status: 'pass' });

/** What each result is given: every item of its file and document, in the order of the list. */
function expected<T extends Place>(results: Result[], items: T[]): T[][] {
  return results.map((r) => items.filter((item) => item.file === r.file && item.document?.index === r.document?.index));
}

function actual<T extends Place>(results: Result[], items: T[]): T[][] {
  const of = itemsOfResults(results, items, (item) => item);
  return results.map((_, i) => [...of(i)]);
}

test("a result's items are those of its file and document, whatever the order, repeats or strays of the list", () => {
  fc.assert(
    fc.property(fc.array(place, { maxLength: 8 }), fc.array(fc.tuple(place, fc.nat()).map(([p, n]) => ({ ...p, n })), { maxLength: 12 }), (places, items) => {
      const results = places.map(asResult);
      assert.deepEqual(actual(results, items), expected(results, items));
    }),
    { numRuns: 1000 },
  );
});

test('items listed in results order (as the pipeline lists them) are each given to their result', () => {
  const ordered = fc.uniqueArray(place, { selector: (p) => `${p.file}\0${p.document?.index ?? -1}` }).map((places) =>
    places.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.document?.index ?? -1) - (b.document?.index ?? -1))),
  );
  fc.assert(
    fc.property(ordered, fc.array(fc.nat(3)), (places, counts) => {
      const results = places.map(asResult);
      const items = places.flatMap((p, i) => Array.from({ length: counts[i] ?? 0 }, (_, n) => ({ ...p, n })));
      assert.deepEqual(actual(results, items), expected(results, items));
    }),
  );
});

test('a file-level item belongs to the file-level result only', () => {
  const results = [asResult({ file: 'a.yaml', document: null }), asResult({ file: 'a.yaml', document: { index: 0 } })];
  const items = [{ file: 'a.yaml', n: 1 }, { file: 'a.yaml', document: { index: 0 }, n: 2 }];
  assert.deepEqual(actual(results, items), [[items[0]], [items[1]]]);
});
