import { loadConfig } from '../config/load.js';
import { resolveSettings, type SettingFlags, type Settings } from '../config/settings.js';
import { loadLintConfig } from '../lint/config/load.js';
import { DiskCache, cacheDirIn } from '../cache/disk-cache.js';
import { DocumentCache } from '../cache/documents.js';
import { SetupMemory } from '../cache/setup-memory.js';
import { assemblePasses } from './assemble.js';
import { baselineOf } from '../adoption/baseline.js';
import type { CheckOptions } from './run.js';
import { recordTimings } from '../model/timings.js';

/** What a check run is asked, as plain data: the main thread and each worker thread prepare the same run from it. */
export interface CheckRequest {
  cwd: string;
  paths: string[];
  flags: SettingFlags & { config?: string; yamllintConfig?: string; cache: boolean; cacheDir?: string; timings?: boolean };
  /** The tool's version: part of the disk cache's keys. */
  version: string;
  /** Whether baselined findings are muted (not when the baseline itself is being written). */
  useBaseline: boolean;
}

/** Config file, yamllint config, settings and passes of a run; stdin and progress are the caller's. */
export async function prepareCheck(request: CheckRequest): Promise<{ settings: Settings; options: Omit<CheckOptions, 'readStdin'> }> {
  const { cwd, flags } = request;
  recordTimings(Boolean(flags.timings));
  const cacheDir = cacheDirIn(cwd, flags.cacheDir);
  const cache = flags.cache ? new DiskCache(cacheDir, request.version) : undefined;
  const { config, path: configPath } = loadConfig(cwd, flags.config, cache);
  const yamllint = loadLintConfig({ cwd, explicit: flags.yamllintConfig, embeddedIn: config.yamllint !== undefined ? configPath : undefined });
  const settings = resolveSettings(request.paths, flags, config, cwd);
  const options = {
    cwd,
    paths: settings.paths,
    contextPaths: settings.contextPaths,
    within: settings.within,
    exclude: settings.exclude,
    maxFileSize: settings.maxFileSize,
    severity: settings.severity,
    severityOverrides: settings.severityOverrides,
    baseline: request.useBaseline ? baselineOf(settings.baseline, cwd) : undefined,
    writesBaseline: !request.useBaseline,
    yamllint,
    documentCache: cache && new DocumentCache(cache, cwd),
    setupMemory: cache && new SetupMemory(cache, cwd),
    ...assemblePasses(settings, { cwd, config, cache, cacheDir }),
  };
  return { settings, options };
}
