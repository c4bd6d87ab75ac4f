import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { berth, workspace } from '../helpers/cli';

const CLUSTERS = ['east', 'west'].map((name) => `apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata: {name: ${name}}\nspec: {type: managed, provider: kwok}\n`).join('---\n');
const POOL = 'apiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata: {name: edge}\nspec:\n  cluster: west\n  instanceType: ecs.g7.large\n  scaling: {min: 1, max: 3, desired: 2}\n';
const APP = [
  'apiVersion: berth.dev/v1alpha1',
  'kind: Application',
  'metadata: {name: web, namespace: shop}',
  'spec:',
  '  clusters: [east, west]',
  '  image: nginx:1.27',
  '  replicas: 6',
  '  ports: [{name: http, port: 80}]',
  '  distribution:',
  '    replicas: divided',
  '    weights: {east: 2, west: 1}',
  '  overrides:',
  '    - cluster: west',
  '      replicas: 1',
  '      placement: {nodePool: edge}',
  '',
].join('\n');

test('berth validate: a multi-cluster Application beside its two Clusters is clean', () => {
  const dir = workspace({ 'platform.yaml': `${CLUSTERS}---\n${POOL}`, 'apps/web.yaml': APP });
  const result = berth(['validate', dir]);
  assert.equal(result.status, 0, result.stdout);
  assert.match(result.stdout, /2 files, 4 documents: 0 errors, 0 warnings/);
});

test("berth render: each cluster's objects under a # Cluster comment, with their replica share", () => {
  const dir = workspace({ 'platform.yaml': `${CLUSTERS}---\n${POOL}`, 'apps/web.yaml': APP });
  const result = berth(['render', dir]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  assert.deepEqual(result.stdout.split('\n').filter((line) => line.startsWith('# Cluster:')), ['# Cluster: east', '# Cluster: west']);
  // The kwok pool's simulated Nodes are rendered too; they are no Application's.
  const objects = parseAllDocuments(result.stdout)
    .map((d) => d.toJS() as { kind: string; metadata: { annotations: Record<string, string> }; spec?: { replicas?: number } })
    .filter((o) => o.kind !== 'Node');
  assert.deepEqual(
    objects.map((o) => `${o.metadata.annotations['berth.dev/cluster']} ${o.kind}${o.spec?.replicas !== undefined ? ` ${o.spec.replicas}` : ''}`),
    ['east Deployment 4', 'east Service', 'west Deployment 1', 'west Service'],
  );
});
