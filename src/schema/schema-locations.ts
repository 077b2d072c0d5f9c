import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { defaultCacheDir } from '../cache/disk-cache.js';
import { ConfigError } from '../model/errors.js';
import { checkTemplate, expandTemplate, isTemplate, type TemplateValues } from './location-template.js';

/** A schema found through `--schema-location`. */
export interface LocatedSchema {
  /** The file or URL it came from (also the validator cache key). */
  source: string;
  schema: Record<string, unknown>;
}

const DATREE_LAYOUT = '{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json';
const KUBECONFORM_LAYOUT = '{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json';

const isUrl = (location: string) => /^https?:\/\//.test(location);

function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

function parseSchema(text: string, source: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`schema location ${source} is not JSON (${(error as Error).message})`, source);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`schema location ${source} is not a JSON schema object`, source);
  return value as Record<string, unknown>;
}

/**
 * The user's `--schema-location`s, consulted in order after the built-in store. Local files are read
 * when needed; URLs are downloaded by `prefetch` (the only network access, and only for locations the
 * user named) into the cache dir, and read from there by `lookup`.
 */
export class SchemaLocations {
  /** Per location, the templates to try: itself when it names a file, else the datree then kubeconform layout. */
  private readonly templates: string[][];
  private readonly parsed = new Map<string, LocatedSchema | null>();

  constructor(
    locations: readonly string[],
    private readonly cacheDir: string = join(defaultCacheDir(), 'schemas'),
  ) {
    this.templates = locations.map((location) => {
      checkTemplate(location);
      if (!isUrl(location)) {
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) throw new ConfigError(`schema location ${location}: only local paths and http(s) URLs are supported`);
        const fixed = isTemplate(location) ? location.slice(0, location.indexOf('{{')).replace(/[^/]*$/, '') || '.' : location;
        if (!existsSync(fixed)) throw new ConfigError(`schema location ${location} does not exist`);
        if (!isTemplate(location) && !location.endsWith('.json') && !statSync(fixed).isDirectory()) {
          throw new ConfigError(`schema location ${location} is neither a directory, a .json file nor a template`);
        }
      }
      if (isTemplate(location) || location.endsWith('.json')) return [location];
      const base = location.replace(/\/+$/, '');
      return [`${base}/${DATREE_LAYOUT}`, `${base}/${KUBECONFORM_LAYOUT}`];
    });
  }

  get empty(): boolean {
    return this.templates.length === 0;
  }

  private candidates(values: TemplateValues): string[] {
    return this.templates.flat().map((template) =>
      isUrl(template) ? expandTemplate(template, values, encodeURIComponent) : resolve(expandTemplate(template, values)),
    );
  }

  private cacheFile(url: string): string {
    return join(this.cacheDir, createHash('sha256').update(url).digest('hex').slice(0, 32));
  }

  /** Downloads, once per cache, what `lookup` will need for these manifests; a 404 is remembered as absent. */
  async prefetch(needed: Iterable<TemplateValues>): Promise<void> {
    const urls = new Set<string>();
    for (const values of needed) for (const c of this.candidates(values)) if (isUrl(c)) urls.add(c);
    for (const url of urls) {
      const file = this.cacheFile(url);
      if (existsSync(`${file}.json`) || existsSync(`${file}.absent`)) continue;
      let response: Response;
      try {
        response = await fetch(url);
      } catch (error) {
        const reason = (error as Error & { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
        throw new ConfigError(`schema location ${url} cannot be downloaded (${reason})`);
      }
      if (response.status === 404) {
        writeAtomically(`${file}.absent`, url);
        continue;
      }
      if (!response.ok) throw new ConfigError(`schema location ${url} answered HTTP ${response.status}`);
      const text = await response.text();
      parseSchema(text, url);
      writeAtomically(`${file}.json`, text);
    }
  }

  /** The first schema any location holds for the manifest; a file that exists but is not a schema is a ConfigError. */
  lookup(values: TemplateValues): LocatedSchema | undefined {
    for (const candidate of this.candidates(values)) {
      let found = this.parsed.get(candidate);
      if (found === undefined) {
        found = this.read(candidate);
        this.parsed.set(candidate, found);
      }
      if (found) return found;
    }
    return undefined;
  }

  private read(candidate: string): LocatedSchema | null {
    if (!isUrl(candidate)) {
      return existsSync(candidate) && statSync(candidate).isFile() ? { source: candidate, schema: parseSchema(readFileSync(candidate, 'utf8'), candidate) } : null;
    }
    const file = this.cacheFile(candidate);
    if (existsSync(`${file}.json`)) return { source: candidate, schema: parseSchema(readFileSync(`${file}.json`, 'utf8'), candidate) };
    if (existsSync(`${file}.absent`)) return null;
    throw new Error(`schema location ${candidate} was not downloaded: prefetch() must run before the pass`);
  }
}
