/**
 * `npm run bench`: the performance table of the README. For each size it builds a tree from
 * ../shared/corpora (bench/tree.ts) in a temp dir and times, each in its own process:
 *   - the floor: reading + parsing the files with js-yaml `loadAll`, one thread (bench/floor.ts, in-process time);
 *   - the whole check with default settings: the built CLI, `-o json --quiet` (process wall time), its caches warm
 *     (run twice before the rounds, as is the `--against` build's), and with `--no-cache`;
 *   - the whole check with a yamllint `extends: default` config (`--yamllint-config`);
 *   - both again with `--resident`, the resident process (its own cache directory) having run each three times;
 *   - our parse alone, as the floor is timed (bench/floor.ts with `parse-file`): the parse layer against js-yaml;
 *   - each pass alone (the YAML pass, the schema pass, the built-in policies, the repo-wide checks): `runChecks`
 *     with that pass only, so parse + that pass (bench/pass-alone.ts, in-process time);
 *   - yamllint 1.x with `extends: default`, where installed (up to 1k documents unless --yamllint-all), and how
 *     many times faster the whole check with the same config is (issue 11's 10× target);
 *   - every process without NODE_EXTRA_CA_CERTS, which Node 20 reads at each start (bench/environment.ts); where this
 *     machine sets it, the whole check with default settings and with the yamllint config again with it;
 * then a cold 3-file CLI run (the pre-commit hook's case, median of 5; also with `--resident`, its process warm). Peak RSS
 * and minor page faults from `/usr/bin/time -v`, else from `process.resourceUsage()` written by a preload in the Node
 * children; and what a page fault costs on the machine (bench/page-faults.ts), by which the whole check's faults are
 * read as seconds.
 * Last, issue 11's targets judged on those figures (bench/targets.ts).
 *
 * With --instructions, instead: instructions executed, counted by callgrind with V8's `--predictable` (bench/instructions.ts):
 * the floor, `node -e 0`, the whole check with default settings (and at REV) and with the yamllint config (N rounds with --runs N).
 *
 * Run: npm run bench -- [sizes…] [--large] [--runs N] [--max-file-bytes N] [--yamllint-all] [--no-build] [--against REV] [--instructions]
 *   sizes in documents (1000, 10k; default 1k 10k), --large adds 50k; --runs N: N rounds, each command in
 *   turn, the median reported (with the range) and the median of the rounds' ratios to the floor;
 *   --max-file-bytes leaves the corpora's big files out (100000: typical manifests, ~2.4 KB a file);
 *   --against REV: that git revision, built in a temporary worktree (bench/revision.ts), runs the whole check with
 *   default settings in the same rounds, right after this build's, and this build's median ratio to it is printed.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildTree, number, readCorpora, type Tree } from './tree.js';
import { CACHE_WARM_UP_RUNS, hasValgrind, instructionRows, type CountedCommand, type CountedRow } from './instructions.js';
import { buildRevision, type Revision } from './revision.js';
import { pageFaultMicroseconds } from './page-faults.js';
import { targetLines, type SizeFigures } from './targets.js';
import { CA_CERTS, caCertsFile, childEnvironment } from './environment.js';

const project = fileURLToPath(new URL('..', import.meta.url));
const TIME = '/usr/bin/time';
/** yamllint takes about 4 s per 1,000 documents here: larger trees only with --yamllint-all. */
const YAMLLINT_MAX_DOCUMENTS = 1_000;
/** V8 has optimized most of a run's code after about three runs in one process (a 1k run: 0.92, 0.43, 0.32 s, then ~0.27 s). */
const RESIDENT_WARM_UP = 3;
/** Fresh processes that measure what a page fault costs (bench/page-faults.ts). */
const FAULT_PROBES = 3;
const RSS_PRELOAD =
  'data:text/javascript,import{writeFileSync}from"node:fs";process.on("exit",()=>{const u=process.resourceUsage();writeFileSync(process.env.BENCH_RSS_FILE,u.maxRSS+" "+u.minorPageFault)})';

