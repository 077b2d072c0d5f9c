import type { Finding, Severity } from '../model/finding.js';
import type { ParsedDocument, PathSegment } from '../documents/types.js';
import { isKustomizationFile } from '../documents/kubernetes-object.js';

export type JsonObject = Record<string, unknown>;

/** One Kubernetes object of the checked set: a document, or an item of a `*List` document. */
export interface RepoObject {
  doc: ParsedDocument;
  /** Where the object sits in its document: `[]`, or `['items', i]` for a list item. */
  at: readonly PathSegment[];
  value: JsonObject;
  apiVersion: string;
  /** The API group (`''` for the core group): objects are the same across versions of a group. */
  group: string;
  kind: string;
  name?: string;
  /** `metadata.namespace` as written. */
  namespace?: string;
}

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value at a path of keys and indexes, or undefined. */
export function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let node = value;
  for (const segment of path) {
    if (typeof segment === 'number') node = Array.isArray(node) ? node[segment] : undefined;
    else node = asObject(node)?.[segment];
    if (node === undefined) return undefined;
  }
  return node;
}

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The version part of an apiVersion (`v1` of `apps/v1` and of `v1`). */
export function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.indexOf('/') + 1);
}

export function isNamespace(object: RepoObject): boolean {
  return object.group === '' && object.kind === 'Namespace';
}

/** The place of an object that is its document, shared: a path of its own for each was ~50,000 arrays at 50k documents. */
const WHOLE_DOCUMENT: readonly PathSegment[] = [];

function toObject(doc: ParsedDocument, at: readonly PathSegment[], raw: unknown): RepoObject | undefined {
  const value = asObject(raw);
  const apiVersion = asString(value?.apiVersion);
  const kind = asString(value?.kind);
  if (!value || !apiVersion || !kind) return undefined;
  const metadata = asObject(value.metadata);
  return { doc, at, value, apiVersion, group: groupOf(apiVersion), kind, name: asString(metadata?.name), namespace: asString(metadata?.namespace) };
}

/** kustomize's own files configure a build; they are not objects sent to a cluster. */
export function isKustomizeConfig(doc: ParsedDocument): boolean {
  if (isKustomizationFile(doc.file.path)) return true;
  const apiVersion = asObject(doc.value)?.apiVersion;
  return typeof apiVersion === 'string' && apiVersion.startsWith('kustomize.config.k8s.io/');
}

const collected = new WeakMap<readonly ParsedDocument[], readonly RepoObject[]>();

/**
 * The objects the documents send to a cluster, list items expanded, kustomize files left out. The
 * passes of a run are handed one documents array, which no one changes: its objects are collected once.
 */
export function collectObjects(documents: readonly ParsedDocument[]): readonly RepoObject[] {
  let objects = collected.get(documents);
  if (!objects) collected.set(documents, (objects = objectsOf(documents)));
  return objects;
}

/** Drops the objects collected from `documents`, when the array is emptied while something may still hold it. */
export function forgetObjects(documents: readonly ParsedDocument[]): void {
  collected.delete(documents);
}

/** The objects of the documents, collected anew. */
export function objectsOf(documents: readonly ParsedDocument[]): RepoObject[] {
  const objects: RepoObject[] = [];
  for (const doc of documents) {
    if (isKustomizeConfig(doc)) continue;
    const object = toObject(doc, WHOLE_DOCUMENT, doc.value);
    if (!object) continue;
    const items = object.value.items;
    if (object.kind.endsWith('List') && Array.isArray(items)) {
      items.forEach((item, i) => {
        const inner = toObject(doc, ['items', i], item);
        if (inner) objects.push(inner);
      });
    } else {
      objects.push(object);
    }
  }
  return objects;
}

/** `Deployment httpbin`, as messages name an object. */
export function describe(object: RepoObject): string {
  return object.name ? `${object.kind} ${object.name}` : object.kind;
}

/** A finding at a node of a document (`path` relative to the document's root). */
export function findingIn(doc: ParsedDocument, path: readonly PathSegment[], check: string, severity: Severity, message: string, at: 'key' | 'value' = 'value'): Finding {
  const position = doc.contextOnly ? doc.start : doc.locate(path, at);
  return { file: doc.file.path, line: position.line, column: position.column, severity, check, message, document: doc.ref, path };
}

/** A finding at a node of an object (`path` relative to the object). */
export function findingAt(object: RepoObject, path: readonly PathSegment[], check: string, severity: Severity, message: string, at: 'key' | 'value' = 'value'): Finding {
  return findingIn(object.doc, object.at.length === 0 ? path : [...object.at, ...path], check, severity, message, at);
}

/** `path:line` of an object's `metadata.name` (else its start), to name another location in a message. */
export function whereIs(object: RepoObject): string {
  const position = object.doc.locate([...object.at, 'metadata', 'name'], 'value');
  return `${object.doc.file.path}:${position.line}`;
}

/**
 * The findings without repeats: a file several clusters receive gets the same finding once per
 * cluster. Findings are told apart by file and line first, so messages are compared only where those meet.
 */
export function uniqueFindings(findings: Iterable<Finding>): Finding[] {
  // A line's one finding stands alone; a list only where a line has several.
  const byFile = new Map<string, Map<number, Finding | Finding[]>>();
  const unique: Finding[] = [];
  for (const finding of findings) {
    let lines = byFile.get(finding.file);
    if (!lines) byFile.set(finding.file, (lines = new Map()));
    const onLine = lines.get(finding.line);
    if (onLine === undefined) lines.set(finding.line, finding);
    else if (Array.isArray(onLine)) {
      if (onLine.some((other) => sameFinding(other, finding))) continue;
      onLine.push(finding);
    } else {
      if (sameFinding(onLine, finding)) continue;
      lines.set(finding.line, [onLine, finding]);
    }
    unique.push(finding);
  }
  return unique;
}

/** Same column, check and message (file and line are the caller's). */
function sameFinding(a: Finding, b: Finding): boolean {
  return a.column === b.column && a.check === b.check && a.message === b.message;
}
