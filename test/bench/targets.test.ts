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

test('where the bench also ran with NODE_EXTRA_CA_CERTS, each measure has that one beside it, and its verdict when it differs', () => {
  const lines = targetLines(
    [
      { documents: 1_000, ratio: 2.9, seconds: 0.4, versusYamllint: 10.5, withCaCerts: { ratio: 3.4, seconds: 0.46, versusYamllint: 9.2 } },
      { documents: 10_000, ratio: 2.7, seconds: 1.3, withCaCerts: { ratio: 2.8, seconds: 1.35 } },
    ],
    0.13,
    0.19,
  );
  assert.deepEqual(lines.slice(2), [
    '| whole check, default settings, within 3× the floor | 1k 2.9× (3.4× with `NODE_EXTRA_CA_CERTS`), 10k 2.7× (2.8× with `NODE_EXTRA_CA_CERTS`) | **met** (with `NODE_EXTRA_CA_CERTS`: **met at 10k; not at 1k**) |',
    '| at least 7,600 documents/s | 1k 2,500/s (2,174/s with `NODE_EXTRA_CA_CERTS`), 10k 7,692/s (7,407/s with `NODE_EXTRA_CA_CERTS`) | **met at 10k; not at 1k** (with `NODE_EXTRA_CA_CERTS`: **not met**) |',
    '| with a yamllint `extends: default` config, 10× faster than yamllint | 1k 10.5× (9.2× with `NODE_EXTRA_CA_CERTS`) | **met** (with `NODE_EXTRA_CA_CERTS`: **not met**) |',
    '| peak memory under 1 GiB at 50k documents | no tree of 50k documents with its peak RSS (`--large`) | not measured |',
    '| cold 3-file run under 300 ms | 3 files 130 ms (190 ms with `NODE_EXTRA_CA_CERTS`) | **met** |',
  ]);
});