interface Options {
  sizes: number[];
  runs: number;
  yamllintAll: boolean;
  build: boolean;
  maxFileBytes: number;
  /** `--against REV`: that revision's whole check, default settings, timed in the same rounds. */
  against?: string;
  /** `--instructions`: instructions counted instead of wall time (bench/instructions.ts). */
  instructions: boolean;
}

interface Measure {
  /** Seconds: the process's wall time, or the time the child reports for its own work. */
  seconds: number;
  rssKiB?: number;
  faults?: number;
  stdout: string;
}

/** A timed command's results: its seconds in each round, its highest peak RSS, its output in the first round. */
interface Row {
  label: string;
  seconds: number[];
  rssKiB?: number;
  /** Minor page faults, one a round (none for a `--resident` row: the client's are not the run's). */
  faults: number[];
  stdout: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { sizes: [], runs: 1, yamllintAll: false, build: true, maxFileBytes: Infinity, instructions: false };
  let large = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--large') large = true;
    else if (arg === '--yamllint-all') options.yamllintAll = true;
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--instructions') options.instructions = true;
    else if (arg === '--runs') options.runs = positive(argv[++i], '--runs');
    else if (arg === '--max-file-bytes') options.maxFileBytes = positive(argv[++i], '--max-file-bytes');
    else if (arg === '--against') options.against = revisionArgument(argv[++i]);
    else options.sizes.push(positive(arg.replace(/k$/i, '000'), 'size'));
  }
  if (options.sizes.length === 0) options.sizes.push(1_000, 10_000);
  if (large) options.sizes.push(50_000);
  options.sizes = [...new Set(options.sizes)].sort((a, b) => a - b);
  return options;
}

function revisionArgument(value: string | undefined): string {
  if (!value || value.startsWith('-')) throw new Error(`--against: expected a git revision, got ${value ?? 'nothing'}`);
  return value;
}

