import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { KubernetesSchemaStore, type KubernetesKindLookup } from '../../platform/schema/kubernetes';
import { repoRoot } from '../helpers/repo';


const schemasDir = join(repoRoot(), 'schemas');

/** A reader over schemas/ that records which files it was asked for. */
function recordingStore(): { store: KubernetesSchemaStore; reads: string[] } {
  const reads: string[] = [];
  const store = new KubernetesSchemaStore((relativePath) => {
    reads.push(relativePath);
    const path = join(schemasDir, relativePath);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  });
  return { store, reads };
}

const { store } = recordingStore();
const ajv = new Ajv({ strict: false, allErrors: true });
const validators = new Map<string, ValidateFunction>();

function schemaHit(version: string, apiVersion: string, kind: string): Extract<KubernetesKindLookup, { status: 'schema' }> {
  const hit = store.lookup(version, apiVersion, kind);
  assert.equal(hit.status, 'schema', `${apiVersion} ${kind} in ${version}: ${JSON.stringify(hit)}`);
  return hit as Extract<KubernetesKindLookup, { status: 'schema' }>;
}

function validate(yamlText: string, version = '1.36'): ErrorObject[] {
  const doc = parse(yamlText) as { apiVersion: string; kind: string };
  const hit = schemaHit(version, doc.apiVersion, doc.kind);
  let validator = validators.get(hit.key);
  if (!validator) {
    validator = ajv.compile(hit.schema);
    validators.set(hit.key, validator);
  }
  return validator(doc) ? [] : [...(validator.errors ?? [])];
}

const deployment = (spec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
${spec}`;

const validSpec = `  replicas: 3
  selector:
    matchLabels: {app: web}
  strategy:
    rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - {name: http, containerPort: 8080}
          resources:
            requests: {cpu: 500m, memory: 128Mi}
            limits: {cpu: 1, memory: 1Gi}
          readinessProbe:
            httpGet: {path: /healthz, port: http}
          livenessProbe:
            tcpSocket: {port: 8080}
`;

test('the four bundled versions are listed, oldest first', () => {
  assert.deepEqual(store.versions(), ['1.33', '1.34', '1.35', '1.36']);
  assert.match(store.source('1.36') ?? '', /^k8s\.io\/kubernetes@v1\.36\.\d+$/);
  assert.equal(store.resolveVersion('v1.35.2'), '1.35');
  assert.equal(store.resolveVersion('1.31'), undefined);
  assert.equal(store.nearestVersion('1.31'), '1.33');
  assert.equal(store.nearestVersion('1.40'), '1.36');
  assert.throws(() => store.lookup('1.20', 'apps/v1', 'Deployment'), RangeError);
});

test('a cold apps/v1 Deployment lookup reads only the shards its definitions need', () => {
  const cold = recordingStore();
  const start = performance.now();
  const hit = cold.store.lookup('1.36', 'apps/v1', 'Deployment');
  const lookupMs = performance.now() - start;
  assert.equal(hit.status, 'schema');
  const compileStart = performance.now();
  new Ajv({ strict: false, allErrors: true }).compile((hit as { schema: object }).schema);
  const compileMs = performance.now() - compileStart;
  const again = performance.now();
  assert.equal(cold.store.lookup('1.36', 'apps/v1', 'Deployment'), hit, 'cached');
  const warmMs = performance.now() - again;
  console.log(
    `cold Deployment lookup ${lookupMs.toFixed(1)} ms (files: ${cold.reads.join(', ')}); ajv compile ${compileMs.toFixed(1)} ms; warm lookup ${warmMs.toFixed(3)} ms`,
  );
  assert.ok(cold.reads.includes('kubernetes/defs/io.k8s.api.apps.v1.json'));
  assert.ok(cold.reads.includes('kubernetes/defs/io.k8s.api.core.v1.json'));
  assert.ok(!cold.reads.some((f) => /v1\.3[345]\.json|io\.k8s\.api\.resource|admissionregistration|removed-apis/.test(f)), cold.reads.join(', '));
});

test('a valid Deployment passes; the key and description are set', () => {
  const hit = schemaHit('1.36', 'apps/v1', 'Deployment');
  assert.equal(hit.key, '1.36/apps/v1/Deployment');
  assert.match(hit.description, /Deployment/);
  assert.equal(hit.servedByDefault, true);
  assert.equal(hit.namespaced, true);
  assert.deepEqual(validate(deployment(validSpec)), []);
  for (const version of store.versions()) assert.deepEqual(validate(deployment(validSpec), version), [], version);
});

test('a wrong type is reported at its path', () => {
  const errors = validate(deployment(validSpec.replace('replicas: 3', 'replicas: "three"')));
  assert.ok(errors.some((e) => e.keyword === 'type' && e.instancePath === '/spec/replicas'), JSON.stringify(errors));
});

test('an unknown field is reported as additionalProperties (strict field validation)', () => {
  const errors = validate(deployment(validSpec.replace('replicas: 3', 'replicass: 3')));
  const unknown = errors.find((e) => e.keyword === 'additionalProperties');
  assert.ok(unknown, JSON.stringify(errors));
  assert.equal(unknown.instancePath, '/spec');
  assert.equal((unknown.params as { additionalProperty: string }).additionalProperty, 'replicass');
  const deep = validate(deployment(validSpec.replace('image: nginx:1.27', 'image: nginx:1.27\n          imagePullPolicyy: Always')));
  assert.ok(deep.some((e) => e.keyword === 'additionalProperties' && e.instancePath === '/spec/template/spec/containers/0'), JSON.stringify(deep));
});

test('int-or-string ports and quantities accept both forms and reject others', () => {
  const service = (targetPort: string) =>
    `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports:\n    - {port: 80, targetPort: ${targetPort}}\n`;
  assert.deepEqual(validate(service('http')), []);
  assert.deepEqual(validate(service('8080')), []);
  assert.ok(validate(service('{a: 1}')).length > 0);
  const pod = (cpu: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: busybox\n      resources: {requests: {cpu: ${cpu}, memory: 64Mi}}\n`;
  for (const cpu of ['500m', '1', '0.5', '"2"', '1e3']) assert.deepEqual(validate(pod(cpu)), [], cpu);
  const bad = validate(pod('500mb'));
  assert.ok(bad.some((e) => e.keyword === 'pattern' && e.instancePath === '/spec/containers/0/resources/requests/cpu'), JSON.stringify(bad));
});

