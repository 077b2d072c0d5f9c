import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSchemaPass } from '../../src/schema/pass.js';
import { ConfigError } from '../../src/model/errors.js';
import { DiskCache, sha256 } from '../../src/cache/disk-cache.js';
import { CRDS_DIR, check, defaults, parse, testStore } from './helpers.js';
import { tempDir } from '../helpers/temp.js';

const widgetCrd = (schema: string, scope = 'Namespaced') => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: ${scope}
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
${schema}---
`;

const widgetSchema = `          type: object
          properties:
            spec:
              type: object
              required: [size]
              properties:
                size: {type: string, enum: [small, large]}
                replicas: {type: integer, minimum: 1}
                port: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}]}
                extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
`;

test('a CRD in the tree validates its custom resources: enum, required, int-or-string, strict', () => {
  const text = `${widgetCrd(widgetSchema)}apiVersion: example.com/v1
kind: Widget
metadata: {name: ok, namespace: n}
spec: {size: small, port: http, extra: {anything: [1, 2]}}
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: bad
  namespace: n
  lables: {}
spec:
  size: medium
  replicas: 0
  port: true
  colour: red
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: empty}
spec: {}
`;
  assert.deepEqual(check(text), [
    'error 36:3 Widget n/bad: metadata.lables: unknown field',
    'error 38:3 Widget n/bad: spec.size: must be one of "small", "large", got "medium"',
    'error 39:3 Widget n/bad: spec.replicas: must be >= 1, got 0',
    'error 40:3 Widget n/bad: spec.port: expected integer or string, got boolean',
    'error 41:3 Widget n/bad: spec.colour: unknown field',
    'error 46:1 Widget empty: spec: missing required field "size"',
  ]);
});

test('an anyOf the API server would reject is one message, not one per branch', () => {
  const schema = `          type: object
          properties:
            spec:
              type: object
              properties:
                target:
                  anyOf:
                    - {type: object, required: [name], properties: {name: {type: string}}}
                    - {type: object, required: [selector], properties: {selector: {type: string}}}
`;
  const text = `${widgetCrd(schema)}apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  target: {name: 3}\n`;
  assert.deepEqual(check(text), ['error 29:12 Widget w: spec.target.name: expected string, got integer']);
});

test('a malformed CRD is a finding on the CRD, and its resources say why they cannot be checked', () => {
  const text = `${widgetCrd('          type: object\n          properties:\n            spec: {type: object, required: 7}\n')}apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n`;
  const lines = check(text, {}, 'crd.yaml');
  assert.deepEqual(lines, [
    'error 14:9 CustomResourceDefinition widgets.example.com: spec.versions[0].schema.openAPIV3Schema: invalid schema: properties/spec/required must be array',
    'error 17:34 CustomResourceDefinition widgets.example.com: spec.versions[0].schema.openAPIV3Schema.properties.spec.required: expected array, got integer',
    'error 19:1 the schema for example.com/v1 Widget in CustomResourceDefinition widgets.example.com (crd.yaml) is invalid',
  ]);
  const noNames = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: broken}\nspec: {group: example.com}\n';
  assert.deepEqual(check(noNames), [
    'error 4:1 CustomResourceDefinition broken: spec: missing required field "names"',
    'error 4:1 CustomResourceDefinition broken: spec: missing required field "scope"',
    'error 4:1 CustomResourceDefinition broken: spec: missing required field "versions"',
  ]);
});

test("a CRD whose validator is cached is not loaded only to learn that its schema compiles; its resources load it", () => {
  const cache = new DiskCache(tempDir('gitops-check-cache-'), 'test');
  const crd = widgetCrd(widgetSchema);
  assert.deepEqual(check(crd, { cache }), []);
  const dir = join(cache.dir, 'validators');
  const widget = readdirSync(dir).map((name) => join(dir, name)).find((file) => readFileSync(file, 'utf8').includes('"large"'))!;
  // A body that does not load: an entry that was loaded would be rebuilt.
  writeFileSync(widget, `gitops-check cache 1 sha256=${sha256('throw 1')}\nthrow 1`);
  assert.deepEqual(check(crd, { cache }), []);
  assert.equal(readFileSync(widget, 'utf8').includes('throw 1'), true, 'the CRD alone does not load its validator');
  const resource = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: n}\nspec: {size: medium}\n';
  assert.deepEqual(check(`${crd}${resource}`, { cache }), ['error 29:8 Widget n/w: spec.size: must be one of "small", "large", got "medium"']);
  assert.equal(readFileSync(widget, 'utf8').includes('throw 1'), false, 'its resources do, and rebuild it');
  const broken = widgetCrd('          type: object\n          properties:\n            spec: {type: object, required: 7}\n');
  assert.deepEqual(check(broken, { cache }), check(broken));
});

test('--schema-location with a bare directory reads the CRDs-catalog layout (../shared/k8s-openapi/crds)', () => {
  const text = `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: podinfo, namespace: flux-system}