function positive(value: string | undefined, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${what}: expected a positive whole number, got ${value ?? 'nothing'}`);
  return n;
}

/** A command timed by the benchmark; `work` reads the child's own time and page faults from its output, else the process's count. */
interface Timed {
  label: string;
  command: string;
  args: string[];
  cwd: string;
  work?: (stdout: string) => OwnWork;
  /** A `--resident` run: run RESIDENT_WARM_UP times untimed before the rounds (the resident process starts and warms up); no RSS (the client's is not the run's). */
  resident?: boolean;
  /** Run CACHE_WARM_UP_RUNS times untimed before the rounds: the disk caches a run of this tree fills (the setup files recalled, keyed by the tree) are warm in every round. */
  warmUp?: boolean;
  /** Run with NODE_EXTRA_CA_CERTS as this machine sets it (every other command runs without it). */
  withCaCerts?: boolean;
}

/**
 * Runs each command once per round, `runs` rounds, the commands in turn: this machine's speed drifts from one
 * minute to the next (a CPU-bound loop varies by 15%), so a row and the floor are timed in the same minutes.
 * Each row keeps its time of every round and its highest peak RSS. A failing exit (other than 1, "findings") aborts.
 */
function measureRounds(timed: Timed[], runs: number): Row[] {
  for (const command of timed) for (let i = 0; i < (command.resident ? RESIDENT_WARM_UP : command.warmUp ? CACHE_WARM_UP_RUNS : 0); i++) runOnce(command);
  const rows: Row[] = timed.map(({ label }) => ({ label, seconds: [], faults: [], stdout: '' }));
  for (let round = 0; round < runs; round++) {
    timed.forEach((command, i) => {
      const row = rows[i]!;
      const measure = runOnce(command);
      row.seconds.push(measure.seconds);
      if (measure.rssKiB !== undefined && !command.resident) row.rssKiB = Math.max(row.rssKiB ?? 0, measure.rssKiB);
      if (measure.faults !== undefined && !command.resident) row.faults.push(measure.faults);
      if (round === 0) row.stdout = measure.stdout;
    });
  }
  return rows;
}

function runOnce({ command, args, cwd, work, withCaCerts }: Timed): Measure {
  const scratch = mkdtempSync(join(tmpdir(), 'gitops-check-bench-run-'));
  const rssFile = join(scratch, 'rss');
  const stdoutFile = join(scratch, 'stdout');
  const timed = existsSync(TIME);
  const argv = timed ? [TIME, '-v', '-o', rssFile, command, ...args] : command === 'node' ? [command, '--import', RSS_PRELOAD, ...args] : [command, ...args];
  const out = openSync(stdoutFile, 'w');
  const started = performance.now();
  let child: SpawnSyncReturns<string>;
  try {
    child = spawnSync(argv[0]!, argv.slice(1), { cwd, stdio: ['ignore', out, 'pipe'], encoding: 'utf8', env: childEnvironment({ BENCH_RSS_FILE: rssFile, NO_COLOR: '1' }, withCaCerts) });
  } finally {
    closeSync(out);
  }
  const wall = (performance.now() - started) / 1000;
  const stdout = readFileSync(stdoutFile, 'utf8');
  const rss = existsSync(rssFile) ? readFileSync(rssFile, 'utf8') : '';
  rmSync(scratch, { recursive: true, force: true });
  if (child.error) throw child.error;
  if (child.status !== 0 && child.status !== 1) {
    throw new Error(`${[command, ...args].join(' ')} exited with ${child.status ?? child.signal}:\n${child.stderr}`);
  }
  const [rssKiB, faults] = timed
    ? [/Maximum resident set size \(kbytes\): (\d+)/, /Minor \(reclaiming a frame\) page faults: (\d+)/].map((pattern) => Number(pattern.exec(rss)?.[1]))
    : rss
      ? rss.split(' ').map(Number)
      : [];
  const known = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? n : undefined);
  const own = work?.(stdout);
  return { seconds: own ? own.ms / 1000 : wall, rssKiB: known(rssKiB), faults: own ? own.faults : known(faults), stdout };
}

/** The middle value (the mean of the two middle ones for an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The median of the rounds' ratios of `row` to `base`: each round against the same round, so a slow minute slows both sides of it. */
function roundRatio(row: Row, base: Row): number {
  return median(row.seconds.map((s, round) => s / base.seconds[round]!));
}

/** What a child timed in itself (bench/floor.ts, bench/pass-alone.ts): its milliseconds and the page faults taken in them. */
interface OwnWork {
  ms: number;
  faults: number;
}
const ownTime = (stdout: string): OwnWork => JSON.parse(stdout) as OwnWork;

const WITH_YAMLLINT_CONFIG = 'whole check, yamllint `extends: default` (CLI)';
const WITH_CA_CERTS = `whole check, default settings, with \`${CA_CERTS}\` (CLI)`;
const YAMLLINT_CONFIG_WITH_CA_CERTS = `whole check, yamllint \`extends: default\`, with \`${CA_CERTS}\` (CLI)`;
const RESIDENT_WITH_YAMLLINT_CONFIG = 'whole check, yamllint `extends: default`, `--resident` (CLI, the resident process warm)';
const YAMLLINT = 'yamllint `extends: default`';

/** bench/pass-alone.ts's passes, each a row: parse and that pass, in-process time like the floor's. */
const PASSES_ALONE = [
  ['yaml', 'YAML pass alone (default rules; parse + yamllint rules)'],
  ['schema', 'schema pass alone (parse + schema validation)'],
  ['policy', 'built-in policies alone (parse + Rego)'],
  ['repo', 'repo-wide checks alone (parse + GitOps, Gatekeeper, VAP checks)'],
] as const;

function hasYamllint(): boolean {
  return spawnSync('yamllint', ['--version'], { encoding: 'utf8' }).status === 0;
}

const WHOLE_CHECK = 'whole check, default settings (CLI)';
const againstLabel = (revision: Revision) => `whole check, default settings, at ${revision.commit} (CLI)`;

/** The CLI's arguments for a whole check with default settings, reported as JSON (by a revision's build, else this one). */
const cliArgs = (dir = project) => [join(dir, 'bin/gitops-check.js'), '-o', 'json', '--quiet'];

function sizeRows(tree: Tree, yamllintConfig: string, options: Options, withYamllint: boolean, revision: Revision | undefined, residentCache: string): Row[] {
  const { root } = tree;
  const cli = cliArgs();
  const resident = [...cli, '--resident', '--cache-dir', residentCache];
  const tsx = ['--import', 'tsx'];
  const timed: Timed[] = [
    { label: 'floor: read + js-yaml `loadAll`, one thread', command: 'node', args: [...tsx, join(project, 'bench/floor.ts'), root], cwd: project, work: ownTime },
    // Its warm-up fills the cache for the CLI rows after it too (the same paths: the same setup files recalled).
    { label: WHOLE_CHECK, command: 'node', args: cli, cwd: root, warmUp: true },
    { label: 'whole check, `--no-cache` (CLI: validators compiled, every file pre-scanned)', command: 'node', args: [...cli, '--no-cache'], cwd: root },
    // Its build has caches of its own, warmed as this one's (else its first rounds would compile and keep its validators).
    ...(revision ? [{ label: againstLabel(revision), command: 'node', args: cliArgs(revision.dir), cwd: root, warmUp: true }] : []),
    { label: 'whole check, `--jobs 2` (two worker threads)', command: 'node', args: [...cli, '--jobs', '2'], cwd: root },
    // The default on a 4-core machine: its peak memory, here where three workers share two cores.
    { label: 'whole check, `--jobs 3` (three worker threads)', command: 'node', args: [...cli, '--jobs', '3'], cwd: root },
    { label: WITH_YAMLLINT_CONFIG, command: 'node', args: [...cli, '--yamllint-config', yamllintConfig], cwd: root },
    ...(caCertsFile()
      ? [
          { label: WITH_CA_CERTS, command: 'node', args: cli, cwd: root, withCaCerts: true },
          { label: YAMLLINT_CONFIG_WITH_CA_CERTS, command: 'node', args: [...cli, '--yamllint-config', yamllintConfig], cwd: root, withCaCerts: true },
        ]
      : []),
    { label: 'whole check, default settings, `--resident` (CLI, the resident process warm)', command: 'node', args: resident, cwd: root, resident: true },
    { label: RESIDENT_WITH_YAMLLINT_CONFIG, command: 'node', args: [...resident, '--yamllint-config', yamllintConfig], cwd: root, resident: true },
    { label: 'our parse alone: read + one pass (else `parseYamlFile`), one thread', command: 'node', args: [...tsx, join(project, 'bench/floor.ts'), root, 'parse-file'], cwd: project, work: ownTime },
    ...PASSES_ALONE.map(([pass, label]): Timed => ({ label, command: 'node', args: [...tsx, join(project, 'bench/pass-alone.ts'), root, pass], cwd: project, work: ownTime })),
  ];
  if (withYamllint) {
    timed.push({ label: YAMLLINT, command: 'yamllint', args: ['-f', 'parsable', '-c', yamllintConfig, 'clusters'], cwd: root });
  }
  return measureRounds(timed, options.runs);
}

interface ColdRun {
  cached: number;
  uncached: number;
  resident: number;
  node: number;
  /** The cached run and `node -e 0` with NODE_EXTRA_CA_CERTS, where this machine sets it. */
  withCaCerts?: { cached: number; node: number };
}

/**
 * The pre-commit case: three files named on the command line, a fresh process each time; the median of 5
 * rounds, with the validator cache warm (a developer's second commit), with `--no-cache` and with `--resident`
 * (the hook's `args`, its process warm); and the bare start-up of Node (`node -e 0`) in the same rounds, as the
 * floor of any small run. Where NODE_EXTRA_CA_CERTS is set, the cached run and `node -e 0` with it too.
 */
function coldSmallRun(tree: Tree, residentCache: string): ColdRun {
  const files = tree.files.slice(0, 3).map((file) => relative(tree.root, file));
  const cli = [...cliArgs(), ...files];
  const run = (label: string, args: string[], withCaCerts = false): Timed => ({ label, command: 'node', args, cwd: tree.root, withCaCerts });
  runOnce(run('fills the cache', cli));
  const resident: Timed = { ...run('resident', [...cli, '--resident', '--cache-dir', residentCache]), resident: true };
  const withCaCerts = caCertsFile() ? [run('cached, CA certificates', cli, true), run('node, CA certificates', ['-e', '0'], true)] : [];
  const rows = measureRounds([run('cached', cli), run('uncached', [...cli, '--no-cache']), resident, run('node', ['-e', '0']), ...withCaCerts], 5);
  const [cached, uncached, warm, node, cachedWith, nodeWith] = rows.map((row) => median(row.seconds));
  return { cached: cached!, uncached: uncached!, resident: warm!, node: node!, ...(cachedWith !== undefined ? { withCaCerts: { cached: cachedWith, node: nodeWith! } } : {}) };
}

/**
 * A size's counted rows as a table (the median of the rounds, and their range), each against the floor, and this build's
 * whole check against the revision's: the median of the rounds' ratios.
 */
function countedLines(tree: Tree, rows: CountedRow[], revision: Revision | undefined): string[] {
  const floor = rows[0]!;
  const ours = rows.find((row) => row.label === WHOLE_CHECK)!;
  const theirs = revision && rows.find((row) => row.label === againstLabel(revision));
  const billions = (n: number) => number(n / 1e9, 3);
  const cell = ({ instructions }: CountedRow) =>
    billions(median(instructions)) + (instructions.length > 1 ? ` (${billions(Math.min(...instructions))}–${billions(Math.max(...instructions))})` : '');
  return [
    `${number(tree.documents)} documents, ${number(tree.files.length)} files, ${number(tree.bytes / 1e6, 1)} MB; instructions counted by callgrind, V8 \`--predictable\`:`,
    '',
    '| Run | Instructions (billions) | vs floor |',
    '|---|---:|---:|',
    ...rows.map((row) => `| ${row.label} | ${cell(row)} | ${number(median(row.instructions) / floor.instructions[0]!, 2)}× |`),
    '',
    ...(theirs
      ? [`This build's whole check against ${revision.commit}'s: ${number(median(ours.instructions.map((n, round) => n / theirs.instructions[round]!)), 4)}× the instructions.`, '']
      : []),
  ];
}

/** What NODE_EXTRA_CA_CERTS costs here, where the machine sets it: the rows are timed without it but those named so. */
function caCertsLines(cold: ColdRun | undefined): string[] {
  const file = caCertsFile();
  if (!file) return [];
  const withIt = cold?.withCaCerts;
  return [
    `This machine sets \`${CA_CERTS}\` (${file}), which Node 20 reads at every start (bench/environment.ts): \`node -e 0\` ` +
      `${number(withIt?.node ?? NaN, 3)} s with it against ${number(cold?.node ?? NaN, 3)} s without, the cold 3-file run ${number(withIt?.cached ?? NaN, 3)} s ` +
      `against ${number(cold?.cached ?? NaN, 3)} s. A check makes no TLS connection: every process above runs without it, as on a machine that ` +
      'does not set it, but the rows that name it; the targets below give both.',
    '',
  ];
}

function machine(): string {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown CPU';
  return `${availableParallelism()} cores (${model.trim()}), Node ${process.version}, ${process.platform}; load average ${loadavg()[0]!.toFixed(2)} at start`;
}


function main(): void {
  const options = parseArgs(process.argv.slice(2));
  if (options.build) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: project, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed: the benchmark runs the built CLI');
  }
  if (options.instructions && !hasValgrind()) throw new Error('--instructions: valgrind is not installed (Debian: apt-get install valgrind)');
  const yamllint = hasYamllint();
  const header = machine();
  const faultMicroseconds = options.instructions ? NaN : median(pageFaultMicroseconds(FAULT_PROBES));
  const corpus = readCorpora(options.maxFileBytes);
  const work = mkdtempSync(join(tmpdir(), 'gitops-check-bench-'));
  const yamllintConfig = join(work, 'yamllint-default.yaml');
  // The resident rows' own cache directory, so that their resident process is the benchmark's alone.
  const residentCache = join(work, 'cache');
  writeFileSync(yamllintConfig, 'extends: default\n');
  const lines: string[] = [];
  const versusYamllint: string[] = [];
  const versusRevision: string[] = [];
  const faultSeconds: string[] = [];
  const counted: string[] = [];
  const figures: SizeFigures[] = [];
  let cold: (ColdRun & { documents: number }) | undefined;
  let revision: Revision | undefined;
  try {
    if (options.against !== undefined) revision = buildRevision(project, options.against);
    for (const size of options.sizes) {
      const tree = buildTree(join(work, `tree-${size}`), size, corpus);
      process.stderr.write(`bench: ${tree.documents} documents in ${tree.files.length} files, ${options.instructions ? 'counting instructions' : 'timing'}…\n`);
      if (options.instructions) {
        const commands: CountedCommand[] = [
          { label: WHOLE_CHECK, args: cliArgs() },
          ...(revision ? [{ label: againstLabel(revision), args: cliArgs(revision.dir) }] : []),
          { label: WITH_YAMLLINT_CONFIG, args: [...cliArgs(), '--yamllint-config', yamllintConfig] },
        ];
        counted.push(...countedLines(tree, instructionRows(tree, project, commands, options.runs), revision));
        rmSync(tree.root, { recursive: true, force: true });
        continue;
      }
      const rows = sizeRows(tree, yamllintConfig, options, yamllint && (options.yamllintAll || size <= YAMLLINT_MAX_DOCUMENTS), revision, residentCache);
      const floor = rows[0]!;
      const reported = JSON.parse(rows[1]!.stdout) as { files: number; documents: number };
      for (const [i, row] of rows.entries()) {
        const cell = i === 0 ? `${number(tree.documents)} docs, ${number(tree.files.length)} files, ${number(tree.bytes / 1e6, 1)} MB` : '';
        const rss = row.rssKiB === undefined ? 'n/a' : number(row.rssKiB / 1024);
        const faults = row.faults.length === 0 ? 'n/a' : number(median(row.faults) / 1000, 1);
        const seconds = median(row.seconds);
        const range = row.seconds.length > 1 ? ` (${number(Math.min(...row.seconds), 2)}–${number(Math.max(...row.seconds), 2)})` : '';
        const ratio = roundRatio(row, floor);
        lines.push(`| ${cell} | ${row.label} | ${number(seconds, 2)}${range} | ${number(tree.documents / seconds)} | ${rss} | ${faults} | ${number(ratio, 1)}× |`);
      }
      const whole = rows.find((row) => row.label === WHOLE_CHECK)!;
      if (whole.faults.length > 0) {
        faultSeconds.push(`${number(tree.documents)} documents ~${number((median(whole.faults) * faultMicroseconds) / 1e6, 2)} s of its ${number(median(whole.seconds), 2)} s`);
      }
      const yamllintRow = rows.find((row) => row.label === YAMLLINT);
      const ours = rows.find((row) => row.label === WITH_YAMLLINT_CONFIG)!;
      const resident = rows.find((row) => row.label === RESIDENT_WITH_YAMLLINT_CONFIG)!;
      const times = yamllintRow && roundRatio(yamllintRow, ours);
      const wholeWith = rows.find((row) => row.label === WITH_CA_CERTS);
      const oursWith = rows.find((row) => row.label === YAMLLINT_CONFIG_WITH_CA_CERTS);
      figures.push({
        documents: tree.documents,
        ratio: roundRatio(whole, floor),
        seconds: median(whole.seconds),
        rssKiB: whole.rssKiB,
        versusYamllint: times,
        ...(wholeWith && oursWith
          ? { withCaCerts: { ratio: roundRatio(wholeWith, floor), seconds: median(wholeWith.seconds), versusYamllint: yamllintRow && roundRatio(yamllintRow, oursWith) } }
          : {}),
      });
      if (yamllintRow && times !== undefined) {
        versusYamllint.push(
          `${number(tree.documents)} documents: ${number(times, 1)}× (yamllint ${number(median(yamllintRow.seconds), 2)} s, the whole check ${number(median(ours.seconds), 2)} s), ` +
            `with \`--resident\` ${number(roundRatio(yamllintRow, resident), 1)}× (${number(median(resident.seconds), 2)} s)`,
        );
      }
      if (revision) {
        const theirs = rows.find((row) => row.label === againstLabel(revision!))!;
        versusRevision.push(`${number(tree.documents)} documents: ${number(roundRatio(whole, theirs), 2)}×`);
      }
      if (reported.documents !== tree.documents) {
        lines.push(`| | (the CLI counts ${number(reported.documents)} documents in ${number(reported.files)} files) | | | | | |`);
      }
      cold ??= { ...coldSmallRun(tree, residentCache), documents: tree.documents };
      rmSync(tree.root, { recursive: true, force: true });
    }
  } finally {
    spawnSync('node', [join(project, 'bin/gitops-check.js'), '--resident-stop', '--cache-dir', residentCache], { stdio: 'ignore' });
    revision?.remove();
    rmSync(work, { recursive: true, force: true });
  }
  if (options.instructions) {
    const env = caCertsFile() ? [`Every process counted runs without \`${CA_CERTS}\`, which this machine sets (bench/environment.ts).`, ''] : [];
    return void process.stdout.write([`Machine: ${header}.`, '', ...env, ...counted].join('\n') + '\n');
  }
  const out = [
    `Machine: ${header}. Tree: copies of ../shared/corpora under \`clusters/c<N>/<corpus>/\`, names suffixed per copy${
      Number.isFinite(options.maxFileBytes) ? `, files over ${number(options.maxFileBytes)} bytes left out` : ''
    }.`,
    '',
    '| Size | Run | Time (s) | Documents/s | Peak RSS (MiB) | Page faults (thousands) | vs floor |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...lines,
    '',
    ...(versusYamllint.length > 0
      ? [`The whole check with the yamllint \`extends: default\` config against yamllint with the same config (median of the rounds' ratios): ${versusYamllint.join('; ')}.`, '']
      : []),
    `A page fault (a page touched for the first time) costs ${number(faultMicroseconds, 1)} µs on this machine (bench/page-faults.ts; median of ${FAULT_PROBES}): ` +
      `the whole check's, at that cost: ${faultSeconds.join('; ')}.`,
    '',
    ...(revision
      ? [`This build's whole check against ${revision.commit}'s, default settings (median of the rounds' ratios, below 1× faster): ${versusRevision.join('; ')}.`, '']
      : []),
    // The repo-wide checks read the rest of the repository as context, so this grows with the tree.
    `Cold small run (3 files named in the ${number(cold?.documents ?? NaN)}-document tree, the pre-commit hook's case; median of 5 processes): ` +
      `${number(cold?.cached ?? NaN, 3)} s wall with the caches warm (validators, context documents), ${number(cold?.uncached ?? NaN, 3)} s with \`--no-cache\`, ` +
      `${number(cold?.resident ?? NaN, 3)} s with \`--resident\` (its process warm); ` +
      `\`node -e 0\` takes ${number(cold?.node ?? NaN, 3)} s in the same minutes.`,
    '',
    ...caCertsLines(cold),
    ...targetLines(figures, cold?.cached, cold?.withCaCerts?.cached),
    '',
    'CLI and yamllint times are wall times of the whole process (start-up included); the floor and the passes alone',
    "are timed inside their process (no Node start-up, no module loading). The CLI's disk caches are warm (the whole check ran twice before the",
    "rounds: compiled code, validators and policies, the setup files recalled) but in the `--no-cache` row. A `--resident` row's process is the",
    `client's: its RSS and page faults are not the run's (n/a), and its resident process ran that command ${RESIDENT_WARM_UP} times before the rounds.`,
    "Peak RSS is the whole process's; the page faults are those of the time shown (the floor's and the passes alone's taken in their timed part).",
    `${
      options.runs > 1
        ? `${options.runs} rounds, each command once a round in turn: the median (the fastest–slowest), documents/s at the median, the highest peak RSS, the median page faults, and the median of the rounds' ratios to that round's floor.`
        : 'One run each.'
    }`,
    yamllint ? '' : 'yamllint is not installed: not timed.',
  ];
  process.stdout.write(out.join('\n').trimEnd() + '\n');
}

main();
