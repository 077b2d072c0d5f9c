import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeTree, runCli, SHARED } from '../helpers/cli.js';

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: autoscalers.example.com
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Autoscaler, plural: autoscalers, singular: autoscaler }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              x-kubernetes-validations:
                - rule: self.minReplicas <= self.maxReplicas
                  message: minReplicas must not exceed maxReplicas
                - rule: "!has(self.memory) || quantity(self.memory).isLessThan(quantity('8Gi'))"
                  messageExpression: "'memory ' + self.memory + ' is 8Gi or more'"
                  fieldPath: .memory
                - rule: self.minReplicas == oldSelf.minReplicas
                  message: immutable (a transition rule, only on update)
              properties:
                minReplicas: { type: integer }
                maxReplicas: { type: integer }
                memory: { type: string }
                targets:
                  type: array
                  items:
                    type: object
                    x-kubernetes-validations:
                      - rule: url(self.endpoint).getScheme() == 'https'
                    properties:
                      endpoint: { type: string }
`;

const resource = `apiVersion: example.com/v1
kind: Autoscaler
metadata:
  name: web
  namespace: apps
spec:
  minReplicas: 5
  maxReplicas: 2
  memory: 16Gi
  targets:
    - endpoint: https://metrics.example.com/web
    - endpoint: http://metrics.example.com/api
`;

test('x-kubernetes-validations of an in-tree CRD are evaluated on its custom resources, at the field', () => {
  const r = runCli(['-q', '.'], makeTree({ 'crd.yaml': crd, 'autoscaler.yaml': resource }));
  assert.equal(r.code, 1);
  assert.deepEqual(r.lines, [
    'FAIL - autoscaler.yaml:6:1 - Autoscaler apps/web: spec: minReplicas must not exceed maxReplicas (schema)',
    'FAIL - autoscaler.yaml:9:3 - Autoscaler apps/web: spec.memory: memory 16Gi is 8Gi or more (schema)',
    "FAIL - autoscaler.yaml:12:7 - Autoscaler apps/web: spec.targets[1]: failed rule: url(self.endpoint).getScheme() == 'https' (schema)",
  ]);
});

test('a rule that does not compile fails on the CRD at the rule, and one using an unsupported function is a warning there', () => {
  const broken = crd
    .replace('rule: self.minReplicas <= self.maxReplicas', 'rule: self.minReplicas <=')
    .replace("rule: url(self.endpoint).getScheme() == 'https'", "rule: cel.bind(u, url(self.endpoint), u.getScheme() == 'https')");
  const r = runCli(['-q', '.'], makeTree({ 'crd.yaml': broken, 'autoscaler.yaml': resource }));
  assert.deepEqual(r.lines, [
    'FAIL - autoscaler.yaml:9:3 - Autoscaler apps/web: spec.memory: memory 16Gi is 8Gi or more (schema)',
    'FAIL - crd.yaml:20:19 - CustomResourceDefinition autoscalers.example.com: spec.versions[0].schema.openAPIV3Schema.properties.spec.x-kubernetes-validations[0].rule: syntax error: 1:18: found < but expecting end of input (schema)',
    'WARN - crd.yaml:36:25 - CustomResourceDefinition autoscalers.example.com: spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.targets.items.x-kubernetes-validations[0].rule: uses cel.bind, which gitops-check does not support; not evaluated (schema)',
  ]);
});

const catalog = join(SHARED, 'k8s-openapi/crds');

test('x-kubernetes-validations of --schema-location schemas (Istio VirtualService from the CRD catalog)', { skip: !existsSync(catalog) && 'needs ../shared/k8s-openapi' }, () => {
  const virtualService = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: web
  namespace: apps
spec:
  hosts: [web]
  http:
    - timeout: 0s
      route:
        - destination: { host: web }
`;
  const r = runCli(['-q', '--schema-location', catalog, 'vs.yaml'], makeTree({ 'vs.yaml': virtualService }));
  assert.equal(r.code, 1);
  assert.deepEqual(r.lines, ['FAIL - vs.yaml:9:7 - VirtualService apps/web: spec.http[0].timeout: must be a valid duration greater than 1ms (schema)']);
});
