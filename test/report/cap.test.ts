import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { capPerFile } from '../../src/report/cap.js';

/** What the cap means, item by item: each file's first `max` items shown, and after its last one shown how many more it has. */
function expected(items: readonly { file: string; n: number }[], max: number) {
  const counts = new Map<string, number>();
  const last = new Map<string, { file: string; n: number }>();
  const shown: { file: string; n: number }[] = [];
  const moreAfter = new Map<{ file: string; n: number }, number>();
  for (const item of items) {
    const count = (counts.get(item.file) ?? 0) + 1;
    counts.set(item.file, count);
    if (max === 0 || count <= max) {
      shown.push(item);
      last.set(item.file, item);
    } else moreAfter.set(last.get(item.file)!, (moreAfter.get(last.get(item.file)!) ?? 0) + 1);
  }
  return { shown, moreAfter };
}

// Files come in runs, as a report lists them, or interleaved, as a merged or reordered list may have them.
const files = fc.array(fc.constantFrom('a.yaml', 'b.yaml', 'c.yaml'), { maxLength: 60 });
const grouped = files.map((names) => [...names].sort());

test('the cap keeps each file first items and counts the rest, in runs or interleaved', () => {
  fc.assert(
    fc.property(fc.oneof(files, grouped), fc.nat(5), (names, max) => {
      const items = names.map((file, n) => ({ file, n }));
      const capped = capPerFile(items, max);
      const want = expected(items, max);
      assert.deepEqual(capped.shown, want.shown);
      assert.deepEqual([...capped.moreAfter], [...want.moreAfter]);
      if (want.moreAfter.size === 0) assert.equal(capped.shown, items, 'nothing left out: the list itself');
    }),
  );
});

test('a file over the cap: its last item shown carries the count of the rest', () => {
  const items = [...Array.from({ length: 4 }, (_, n) => ({ file: 'big.yaml', n })), { file: 'small.yaml', n: 4 }];
  const capped = capPerFile(items, 2);
  assert.deepEqual(capped.shown, [items[0], items[1], items[4]]);
  assert.deepEqual([...capped.moreAfter], [[items[1], 2]]);
});
