import { statIfPresent } from '../discovery/discover.js';
import { ConfigError } from '../model/errors.js';
import { parseYamlFile, type ParsedFile } from './parse-file.js';
import { readSource } from './read.js';

/**
 * Reads and parses a file that configures the run (the config, a baseline): missing, unreadable or not
 * YAML is a ConfigError naming `file:line:col`, since no verdict could be trusted without it.
 */
export function parseConfigurationFile(abs: string, display: string, missing: string): ParsedFile {
  if (!statIfPresent(abs)) throw new ConfigError(missing, display);
  const read = readSource(abs, display);
  if (read.finding) throw new ConfigError(read.finding.message, display, read.finding.line, read.finding.column);
  const parsed = parseYamlFile(read.file);
  const error = parsed.errors[0];
  if (error) throw new ConfigError(`syntax error: ${error.message}`, display, error.line, error.column);
  return parsed;
}
