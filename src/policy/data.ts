import { resolve } from 'node:path';
import { ConfigError } from '../model/errors.js';
import { readSource } from '../documents/read.js';
import { parseYamlFile } from '../documents/parse-file.js';
import { statIfPresent, toDisplay } from '../discovery/discover.js';
import { filesBelow } from './sources.js';

/**
 * The `data` document from `--data` paths (YAML/JSON files, directories searched recursively), merged
 * at the root as conftest does: a file holding `{allowed_registries: [...]}` gives
 * `data.allowed_registries`. Anything unreadable or not a mapping is a ConfigError at its position.
 */
export async function loadPolicyData(cwd: string, locations: string[]): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = {};
  for (const location of locations) {
    const abs = resolve(cwd, location);
    const info = statIfPresent(abs);
    if (!info) throw new ConfigError(`data path does not exist: ${location}`);
    for (const file of info.isDirectory() ? filesBelow(abs, '.yaml', '.yml', '.json') : [abs]) {
      const path = toDisplay(cwd, file);
      const read = readSource(file, path);
      if (read.finding) throw new ConfigError(read.finding.message, path, read.finding.line, read.finding.column);
      const parsed = parseYamlFile(read.file);
      const error = parsed.errors[0];
      if (error) throw new ConfigError(`syntax error: ${error.message}`, path, error.line, error.column);
      for (const doc of parsed.documents) {
        if (doc.value === null) continue;
        if (typeof doc.value !== 'object' || Array.isArray(doc.value)) {
          throw new ConfigError('data documents must be mappings', path, doc.start.line, doc.start.column);
        }
        mergeInto(data, doc.value as Record<string, unknown>);
      }
    }
  }
  return data;
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isMapping(existing) && isMapping(value)) mergeInto(existing, value);
    else target[key] = value;
  }
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
