import type { Target } from '../discovery/discover.js';
import { needlesIn } from '../documents/read.js';
import type { ReadAhead } from '../documents/read-ahead.js';
import { isKustomizationFile } from '../documents/kubernetes-object.js';
import { asObject, groupOf, objectsOf } from '../gitops/objects.js';
import { crdScopes } from '../gitops/scope.js';
import { collectTreeCrds } from '../schema/crds.js';
import type { ParsedDocument } from '../documents/types.js';
import type { LoadedFile } from './files.js';
import { recorder } from '../model/timings.js';
import type { SetupRecord } from '../cache/setup-memory.js';

/**
 * Words every document the passes are set up from holds as text. `CustomResourceDefinition`: the schema
 * pass's tree CRDs; kustomization files (by name) tell patches and values files apart. Gatekeeper's and
 * ValidatingAdmissionPolicy's objects evaluate every object of a cluster whole: a tree that mentions
 * them is checked whole.
 */
const SETUP = Buffer.from('CustomResourceDefinition');
const ADMISSION = [Buffer.from('gatekeeper.sh'), Buffer.from('ValidatingAdmissionPolicy')];
const NEEDLES = [SETUP, ...ADMISSION];

/**
 * The files to read before any document is checked, found by their names and text; undefined when the tree
 * has admission policies, so every document is needed whole until the end. The bytes it reads go to `readAhead`.
 */
export function setupFiles(targets: readonly Target[], maxFileSize: number, readAhead?: ReadAhead): Set<Target> | undefined {
  const timings = recorder;
  const start = timings ? timings.now() : 0;
  const setup = scanned(targets, maxFileSize, readAhead);
  if (timings) timings.stage('pre-scan', start, targets.length);
  return setup;
}

function scanned(targets: readonly Target[], maxFileSize: number, readAhead: ReadAhead | undefined): Set<Target> | undefined {
  const setup = new Set<Target>();
  for (const target of targets) {
    if (alwaysEarly(target)) {
      setup.add(target);
      continue;
    }
    // Not stdin (`alwaysEarly`).
    const found = needlesIn(target.absPath!, NEEDLES, maxFileSize, readAhead);
    // -1: unreadable or not UTF-8 (read now, with its finding, or decoded to be sure).
    if (found === -1 || found === 1) setup.add(target);
    else if (found !== 0) return undefined;
  }
  return setup;
}

/** Read early whatever the tree holds: a kustomization gates the files it names; stdin is read once. */
function alwaysEarly(target: Target): boolean {
  return isKustomizationFile(target.path) || target.absPath === undefined;
}

/**
 * The files to read before any document is checked, as the last runs found them (`SetupMemory`), and whether one of
 * them held an admission object (the run is then checked whole).
 */
export function recalledSetupFiles(targets: readonly Target[], recalled: SetupRecord): { setup: Set<Target>; admission: boolean } {
  const paths = new Set(recalled.paths);
  const setup = new Set(targets.filter((target) => alwaysEarly(target) || paths.has(target.path)));
  const admission = new Set(recalled.admission);
  return { setup, admission: [...setup].some((target) => admission.has(target.path)) };
}

/** A document that `setupFiles` should have found (its words were escaped or folded): the run starts again. */
export function isSetupDocument(value: unknown): boolean {
  return setupKindOf(value) !== undefined;
}

/** 'admission': a Gatekeeper or ValidatingAdmissionPolicy object (or a List holding one), which no pass is made in parts with. */
function setupKindOf(value: unknown): 'crd' | 'admission' | undefined {
  const object = asObject(value);
  if (!object) return undefined;
  const { apiVersion, kind, items } = object;
  if (kind === 'ValidatingAdmissionPolicy' || kind === 'ValidatingAdmissionPolicyBinding') return 'admission';
  if (typeof apiVersion === 'string' && groupOf(apiVersion).endsWith('gatekeeper.sh')) return 'admission';
  let found: 'crd' | undefined = kind === 'CustomResourceDefinition' ? 'crd' : undefined;
  if (Array.isArray(items)) {
    for (const item of items) {
      const inner = setupKindOf(item);
      if (inner === 'admission') return inner;
      found ??= inner;
    }
  }
  return found;
}

/** Which of these files (read whole) hold setup documents, for `SetupMemory`. */
export function setupHeldIn(files: ReadonlyArray<LoadedFile | undefined>): SetupRecord {
  const paths: string[] = [];
  const admission: string[] = [];
  for (const file of files) {
    if (!file) continue;
    let held: ReturnType<typeof setupKindOf>;
    for (const { doc } of file.entries) if (doc && held !== 'admission') held = setupKindOf(doc.value) ?? held;
    if (held) paths.push(file.path);
    if (held === 'admission') admission.push(file.path);
  }
  return { paths, admission };
}

/**
 * Of checkable setup documents in path order, those the passes could be made from: the first CRD of each schema
 * key (the schema pass, `collectTreeCrds`), the last of each scope key (the GitOps checks, `crdScopes`), and any
 * admission object (one the pre-scan missed: no pass is made in parts with one). A `--jobs` worker sends the
 * others only these of its own: whatever wins over the whole tree wins among one worker's documents too, so every
 * worker makes the same passes from far fewer (at 50k documents most CRDs are the same in every cluster).
 */
export function setupDocumentsUsed(documents: readonly ParsedDocument[]): ParsedDocument[] {
  const used = new Set<ParsedDocument>();
  for (const { crd } of collectTreeCrds(documents).values()) used.add(crd);
  for (const { object } of crdScopes(objectsOf(documents)).values()) used.add(object.doc);
  for (const doc of documents) if (asObject(doc.value)?.kind !== 'CustomResourceDefinition' && isSetupDocument(doc.value)) used.add(doc);
  return documents.filter((doc) => used.has(doc));
}
