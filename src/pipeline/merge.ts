import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { ConfigError } from '../model/errors.js';
import type { DocumentRef, Finding, Severity } from '../model/finding.js';
import type { MutedBy, Report, Result, Status } from '../report/model.js';
import type { JsonDocument, JsonFinding, JsonReport } from '../report/json.js';
import { combineReports } from './combine.js';

const documentSchema = {
  type: ['object', 'null'],
  required: ['index', 'apiVersion', 'kind', 'namespace', 'name'],
  properties: {
    index: { type: 'integer', minimum: 0 },
    apiVersion: { type: ['string', 'null'] },
    kind: { type: ['string', 'null'] },
    namespace: { type: ['string', 'null'] },
    name: { type: ['string', 'null'] },
  },
};
const findingSchema = {
  type: 'object',
  required: ['file', 'line', 'column', 'severity', 'check', 'message', 'document'],
  properties: {
    file: { type: 'string' },
    line: { type: 'integer' },
    column: { type: 'integer' },
    severity: { enum: ['error', 'warning'] },
    check: { type: 'string' },
    message: { type: 'string' },
    document: documentSchema,
  },
};
/** The `-o json` shape (version 1) as far as merging reads it. */
const reportSchema = {
  type: 'object',
  required: ['version', 'files', 'results', 'findings'],
  properties: {
    version: { const: 1 },
    files: { type: 'integer', minimum: 0 },
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['file', 'document', 'status'],
        properties: { file: { type: 'string' }, document: documentSchema, status: { enum: ['pass', 'fail', 'warn', 'skip'] } },
      },
    },
    findings: { type: 'array', items: findingSchema },
    muted: {
      type: 'array',
      items: {
        ...findingSchema,
        required: [...findingSchema.required, 'mutedBy', 'reason'],
        properties: { ...findingSchema.properties, mutedBy: { enum: ['exception', 'baseline', 'suppression'] }, reason: { type: ['string', 'null'] } },
      },
    },
    fixed: {
      type: 'array',
      items: {
        type: 'object',
        required: ['file', 'check', 'message', 'document'],
        properties: { file: { type: 'string' }, check: { type: 'string' }, message: { type: 'string' }, document: { type: ['string', 'null'] } },
      },
    },
    shard: {
      type: 'object',
      required: ['index', 'count', 'elapsedMs', 'skips', 'baseline'],
      properties: {
        index: { type: 'integer', minimum: 1 },
        count: { type: 'integer', minimum: 1 },
        elapsedMs: { type: 'number', minimum: 0 },
        skips: {
          type: 'array',
          items: {
            type: 'object',
            required: ['file', 'document', 'check', 'reason'],
            properties: { file: { type: 'string' }, document: { ...documentSchema, type: 'object' }, check: { type: 'string' }, reason: { type: 'string' } },
          },
        },
        baseline: { type: 'boolean' },
      },
    },
  },
};

/**
 * `gitops-check merge`: the JSON reports of a run's shards (`--shard I/N`) as the one report the whole
 * run gives, files in the same order. Inputs that are not shards are merged as given. A missing or
 * repeated shard, or a file reported twice, is a ConfigError: the verdict would be wrong.
 */
export async function mergeReports(cwd: string, paths: string[]): Promise<Report> {
  const reports = await Promise.all(paths.map(async (path) => ({ path, json: await readReport(resolve(cwd, path), path) })));
  checkShardsComplete(reports);
  const seen = new Map<string, string>();
  for (const { path, json } of reports) {
    for (const file of new Set(json.results.map((r) => r.file))) {
      const other = seen.get(file);
      if (other !== undefined) throw new ConfigError(`${file} is reported in ${other} too`, path);
      seen.set(file, path);
    }
  }
  return combineReports(reports.map(({ json }) => reportOf(json)));
}

function reportOf(json: JsonReport): Report {
  return {
    files: json.files,
    results: json.results.map(toResult),
    findings: json.findings.map(toFinding),
    skips: (json.shard?.skips ?? []).map((s) => ({ file: s.file, document: toDocument(s.document)!, check: s.check, reason: s.reason })),
    muted: (json.muted ?? []).map((m) => ({ finding: toFinding(m), by: m.mutedBy as MutedBy, ...(m.reason !== null && { reason: m.reason }) })),
    fixed: json.fixed ?? [],
    baseline: json.shard?.baseline ?? false,
    elapsedMs: json.shard?.elapsedMs ?? 0,
  };
}

const validate = new Ajv({ allErrors: false }).compile<JsonReport>(reportSchema);

async function readReport(abs: string, path: string): Promise<JsonReport> {
  const text = await fs.readFile(abs, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError(`cannot read the report: ${error.code ?? error.message}`, path);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`not JSON: ${(error as Error).message}`, path);
  }
  if (!validate(json)) {
    const first = validate.errors![0]!;
    throw new ConfigError(`not a gitops-check JSON report (-o json, version 1): ${first.instancePath || 'the report'} ${first.message}`, path);
  }
  return json;
}

function checkShardsComplete(reports: Array<{ path: string; json: JsonReport }>): void {
  const shards = reports.filter((r) => r.json.shard);
  if (shards.length === 0) return;
  const plain = reports.find((r) => !r.json.shard);
  if (plain) throw new ConfigError('not a shard report (--shard I/N), but others are', plain.path);
  const count = shards[0]!.json.shard!.count;
  const byIndex = new Map<number, string>();
  for (const { path, json } of shards) {
    const { index, count: own } = json.shard!;
    if (own !== count) throw new ConfigError(`shard ${index}/${own} does not belong with shard ${shards[0]!.json.shard!.index}/${count} of ${shards[0]!.path}`, path);
    const twin = byIndex.get(index);
    if (twin !== undefined) throw new ConfigError(`shard ${index}/${count} is given twice (also ${twin})`, path);
    byIndex.set(index, path);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new ConfigError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: the report would leave files out`);
}

function toResult(r: JsonReport['results'][number]): Result {
  return { file: r.file, document: toDocument(r.document) ?? null, status: r.status as Status };
}

function toFinding(f: JsonFinding): Finding {
  const document = toDocument(f.document);
  return { file: f.file, line: f.line, column: f.column, severity: f.severity as Severity, check: f.check, message: f.message, ...(document && { document }) };
}

function toDocument(d: JsonDocument | null): DocumentRef | undefined {
  if (!d) return undefined;
  const ref: DocumentRef = { index: d.index };
  for (const key of ['apiVersion', 'kind', 'namespace', 'name'] as const) if (d[key] !== null) ref[key] = d[key];
  return ref;
}
