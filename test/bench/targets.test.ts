import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sizeLabel, targetLines } from '../../bench/targets.js';

test('the targets table says, target by target, which sizes met it', () => {
  const lines = targetLines(
    [
      { documents: 1_000, ratio: 3.31, seconds: 0.57, rssKiB: 89_000, versusYamllint: 6.4 },
      { documents: 10_000, ratio: 2.6, seconds: 1.3, rssKiB: 135_000 },
      { documents: 50_000, ratio: 2.5, seconds: 10.15, rssKiB: 262_144 },
    ],
    0.19,
  );
  assert.deepEqual(lines, [
    '| Target (issue 11) | Measured | |',
    '|---|---|---|',
    '| whole check, default settings, within 3× the floor | 1k 3.3×, 10k 2.6×, 50k 2.5× | **met at 10k, 50k; not at 1k** |',
    '| at least 7,600 documents/s | 1k 1,754/s, 10k 7,692/s, 50k 4,926/s | **met at 10k; not at 1k, 50k** |',
    '| with a yamllint `extends: default` config, 10× faster than yamllint | 1k 6.4× | **not met** |',
    '| peak memory under 1 GiB at 50k documents | 50k 256 MiB | **met** |',
    '| cold 3-file run under 300 ms | 3 files 190 ms | **met** |',
  ]);
});

test('a target the bench did not measure says so instead of a verdict', () => {
  const lines = targetLines([{ documents: 1_000, ratio: 2.9, seconds: 0.3 }], undefined);
  assert.deepEqual(lines.slice(2), [
    '| whole check, default settings, within 3× the floor | 1k 2.9× | **met** |',
    '| at least 7,600 documents/s | 1k 3,333/s | **not met** |',
    '| with a yamllint `extends: default` config, 10× faster than yamllint | yamllint not timed | not measured |',
    '| peak memory under 1 GiB at 50k documents | no tree of 50k documents with its peak RSS (`--large`) | not measured |',
    '| cold 3-file run under 300 ms | not timed | not measured |',
  ]);
});

test('sizes are labelled as the bench is asked for them', () => {
  assert.deepEqual([1_000, 10_000, 50_000, 1_500, 800].map(sizeLabel), ['1k', '10k', '50k', '1,500', '800']);
});
