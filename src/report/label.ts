import type { DocumentRef } from '../model/finding.js';
import { describeObject, isKustomizationFile } from '../documents/kubernetes-object.js';

/**
 * How PASS lines (and JUnit/TAP case names) name a result: the object, else its place in the file. Named as
 * they are written, not held with each result; it depends only on what the JSON report keeps, so a merged
 * report names shard results exactly as a whole run does.
 */
export function resultLabel(file: string, document: DocumentRef | null): string {
  if (!document) return file;
  return describeObject(document, isKustomizationFile(file) ? 'Kustomization' : `document ${document.index + 1}`);
}
