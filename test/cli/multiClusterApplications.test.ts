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

test('berth deploy: each cluster of a multi-cluster Application is resolved on its own and every failure is named', () => {
  // A kubeconfig with neither cluster's context: nothing can be sent, and each cluster says why.
  const kubeconfig = 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: other, context: {cluster: c, user: u}}]\ncurrent-context: other\n';
  const dir = workspace({ 'platform.yaml': `${CLUSTERS}---\n${POOL}`, 'apps/web.yaml': APP, kubeconfig });
  const env = { ...process.env, KUBECONFIG: `${dir}/kubeconfig` };
  const text = berth(['deploy', `${dir}/apps/web.yaml`, `${dir}/platform.yaml`], { env });
  assert.equal(text.status, 1, text.stdout + text.stderr);
  assert.doesNotMatch(text.stdout, /context "other"/, 'nothing goes to the current context when every object belongs to a listed cluster');
  for (const name of ['east', 'west']) {
    assert.match(text.stderr, new RegExp(`berth: cluster ${name}: nothing more was deployed there: Cluster ${name}: Context "kwok-${name}" is not in .*Create it with \`berth cluster up\``));
    assert.match(text.stdout, new RegExp(`^${name} +kwok-${name} +failed: `, 'm'));
  }

  const json = berth(['deploy', `${dir}/apps/web.yaml`, `${dir}/platform.yaml`, '--output', 'json'], { env });
  assert.equal(json.status, 1);
  const report = JSON.parse(json.stdout) as { clusters: { cluster: string; context: string; error?: string; results: unknown[] }[] };
  assert.deepEqual(report.clusters.map((c) => [c.cluster, c.context, c.results.length, /Context "kwok-\w+" is not in/.test(c.error ?? '')]), [
    ['east', 'kwok-east', 0, true],
    ['west', 'kwok-west', 0, true],
  ]);
});

test('berth switch --file: runs in each listed cluster, names each one it cannot reach, and refuses a cluster the Application does not list', () => {
  const kubeconfig = 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n';
  const dir = workspace({ 'platform.yaml': `${CLUSTERS}---\n${POOL}`, 'apps/web.yaml': APP, kubeconfig });
  const env = { ...process.env, KUBECONFIG: `${dir}/kubeconfig` };
  const files = ['--file', `${dir}/apps/web.yaml`, '--file', `${dir}/platform.yaml`];
  const all = berth(['switch', 'web', ...files], { env });
  assert.equal(all.status, 1, all.stdout + all.stderr);
  assert.match(all.stdout, /# cluster east \(context "kwok-east"\)\n# cluster west \(context "kwok-west"\)\nfailed in 2 of 2 clusters: east, west\n/);
  assert.match(all.stderr, /berth: Cluster east: Context "kwok-east" is not in/);
  const unlisted = berth(['switch', 'web', ...files, '--cluster', 'north'], { env });
  assert.equal(unlisted.status, 2);
  assert.match(unlisted.stderr, /Application web does not list cluster "north" \(it lists east, west\)/);
  const noFile = berth(['promote', 'web', '--cluster', 'east'], { env });
  assert.equal(noFile.status, 2);
  assert.match(noFile.stderr, /--cluster needs --file/);
});
