import type { Finding } from '../../src/model/finding.js';
import type { Report } from '../../src/report/model.js';

const deployment = { index: 0, apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'web', name: 'web' };
const widget = { index: 1, apiVersion: 'example.com/v1', kind: 'Widget', namespace: 'web', name: 'w' };
const configMap = { index: 0, apiVersion: 'v1', kind: 'ConfigMap', namespace: 'web', name: 'settings' };

export const FINDINGS: Finding[] = [
  {
    file: 'clusters/kind/web/app.yaml',
    line: 10,
    column: 11,
    severity: 'warning',
    check: 'builtin/k8s.memory-limit',
    message: 'web in the Deployment web does not have a memory limit set',
    document: deployment,
  },
  {
    file: 'clusters/kind/web/app.yaml',
    line: 12,
    column: 9,
    severity: 'error',
    check: 'schema',
    message: 'Deployment web/web: spec.template.spec.containers[0].resource: unknown field',
    document: deployment,
  },
  { file: 'clusters/kind/web/cm.yaml', line: 7, column: 10, severity: 'warning', check: 'yaml/truthy', message: 'truthy value should be one of [false, true]', document: configMap },
  { file: 'clusters/kind/web/cm.yaml', line: 9, column: 3, severity: 'error', check: 'yaml/key-duplicates', message: 'duplication of key "LOG_LEVEL" in mapping', document: configMap },
  { file: 'clusters/kind/web/cm.yaml', line: 11, column: 3, severity: 'error', check: 'yaml/key-duplicates', message: 'duplication of key "LOG_LEVEL" in mapping', document: configMap },
  { file: 'clusters/kind/web/logo.yaml', line: 1, column: 1, severity: 'error', check: 'file', message: 'binary file (NUL byte at offset 12), not checked' },
];

/** A fixed run: a pass, a document with an error and a warning, a skip, duplicate keys, an unreadable file. */
export const REPORT: Report = {
  files: 4,
  results: [
    { file: 'base/ns.yaml', document: { index: 0, apiVersion: 'v1', kind: 'Namespace', name: 'web' }, status: 'pass' },
    { file: 'clusters/kind/web/app.yaml', document: deployment, status: 'fail' },
    { file: 'clusters/kind/web/app.yaml', document: widget, status: 'skip' },
    { file: 'clusters/kind/web/cm.yaml', document: configMap, status: 'fail' },
    { file: 'clusters/kind/web/logo.yaml', document: null, status: 'fail' },
  ],
  findings: FINDINGS,
  skips: [{ file: 'clusters/kind/web/app.yaml', document: widget, check: 'schema', reason: 'no schema for example.com/v1 Widget' }],
  elapsedMs: 210,
};

const [memory, , truthy] = FINDINGS;

/**
 * The same run compared against a baseline, with findings shown but not failing: the memory-limit
 * warning baselined, a policy result excepted, the truthy warning suppressed with a reason, and a
 * baselined CPU-limit finding no longer found.
 */
export const MUTED_REPORT: Report = {
  ...REPORT,
  findings: FINDINGS.filter((f) => f !== memory && f !== truthy),
  muted: [
    { finding: memory!, by: 'baseline' },
    { finding: { ...memory!, check: 'policy/main', message: 'deny_no_owner', severity: 'error' }, by: 'exception' },
    { finding: truthy!, by: 'suppression', reason: 'read by a YAML 1.2 tool' },
  ],
  fixed: [{ file: 'clusters/kind/web/app.yaml', check: 'builtin/k8s.cpu-limit', message: 'web in the Deployment web does not have a CPU limit set', document: 'apps/v1 Deployment web/web' }],
  baseline: true,
};