test('free-form objects (preserve-unknown-fields, RawExtension, JSON) accept anything', () => {
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
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
              x-kubernetes-preserve-unknown-fields: true
              default: {anything: [1, two, {three: 3}]}
`;
  assert.deepEqual(validate(crd), []);
  const revision = `apiVersion: apps/v1\nkind: ControllerRevision\nmetadata: {name: r}\nrevision: 1\ndata:\n  spec: {template: {any: thing}}\n  whatever: [1, 2]\n`;
  assert.deepEqual(validate(revision), []);
});

test('the core group: Pod, Service, ConfigMap', () => {
  assert.deepEqual(validate('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: default}\ndata: {key: value}\n'), []);
  assert.deepEqual(validate('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: busybox}]\n'), []);
  assert.deepEqual(
    validate('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: ClusterIP\n  ports: [{port: 80, protocol: TCP}]\n'),
    [],
  );
  const missing = validate('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {}\n');
  assert.ok(missing.some((e) => e.keyword === 'required' && e.instancePath === '/spec'), JSON.stringify(missing));
  assert.equal(schemaHit('1.33', 'v1', 'Namespace').namespaced, false);
  const dryRun = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  creationTimestamp: null\n';
  assert.deepEqual(validate(dryRun), [], 'kubectl --dry-run output');
});

test('a removed apiVersion names its replacement', () => {
  for (const version of store.versions()) {
    const removed = store.lookup(version, 'extensions/v1beta1', 'Deployment');
    assert.equal(removed.status, 'removed');
    if (removed.status !== 'removed') return;
    assert.equal(removed.removedIn, '1.16');
    assert.deepEqual(removed.replacement, { apiVersion: 'apps/v1', kind: 'Deployment' });
    assert.match(removed.notes ?? '', /spec\.selector/);
  }
  const psp = store.lookup('1.36', 'policy/v1beta1', 'PodSecurityPolicy');
  assert.equal(psp.status, 'removed');
  assert.equal(psp.status === 'removed' ? psp.replacement : 'x', null);
  const cronJob = store.lookup('1.36', 'batch/v1beta1', 'CronJob');
  assert.deepEqual(cronJob.status === 'removed' && cronJob.replacement, { apiVersion: 'batch/v1', kind: 'CronJob' });
});

test('a removal within the bundled range is derived from the bundles', () => {
  assert.equal(store.lookup('1.33', 'resource.k8s.io/v1alpha3', 'ResourceClaim').status, 'schema');
  const gone = store.lookup('1.34', 'resource.k8s.io/v1alpha3', 'ResourceClaim');
  assert.equal(gone.status, 'removed', JSON.stringify(gone));
  if (gone.status !== 'removed') return;
  assert.equal(gone.removedIn, '1.34');
  assert.deepEqual(gone.replacement, { apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaim' });
});

test('beta and alpha versions are kept but flagged as not served by default', () => {
  const beta = schemaHit('1.36', 'resource.k8s.io/v1beta2', 'ResourceClaim');
  assert.equal(beta.servedByDefault, false);
  const unknown = store.lookup('1.36', 'resource.k8s.io/v9', 'ResourceClaim');
  assert.equal(unknown.status, 'unknown-api-version');
  if (unknown.status === 'unknown-api-version') assert.equal(unknown.servedVersions[0], 'resource.k8s.io/v1');
});

test('unknown kinds, unknown versions of built-in groups, and other groups', () => {
  const foo = store.lookup('1.36', 'apps/v1', 'Foo');
  assert.equal(foo.status, 'unknown-kind');
  if (foo.status === 'unknown-kind') assert.ok(foo.knownKinds.includes('Deployment') && foo.knownKinds.includes('StatefulSet'));
  assert.deepEqual(store.lookup('1.36', 'apps/v9', 'Deployment'), { status: 'unknown-api-version', servedVersions: ['apps/v1'] });
  assert.deepEqual(store.lookup('1.36', 'apps', 'Deployment'), { status: 'unknown-api-version', servedVersions: ['apps/v1'] });
  assert.deepEqual(store.lookup('1.36', 'v2', 'Pod'), { status: 'unknown-api-version', servedVersions: ['v1'] });
  assert.equal(store.lookup('1.36', 'v1', 'Deployment').status, 'unknown-kind');
  assert.deepEqual(store.lookup('1.36', 'example.com/v1', 'Widget'), { status: 'not-kubernetes' });
  assert.deepEqual(store.lookup('1.36', 'a/b/c', 'Widget'), { status: 'not-kubernetes' });
});

test('kinds() lists apiVersion/kind pairs for completion', () => {
  const kinds = store.kinds('1.36');
  const deploymentKind = kinds.find((k) => k.apiVersion === 'apps/v1' && k.kind === 'Deployment');
  assert.ok(deploymentKind);
  assert.equal(deploymentKind.namespaced, true);
  assert.ok(kinds.some((k) => k.apiVersion === 'v1' && k.kind === 'ConfigMap'));
  assert.ok(!kinds.some((k) => k.kind === 'DeploymentList'));
  assert.ok(!kinds.some((k) => k.apiVersion === 'extensions/v1beta1'));
  assert.equal(store.kinds('1.36'), kinds, 'cached');
});

test('every kind of every version compiles with plain ajv', { skip: !process.env.BERTH_SLOW_TESTS && 'set BERTH_SLOW_TESTS=1' }, () => {
  for (const version of store.versions()) {
    const local = new Ajv({ strict: false, allErrors: true });
    for (const { apiVersion, kind } of store.kinds(version)) local.compile(schemaHit(version, apiVersion, kind).schema);
  }
});
