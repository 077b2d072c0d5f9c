import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Report } from '../../src/report/model.js';
import { formatJunit } from '../../src/report/junit.js';
import { REPORT } from './fixture.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true, isArray: (name) => ['testsuite', 'testcase'].includes(name) });

interface TestCase {
  name: string;
  classname: string;
  file: string;
  failure?: { message: string; type: string; '#text': string };
  skipped?: { message: string };
  'system-out'?: string;
}
interface Parsed {
  testsuites: { name: string; tests: string; failures: string; skipped: string; testsuite: Array<{ name: string; tests: string; failures: string; skipped: string; testcase: TestCase[] }> };
}

test('JUnit: exact XML for the fixed findings', () => {
  assert.equal(
    formatJunit(REPORT, { failOnWarn: false }),
    `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="gitops-check" tests="7" failures="3" errors="0" skipped="1" time="0.210">
  <testsuite name="base/ns.yaml" tests="1" failures="0" errors="0" skipped="0">
    <testcase name="Namespace web" classname="base/ns.yaml" file="base/ns.yaml"/>
  </testsuite>
  <testsuite name="clusters/kind/web/app.yaml" tests="3" failures="1" errors="0" skipped="1">
    <testcase name="Deployment web/web (builtin/k8s.memory-limit)" classname="clusters/kind/web/app.yaml" file="clusters/kind/web/app.yaml">
      <system-out>WARN - clusters/kind/web/app.yaml:10:11 - web in the Deployment web does not have a memory limit set</system-out>
    </testcase>
    <testcase name="Deployment web/web (schema)" classname="clusters/kind/web/app.yaml" file="clusters/kind/web/app.yaml">
      <failure message="Deployment web/web: spec.template.spec.containers[0].resource: unknown field" type="schema">FAIL - clusters/kind/web/app.yaml:12:9 - Deployment web/web: spec.template.spec.containers[0].resource: unknown field</failure>
    </testcase>
    <testcase name="Widget web/w" classname="clusters/kind/web/app.yaml" file="clusters/kind/web/app.yaml">
      <skipped message="no schema for example.com/v1 Widget (schema)"/>
    </testcase>
  </testsuite>
  <testsuite name="clusters/kind/web/cm.yaml" tests="2" failures="1" errors="0" skipped="0">
    <testcase name="ConfigMap web/settings (yaml/truthy)" classname="clusters/kind/web/cm.yaml" file="clusters/kind/web/cm.yaml">
      <system-out>WARN - clusters/kind/web/cm.yaml:7:10 - truthy value should be one of [false, true]</system-out>
    </testcase>
    <testcase name="ConfigMap web/settings (yaml/key-duplicates)" classname="clusters/kind/web/cm.yaml" file="clusters/kind/web/cm.yaml">
      <failure message="duplication of key &quot;LOG_LEVEL&quot; in mapping (and 1 more)" type="yaml/key-duplicates">FAIL - clusters/kind/web/cm.yaml:9:3 - duplication of key "LOG_LEVEL" in mapping
FAIL - clusters/kind/web/cm.yaml:11:3 - duplication of key "LOG_LEVEL" in mapping</failure>
    </testcase>
  </testsuite>
  <testsuite name="clusters/kind/web/logo.yaml" tests="1" failures="1" errors="0" skipped="0">
    <testcase name="clusters/kind/web/logo.yaml (file)" classname="clusters/kind/web/logo.yaml" file="clusters/kind/web/logo.yaml">
      <failure message="binary file (NUL byte at offset 12), not checked" type="file">FAIL - clusters/kind/web/logo.yaml:1:1 - binary file (NUL byte at offset 12), not checked</failure>
    </testcase>
  </testsuite>
</testsuites>
`,
  );
});

test('JUnit parses back: one suite per file, counts match the cases, failures carry message and location', () => {
  const xml = formatJunit(REPORT, { failOnWarn: false });
  assert.equal(XMLValidator.validate(xml), true);
  const { testsuites } = parser.parse(xml) as Parsed;
  assert.deepEqual(
    testsuites.testsuite.map((s) => [s.name, s.tests, s.failures, s.skipped, s.testcase.length]),
    [
      ['base/ns.yaml', '1', '0', '0', 1],
      ['clusters/kind/web/app.yaml', '3', '1', '1', 3],
      ['clusters/kind/web/cm.yaml', '2', '1', '0', 2],
      ['clusters/kind/web/logo.yaml', '1', '1', '0', 1],
    ],
  );
  const duplicates = testsuites.testsuite[2]!.testcase[1]!;
  assert.equal(duplicates.failure?.message, 'duplication of key "LOG_LEVEL" in mapping (and 1 more)');
  assert.equal(duplicates.failure?.['#text'], 'FAIL - clusters/kind/web/cm.yaml:9:3 - duplication of key "LOG_LEVEL" in mapping\nFAIL - clusters/kind/web/cm.yaml:11:3 - duplication of key "LOG_LEVEL" in mapping');
  assert.equal(testsuites.testsuite[1]!.testcase[2]!.skipped?.message, 'no schema for example.com/v1 Widget (schema)');
});

test('JUnit with --fail-on-warn: warnings fail their test case', () => {
  const { testsuites } = parser.parse(formatJunit(REPORT, { failOnWarn: true })) as Parsed;
  assert.equal(testsuites.failures, '5');
  assert.equal(testsuites.testsuite[1]!.testcase[0]!.failure?.message, 'web in the Deployment web does not have a memory limit set');
});

test('JUnit escapes markup, quotes, line breaks and control characters so the XML stays well-formed', () => {
  const document = { index: 0, kind: 'ConfigMap', name: 'a&b' };
  const nasty: Report = {
    files: 1,
    results: [{ file: 'x<&>".yaml', document, status: 'fail' }],
    findings: [{ file: 'x<&>".yaml', line: 1, column: 2, severity: 'error', check: 'yaml/syntax', message: 'found "<" & \'>\'\nat\tkey \u0001 ]]>', document }],
    skips: [],
    elapsedMs: 5,
  };
  const xml = formatJunit(nasty, { failOnWarn: false });
  assert.equal(XMLValidator.validate(xml), true);
  const testCase = (parser.parse(xml) as Parsed).testsuites.testsuite[0]!.testcase[0]!;
  assert.equal(testCase.name, 'ConfigMap a&b (yaml/syntax)');
  assert.equal(testCase.file, 'x<&>".yaml');
  assert.equal(testCase.failure?.message, 'found "<" & \'>\'\nat\tkey \uFFFD ]]>');
  assert.equal(testCase.failure?.['#text'], 'FAIL - x<&>".yaml:1:2 - found "<" & \'>\'\nat\tkey \uFFFD ]]>');
});
