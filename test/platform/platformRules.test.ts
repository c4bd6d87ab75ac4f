import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { languageService, rangeText, settings, yamlDocument } from '../helpers/languageService';

const service = languageService();

function diagnose(text: string): { diagnostics: Diagnostic[]; at: (d: Diagnostic) => string } {
  const document = yamlDocument(text);
  return { diagnostics: service.diagnostics(document, settings()), at: (d) => rangeText(document, d.range) };
}

function one(text: string, code: string): { d: Diagnostic; at: string } {
  const { diagnostics, at } = diagnose(text);
  const found = diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(diagnostics.map((d) => [d.code, d.message]))}`);
  return { d: found[0]!, at: at(found[0]!) };
}

const cluster = (spec: string): string => `apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: dev\nspec:\n${spec}`;
const pool = (spec: string): string => `apiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata:\n  name: workers\nspec:\n  cluster: dev\n${spec}`;
const app = (spec: string): string => `apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: web\nspec:\n  cluster: dev\n${spec}`;

test('the examples of the contract are valid', () => {
  assert.deepEqual(diagnose(cluster('  type: managed\n  provider: kind\n  kubernetesVersion: "1.35"\n')).diagnostics, []);
  assert.deepEqual(diagnose(pool('  instanceType: ecs.g7.large\n  scaling: {min: 1, max: 10, desired: 3}\n')).diagnostics, []);
  assert.deepEqual(diagnose(app('  image: nginx:1.27\n  ports:\n    - {name: http, port: 80}\n  health:\n    readiness: {httpGet: {path: /healthz, port: http}}\n')).diagnostics, []);
});

test('controlPlane on a managed cluster is an error on the key', () => {
  const { d, at } = one(cluster('  type: managed\n  provider: kind\n  controlPlane:\n    nodes: 3\n'), 'control-plane-not-dedicated');
  assert.equal(at, 'controlPlane');
  assert.equal(d.severity, 1);
});

test('controlPlane.nodes other than 1, 3 or 5 is an error', () => {
  const { at } = one(cluster('  type: dedicated\n  provider: kind\n  controlPlane:\n    nodes: 2\n'), 'invalid-enum');
  assert.equal(at, '2');
});

test('registered block: required for provider registered, forbidden otherwise', () => {
  assert.equal(one(cluster('  type: managed\n  provider: registered\n'), 'registered-missing').at, 'registered');
  assert.equal(one(cluster('  type: managed\n  provider: kind\n  registered: {context: c}\n'), 'registered-forbidden').at, 'registered');
});

test('CIDRs must be valid and must not overlap', () => {
  assert.equal(one(cluster('  type: managed\n  provider: kind\n  network:\n    podCIDR: 10.244.0.0/33\n'), 'invalid-cidr').at, '10.244.0.0/33');
  const { d, at } = one(cluster('  type: managed\n  provider: kind\n  network:\n    podCIDR: 10.0.0.0/8\n    serviceCIDR: 10.96.0.0/16\n'), 'cidr-overlap');
  assert.equal(at, '10.96.0.0/16');
  assert.match(String(d.message), /overlaps podCIDR 10\.0\.0\.0\/8/);
});

test('terway locally is a warning; flannel on kind is information', () => {
  const terway = one(cluster('  type: managed\n  provider: kwok\n  network: {plugin: terway}\n'), 'plugin-not-local');
  assert.equal(terway.d.severity, 2);
  assert.match(String(terway.d.message), /kindnet is used/);
  assert.equal(one(cluster('  type: managed\n  provider: kind\n  network: {plugin: flannel}\n'), 'plugin-needs-cni-disabled').d.severity, 3);
});

test('an unsupported Kubernetes version is a warning naming the supported ones', () => {
  const { d, at } = one(cluster('  type: managed\n  provider: kind\n  kubernetesVersion: "1.20"\n'), 'unsupported-kubernetes-version');
  assert.equal(at, '"1.20"');
  assert.equal(d.severity, 2);
  assert.match(String(d.message), /1\.36/);
});

test('NodePool scaling must satisfy min <= desired <= max', () => {
  const { d, at } = one(pool('  instanceType: ecs.g7.large\n  scaling: {min: 3, max: 10, desired: 1}\n'), 'scaling-out-of-order');
  assert.equal(at, '1');
  assert.match(String(d.message), /at least scaling.min \(3\)/);
});

test('an unknown instanceType offers the closest catalog names', () => {
  const { d, at } = one(pool('  instanceType: ecs.g7.larg\n'), 'unknown-instance-type');
  assert.equal(at, 'ecs.g7.larg');
  assert.equal((d.data as { replacements: string[] }).replacements[0], 'ecs.g7.large');
});

test('Application rules: image tag, limits, health ports, expose host, canary', () => {
  assert.equal(one(app('  image: nginx:latest\n'), 'image-not-pinned').d.severity, 2);
  assert.equal(one(app('  image: nginx\n'), 'image-not-pinned').d.severity, 2);
  assert.deepEqual(diagnose(app('  image: registry.local:5000/nginx:1.27\n')).diagnostics, []);
  const limits = one(app('  image: nginx:1.27\n  resources: {cpu: "2", memory: 256Mi}\n  limits: {cpu: 500m, memory: 512Mi}\n'), 'limits-below-requests');
  assert.equal(limits.at, '500m');
  const port = one(app('  image: nginx:1.27\n  ports: [{name: http, port: 80}]\n  health:\n    liveness: {tcpSocket: {port: metrics}}\n'), 'unknown-health-port');
  assert.equal(port.at, 'metrics');
  assert.equal(one(app('  image: nginx:1.27\n  ports: [{name: http, port: 80}]\n  expose: {type: ClusterIP, host: web.local}\n'), 'host-without-ingress').at, 'host');
  assert.equal(one(app('  image: nginx:1.27\n  release: {strategy: rolling, canary: {weight: 10}}\n'), 'canary-without-strategy').at, 'canary');
  assert.equal(one(app('  image: nginx:1.27\n  replicas: 3\n  scaling: {min: 2, max: 4}\n'), 'replicas-ignored').d.severity, 2);
});

test('an unknown platform kind or version is an error', () => {
  assert.match(String(one('apiVersion: berth.dev/v1alpha1\nkind: Clustr\nmetadata: {name: a}\n', 'unknown-kind').d.message), /Did you mean Cluster/);
  assert.equal(one('apiVersion: berth.dev/v1\nkind: Cluster\nmetadata: {name: a}\n', 'unknown-api-version').at, 'berth.dev/v1');
});
