import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { berth, workspace } from '../helpers/cli';

const POOL = 'apiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata: {name: web}\nspec:\n  cluster: prod\n  instanceType: ecs.g7.large\n  taints: [{key: dedicated, value: web, effect: NoSchedule}]\n';
const CLUSTER = 'apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata: {name: prod}\nspec: {type: managed, provider: registered, registered: {context: prod}}\n';
const APP = 'apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata: {name: shop}\nspec:\n  cluster: prod\n  image: nginx:1.27\n  ports: [{name: http, port: 80}]\n  placement: {nodePool: web}\n';
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n';

function kinds(yaml: string): string[] {
  return parseAllDocuments(yaml).map((d) => {
    const value = d.toJS() as { kind: string; metadata?: { name?: string }; name?: string };
    return `${value.kind}/${value.metadata?.name ?? value.name ?? ''}`;
  });
}

test('renders YAML from several files together: an Application finds its NodePool in another file', () => {
  const dir = workspace({ 'platform.yaml': `${CLUSTER}---\n${POOL}`, 'apps/shop.yaml': `${APP}---\n${CONFIG_MAP}` });
  const result = berth(['render', dir]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  assert.deepEqual(kinds(result.stdout), ['Deployment/shop', 'Service/shop']);
  assert.match(result.stdout, /tolerations:\n\s+- key: dedicated\n\s+operator: Equal\n\s+value: web/);
});

test('--output json prints a v1 List; --include-kubernetes passes plain manifests through', () => {
  const dir = workspace({ 'all.yaml': `${CLUSTER}---\n${POOL}---\n${APP}---\n${CONFIG_MAP}` });
  const result = berth(['render', join(dir, 'all.yaml'), '--output', 'json', '--include-kubernetes']);
  assert.equal(result.status, 0, result.stderr);
  const list = JSON.parse(result.stdout) as { apiVersion: string; kind: string; items: Array<{ kind: string }> };
  assert.equal(list.kind, 'List');
  assert.deepEqual(list.items.map((i) => i.kind), ['Deployment', 'Service', 'ConfigMap']);
});

test('exit 1 with the reason on stderr when a document cannot render, still printing the rest', () => {
  const dir = workspace({ 'apps.yaml': `${APP}---\napiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata: {name: broken}\nspec: {cluster: prod}\n` });
  const result = berth(['render', dir]);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /Application broken: spec.image is missing/);
  assert.match(result.stderr, /placement.nodePool "web" is not a NodePool of cluster "prod"/);
  assert.deepEqual(kinds(result.stdout), ['Deployment/shop', 'Service/shop']);
});

test('renders the kind cluster config of the staging sample', () => {
  const result = berth(['render', 'samples/platform/staging-cluster.yaml']);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^kind: Cluster\napiVersion: kind.x-k8s.io\/v1alpha4\nname: staging\n/);
});

test('usage errors exit 2: no paths, a bad --output, a missing file', () => {
  for (const args of [['render'], ['render', 'samples', '--output', 'toml'], ['render', 'no/such/file.yaml']]) {
    const result = berth(args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, /^berth: /);
  }
});

test('--help prints the usage', () => {
  const result = berth(['render', '--help']);
  assert.equal(result.status, 0);
  assert.match(result.stdout, /Usage: berth render/);
});
