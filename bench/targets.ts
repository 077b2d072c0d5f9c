/**
 * Issue 11's targets judged on one bench's figures: the table `npm run bench` prints under its own, so that a
 * bench says which targets it met instead of leaving the reader to work them out of the rows.
 */
import { number } from './tree.js';

/** What the bench measured of one tree's whole check with default settings (and the yamllint rows, when timed). */
export interface SizeFigures {
  documents: number;
  /** Median of the rounds' ratios to the floor. */
  ratio: number;
  /** Median wall time. */
  seconds: number;
  /** Highest peak RSS of the rounds, when /usr/bin/time or the preload gave one. */
  rssKiB?: number;
  /** How many times faster than yamllint the whole check with the same config is, when yamllint was timed. */
  versusYamllint?: number;
}

export const TARGETS = {
  floorRatio: 3,
  documentsPerSecond: 7_600,
  versusYamllint: 10,
  peakMiB: 1_024,
  /** The memory target is set at this size; smaller trees say nothing of it. */
  peakAtDocuments: 50_000,
  coldSeconds: 0.3,
} as const;

/** `1k`, `10k`, `50k`; other sizes as counted. */
export function sizeLabel(documents: number): string {
  return documents >= 1_000 && documents % 1_000 === 0 ? `${documents / 1_000}k` : number(documents);
}

interface Judged {
  at: string;
  shown: string;
  met: boolean;
}

/** `met`, `not met`, or where it was met and where not. */
function verdict(judged: Judged[]): string {
  const met = judged.filter((j) => j.met).map((j) => j.at);
  const missed = judged.filter((j) => !j.met).map((j) => j.at);
  if (missed.length === 0) return '**met**';
  if (met.length === 0) return '**not met**';
  return `**met at ${met.join(', ')}; not at ${missed.join(', ')}**`;
}

function row(target: string, judged: Judged[], none: string): string {
  if (judged.length === 0) return `| ${target} | ${none} | not measured |`;
  return `| ${target} | ${judged.map((j) => `${j.at} ${j.shown}`).join(', ')} | ${verdict(judged)} |`;
}

/** The targets table: one row a target, what each size measured and whether it met it. */
export function targetLines(sizes: readonly SizeFigures[], coldSeconds: number | undefined): string[] {
  const each = (judge: (size: SizeFigures) => Omit<Judged, 'at'> | undefined): Judged[] =>
    sizes.flatMap((size) => {
      const judged = judge(size);
      return judged ? [{ at: sizeLabel(size.documents), ...judged }] : [];
    });
  return [
    '| Target (issue 11) | Measured | |',
    '|---|---|---|',
    row(`whole check, default settings, within ${TARGETS.floorRatio}× the floor`, each((s) => ({ shown: `${number(s.ratio, 1)}×`, met: s.ratio <= TARGETS.floorRatio })), 'no size timed'),
    row(
      `at least ${number(TARGETS.documentsPerSecond)} documents/s`,
      each((s) => {
        const rate = s.documents / s.seconds;
        return { shown: `${number(rate, 0)}/s`, met: rate >= TARGETS.documentsPerSecond };
      }),
      'no size timed',
    ),
    row(
      `with a yamllint \`extends: default\` config, ${TARGETS.versusYamllint}× faster than yamllint`,
      each((s) => (s.versusYamllint === undefined ? undefined : { shown: `${number(s.versusYamllint, 1)}×`, met: s.versusYamllint >= TARGETS.versusYamllint })),
      'yamllint not timed',
    ),
    row(
      `peak memory under ${number(TARGETS.peakMiB / 1_024, 0)} GiB at ${sizeLabel(TARGETS.peakAtDocuments)} documents`,
      each((s) => (s.documents < TARGETS.peakAtDocuments || s.rssKiB === undefined ? undefined : { shown: `${number(s.rssKiB / 1_024, 0)} MiB`, met: s.rssKiB / 1_024 < TARGETS.peakMiB })),
      `no tree of ${sizeLabel(TARGETS.peakAtDocuments)} documents with its peak RSS (\`--large\`)`,
    ),
    row(
      `cold 3-file run under ${number(TARGETS.coldSeconds * 1_000, 0)} ms`,
      coldSeconds === undefined ? [] : [{ at: '3 files', shown: `${number(coldSeconds * 1_000, 0)} ms`, met: coldSeconds < TARGETS.coldSeconds }],
      'not timed',
    ),
  ];
}
