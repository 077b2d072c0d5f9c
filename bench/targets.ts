/**
 * Issue 11's targets judged on one bench's figures: the table `npm run bench` prints under its own, so that a
 * bench says which targets it met instead of leaving the reader to work them out of the rows.
 */
import { number } from './tree.js';
import { CA_CERTS } from './environment.js';

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
  /** The same figures of the runs with NODE_EXTRA_CA_CERTS, where this machine sets it (bench/environment.ts). */
  withCaCerts?: { ratio: number; seconds: number; versusYamllint?: number | undefined };
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

interface Measured {
  shown: string;
  met: boolean;
}

interface Judged extends Measured {
  at: string;
  /** The same measure with NODE_EXTRA_CA_CERTS. */
  withCaCerts?: Measured | undefined;
}

/** `met`, `not met`, or where it was met and where not. */
function verdict(judged: ReadonlyArray<Measured & { at: string }>): string {
  const met = judged.filter((j) => j.met).map((j) => j.at);
  const missed = judged.filter((j) => !j.met).map((j) => j.at);
  if (missed.length === 0) return '**met**';
  if (met.length === 0) return '**not met**';
  return `**met at ${met.join(', ')}; not at ${missed.join(', ')}**`;
}

/** A target's row: each measure (and beside it the one with NODE_EXTRA_CA_CERTS), the verdict (and that one's, when it differs). */
function row(target: string, judged: Judged[], none: string): string {
  if (judged.length === 0) return `| ${target} | ${none} | not measured |`;
  const withIt = judged.flatMap(({ at, withCaCerts }) => (withCaCerts ? [{ at, ...withCaCerts }] : []));
  const shown = judged.map((j) => `${j.at} ${j.shown}${j.withCaCerts ? ` (${j.withCaCerts.shown} with \`${CA_CERTS}\`)` : ''}`);
  const plain = verdict(judged);
  const other = withIt.length > 0 ? verdict(withIt) : plain;
  return `| ${target} | ${shown.join(', ')} | ${plain}${other === plain ? '' : ` (with \`${CA_CERTS}\`: ${other})`} |`;
}

/**
 * The targets table: one row a target, what each size measured and whether it met it; where the bench also ran with
 * NODE_EXTRA_CA_CERTS, that measure beside each and its verdict when it differs.
 */
export function targetLines(sizes: readonly SizeFigures[], coldSeconds: number | undefined, coldWithCaCerts?: number): string[] {
  const each = (judge: (size: SizeFigures) => Omit<Judged, 'at'> | undefined): Judged[] =>
    sizes.flatMap((size) => {
      const judged = judge(size);
      return judged ? [{ at: sizeLabel(size.documents), ...judged }] : [];
    });
  return [
    '| Target (issue 11) | Measured | |',
    '|---|---|---|',
    row(`whole check, default settings, within ${TARGETS.floorRatio}× the floor`, each((s) => bothWays(s, ({ ratio }) => floorRatio(ratio))), 'no size timed'),
    row(`at least ${number(TARGETS.documentsPerSecond)} documents/s`, each((s) => bothWays(s, ({ seconds }) => rate(s.documents / seconds))), 'no size timed'),
    row(
      `with a yamllint \`extends: default\` config, ${TARGETS.versusYamllint}× faster than yamllint`,
      each((s) => (s.versusYamllint === undefined ? undefined : bothWays(s, ({ versusYamllint }) => (versusYamllint === undefined ? undefined : timesYamllint(versusYamllint))))),
      'yamllint not timed',
    ),
    row(
      `peak memory under ${number(TARGETS.peakMiB / 1_024, 0)} GiB at ${sizeLabel(TARGETS.peakAtDocuments)} documents`,
      each((s) => (s.documents < TARGETS.peakAtDocuments || s.rssKiB === undefined ? undefined : { shown: `${number(s.rssKiB / 1_024, 0)} MiB`, met: s.rssKiB / 1_024 < TARGETS.peakMiB })),
      `no tree of ${sizeLabel(TARGETS.peakAtDocuments)} documents with its peak RSS (\`--large\`)`,
    ),
    row(
      `cold 3-file run under ${number(TARGETS.coldSeconds * 1_000, 0)} ms`,
      coldSeconds === undefined ? [] : [{ at: '3 files', ...cold(coldSeconds), withCaCerts: coldWithCaCerts === undefined ? undefined : cold(coldWithCaCerts) }],
      'not timed',
    ),
  ];
}

const floorRatio = (ratio: number): Measured => ({ shown: `${number(ratio, 1)}×`, met: ratio <= TARGETS.floorRatio });
const rate = (perSecond: number): Measured => ({ shown: `${number(perSecond, 0)}/s`, met: perSecond >= TARGETS.documentsPerSecond });
const timesYamllint = (times: number): Measured => ({ shown: `${number(times, 1)}×`, met: times >= TARGETS.versusYamllint });
const cold = (seconds: number): Measured => ({ shown: `${number(seconds * 1_000, 0)} ms`, met: seconds < TARGETS.coldSeconds });

/** A size's measure, and the same of its runs with NODE_EXTRA_CA_CERTS when there are such. */
function bothWays(size: SizeFigures, measure: (figures: Omit<SizeFigures, 'documents' | 'withCaCerts'>) => Measured | undefined): Omit<Judged, 'at'> {
  const plain = measure(size)!;
  return { ...plain, withCaCerts: size.withCaCerts && measure(size.withCaCerts) };
}
