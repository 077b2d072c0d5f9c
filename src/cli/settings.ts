import type { CheckSeverity, ConfigFile } from '../config/schema.js';
import { DEFAULT_MAX_FILE_SIZE } from '../documents/read.js';

/** The flags of the check command, as commander parses them. */
export interface CheckFlags {
  output: 'text' | 'json';
  config?: string;
  exclude: string[];
  quiet?: boolean;
  color: boolean;
  failOnWarn?: boolean;
  maxFileSize?: number;
}

/** What the run uses once flags (first), the config file, then defaults have spoken. */
export interface Settings {
  paths: string[];
  exclude: string[];
  maxFileSize: number;
  failOnWarn: boolean;
  severity: Record<string, CheckSeverity>;
}

export function resolveSettings(paths: string[], flags: CheckFlags, config: ConfigFile): Settings {
  return {
    paths: paths.length > 0 ? paths : (config.paths ?? []),
    exclude: [...(config.exclude ?? []), ...flags.exclude],
    maxFileSize: flags.maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    failOnWarn: flags.failOnWarn ?? config.failOnWarn ?? false,
    severity: config.severity ?? {},
  };
}
