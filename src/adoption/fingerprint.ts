import crypto from 'node:crypto';
import type { DocumentRef, Finding } from '../model/finding.js';
import { valueAt } from '../gitops/objects.js';

/** What a file offers to fingerprint its findings: its lines (1-based), and each parsed document's value by index. */
export interface FingerprintSource {
  line(line: number): string | undefined;
  valueOf(documentIndex: number): unknown;
}

/**
 * What a finding is about, without its line number, so a baseline survives unrelated edits:
 * - at a scalar node (an image, a name): the node's path and value;
 * - at a mapping or list node, or the whole document: the node's path and the message (its value would
 *   change with every edit inside it), with the `file:line` references some messages make left out;
 * - with no node path (the YAML pass, whole files): the text of the finding's line.
 */
export function fingerprintOf(f: Finding, source: FingerprintSource): string {
  let basis: unknown[];
  if (f.path && f.document) {
    const value = valueAt(source.valueOf(f.document.index), f.path);
    basis = isScalar(value) ? ['node', f.path, value] : ['node', f.path, withoutPositions(f.message)];
  } else if (f.document || f.check !== 'file') {
    basis = ['line', (source.line(f.line) ?? '').trim()];
  } else {
    basis = ['file', withoutPositions(f.message)];
  }
  return sha256(JSON.stringify(basis)).slice(0, 16);
}

// One-shot hashing (Node 20.12 and later) spares a Hash object per finding.
const sha256: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text) : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** A document as a baseline names it: `apps/v1 Deployment web/api`, or `document 3` when it says nothing of itself. */
export function documentKey(d: DocumentRef | undefined): string {
  if (!d) return '';
  if (!d.kind && !d.name) return `document ${d.index + 1}`;
  const name = d.namespace ? `${d.namespace}/${d.name ?? ''}` : (d.name ?? '');
  return [d.apiVersion ?? '', d.kind ?? '', name].filter((s) => s !== '').join(' ');
}

function isScalar(v: unknown): boolean {
  return v !== undefined && (typeof v !== 'object' || v === null);
}

function withoutPositions(message: string): string {
  return message.replace(/:\d+(:\d+)?\b/g, '');
}