spec:
  interval: 5m
  url: https://github.com/stefanprodan/podinfo
  provider: gitlab
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: slow, namespace: flux-system}
spec: {interval: 1 hour, url: https://example.com/x}
`;
  assert.deepEqual(check(text, { schemaLocations: [CRDS_DIR] }), [
    'error 7:3 GitRepository flux-system/podinfo: spec.provider: must be one of "generic", "aws", "azure", "github", got "gitlab"',
    'error 12:8 GitRepository flux-system/slow: spec.interval: "1 hour" does not match ^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$',
  ]);
  assert.deepEqual(check(text.split('---')[0]!, { schemaLocations: [] }), ['error 1:1 no schema for source.toolkit.fluxcd.io/v1 GitRepository (Kubernetes 1.36.0)']);
});

test('--schema-location templates use kubeconform variables; the built-in store still wins', () => {
  const dir = tempDir('gitops-check-loc-');
  mkdirSync(join(dir, 'v1.30.1-standalone-strict'));
  writeFileSync(join(dir, 'v1.30.1-standalone-strict', 'widget-example-v1.json'), JSON.stringify({ type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } }, additionalProperties: false } } }));
  writeFileSync(join(dir, 'v1.30.1-standalone-strict', 'configmap-v1.json'), '{"type": "object", "properties": {"data": {"type": "integer"}}}');
  const template = `${dir}/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json`;
  const text = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: big}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n';
  assert.deepEqual(check(text, { schemaLocations: [template], kubernetesVersion: '1.30' }), ['error 4:8 Widget w: spec.size: expected integer, got string']);
  // A bare directory also finds kubeconform's own layout.
  assert.deepEqual(check(text, { schemaLocations: [dir], kubernetesVersion: '1.30' }), ['error 4:8 Widget w: spec.size: expected integer, got string']);
});

test('a schema location that does not exist or holds garbage is a ConfigError with one line', () => {
  const docs = parse('apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n');
  const create = (location: string) => createSchemaPass({ ...defaults, storeDir: testStore(), schemaLocations: [location] }, docs);
  assert.throws(() => create('/nonexistent/schemas'), (e: unknown) => e instanceof ConfigError && e.message === 'schema location /nonexistent/schemas does not exist');
  assert.throws(() => create('/nonexistent/{{ .Group }}/x.json'), (e: unknown) => e instanceof ConfigError && e.message === 'schema location /nonexistent/{{ .Group }}/x.json does not exist');
  assert.throws(() => create('/tmp/{{ .Colour }}.json'), (e: unknown) => e instanceof ConfigError && e.message === 'schema location /tmp/{{ .Colour }}.json: unknown template variable .Colour');
  const dir = tempDir('gitops-check-garbage-');
  mkdirSync(join(dir, 'example.com'));
  writeFileSync(join(dir, 'example.com', 'widget_v1.json'), '<html>not json</html>');
  const pass = create(dir);
  assert.throws(() => pass.check(docs[0]!), (e: unknown) => e instanceof ConfigError && e.message.startsWith(`schema location ${dir}/example.com/widget_v1.json is not JSON (`) && !e.message.includes('\n'));
});

test('a kind or apiVersion with path characters never reaches the file system or a URL', () => {
  const dir = tempDir('gitops-check-escape-');
  mkdirSync(join(dir, 'example.com'));
  writeFileSync(join(dir, 'secret.json'), '{"type": "object"}');
  writeFileSync(join(dir, 'example.com', '.._v1.json'), '{"type": "object"}');
  const text = 'apiVersion: example.com/v1\nkind: ../../secret\nmetadata: {name: a}\n---\napiVersion: ../v1\nkind: Secret\nmetadata: {name: b}\n---\napiVersion: example.com/v1\nkind: ..\nmetadata: {name: c}\n';
  assert.deepEqual(check(text, { schemaLocations: [dir, `${dir}/{{ .ResourceKind }}.json`] }), [
    'error 1:1 no schema for example.com/v1 ../../secret (Kubernetes 1.36.0)',
    'error 5:1 no schema for ../v1 Secret (Kubernetes 1.36.0)',
    'error 9:1 no schema for example.com/v1 .. (Kubernetes 1.36.0)',
  ]);
});

test('an https/http schema location is downloaded by prefetch, cached atomically, and read from the cache', async () => {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url!);
    if (request.url === '/example.com/widget_v1.json') {
      response.end(JSON.stringify({ type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'string' } }, additionalProperties: false } } }));
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  try {
    const port = (server.address() as { port: number }).port;
    const cacheDir = tempDir('gitops-check-cache-');
    const docs = parse('apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 1}\n---\napiVersion: other.io/v1\nkind: Gadget\nmetadata: {name: g}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
    const options = { ...defaults, storeDir: testStore(), cacheDir, schemaLocations: [`http://127.0.0.1:${port}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`] };
    const first = createSchemaPass(options, docs);
    await first.prefetch();
    assert.deepEqual(requests.sort(), ['/example.com/widget_v1.json', '/other.io/gadget_v1.json']);
    const messages = (pass: typeof first) => docs.flatMap((d) => pass.check(d).findings.map((f) => `${f.line}:${f.column} ${f.message}`));
    assert.deepEqual(messages(first), ['4:8 Widget w: spec.size: expected string, got integer', '6:1 no schema for other.io/v1 Gadget (Kubernetes 1.36.0)']);
    assert.equal(readdirSync(cacheDir).filter((f) => f.includes('.tmp-')).length, 0);
    const second = createSchemaPass(options, docs);
    await second.prefetch();
    assert.equal(requests.length, 2, 'the second run is served from the cache, 404s included');
    assert.deepEqual(messages(second), messages(first));
    await new Promise((done) => {
      server.close(done);
      server.closeAllConnections();
    });
    const offline = createSchemaPass({ ...options, cacheDir: tempDir('gitops-check-cache-') }, docs);
    await assert.rejects(offline.prefetch(), (e: unknown) => e instanceof ConfigError && /^schema location http:\/\/127\.0\.0\.1:\d+\/\S+ cannot be downloaded \((connect ECONNREFUSED 127\.0\.0\.1:\d+|other side closed)\)$/.test(e.message));
  } finally {
    server.close();
  }
});

test('an embedded resource always allows apiVersion/kind/metadata and checks metadata as ObjectMeta', () => {
  const schema = `          type: object
          properties:
            spec:
              type: object
              properties:
                template:
                  type: object
                  x-kubernetes-embedded-resource: true
                  x-kubernetes-preserve-unknown-fields: true
`;
  const text = `${widgetCrd(schema)}apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec:
  template:
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: inner, labelz: {}}
    data: {anything: goes}
`;
  assert.deepEqual(check(text), ['error 32:29 Widget w: spec.template.metadata.labelz: unknown field']);
});

test('CRD patterns are Go regular expressions: the (?i) flag group works', () => {
  const schema = `          type: object
          properties:
            spec:
              type: object
              properties:
                strategy: {type: string, pattern: '^(?i)(abort|warn)?$'}
`;
  const resource = (value: string) => `${widgetCrd(schema)}apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {strategy: ${value}}\n`;
  assert.deepEqual(check(resource('WARN')), []);
  assert.deepEqual(check(resource('skip')), ['error 25:8 Widget w: spec.strategy: "skip" does not match ^(?i)(abort|warn)?$']);
});
