// the cluster library (kube/) against the real local control plane (kube-apiserver built from source + kwok
// nodes): deploy a sample Application, scale it, read logs, scale a node pool, and a dead server.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import {
  applyObjects,
  labelForApplication,
  listPoolNodes,
  openCluster,
  podLogs,
  rolloutStatus,
  scaleKwokPool,
  scaleWorkload,
  type KubeClient,
  type KubeObject,
} from '../../kube';
import type { NodePool } from '../../platform/model';
import { renderManifests } from '../../platform/render';
import { configuredLogLines, useLocalCluster, waitForObjects } from '../helpers/cluster';
import { repoRoot } from '../helpers/repo';

const root = repoRoot();
const catalog = (JSON.parse(readFileSync(join(root, 'schemas/platform/instance-catalog.json'), 'utf8')) as { instanceTypes: never[] }).instanceTypes;

function docs(file: string): unknown[] {
  return parseAllDocuments(readFileSync(join(root, file), 'utf8')).map((d) => d.toJS() as unknown);
}

async function client(kubeconfigPath: string, namespace: string): Promise<KubeClient> {
  const c = await openCluster({ kubeconfigEnv: kubeconfigPath, namespace });
  assert.ok(c.ok, c.ok ? '' : c.error.message);
  return c.value;
}

interface Pod extends KubeObject {
  spec: { nodeName?: string };
  status?: { phase?: string };
}

describe('cluster operations on the local cluster', () => {
  it('deploys the checkout Application: pods Running on the general pool; scale; logs; redeploy is unchanged', async (t) => {
    const cluster = await useLocalCluster(t);
    const kube = await client(cluster.kubeconfigPath, cluster.namespace);
    const manifests = [...docs('samples/apps/checkout.yaml'), ...docs('samples/platform/local-cluster.yaml')];
    const rendered = renderManifests(manifests, catalog, { namespace: cluster.namespace });
    const objects = rendered.objects.filter((o) => o.source.kind === 'Application').map((o) => labelForApplication(o.object as KubeObject, o.source.name));
    assert.ok(objects.length > 0, `rendered nothing: ${rendered.problems.join('; ')}`);

    const applied = await applyObjects(kube, objects);
    assert.ok(applied.ok, applied.ok ? '' : applied.error.message);
    const failed = applied.value.results.filter((r) => r.action === 'failed');
    assert.deepEqual(failed.map((r) => `${r.kind}/${r.name}: ${r.error?.message}`), []);
    assert.ok(applied.value.results.every((r) => r.action === 'created'));

    const deployments = objects.filter((o) => o.kind === 'Deployment') as KubeObject[];
    const replicas = deployments.reduce((n, d) => n + ((d as { spec?: { replicas?: number } }).spec?.replicas ?? 1), 0);
    const pods = await waitForObjects<Pod>(
      cluster.kubeConfig,
      `/api/v1/namespaces/${cluster.namespace}/pods`,
      {},
      (items) => items.length === replicas && items.every((p) => p.status?.phase === 'Running'),
      `${replicas} checkout pods Running`,
      90_000,
      (p) => `${p.metadata.name} ${p.status?.phase} on ${p.spec.nodeName ?? '-'}`,
    );
    // No placement: the scheduler keeps them off the tainted web pool, so they land on `general`.
    for (const pod of pods) assert.match(pod.spec.nodeName ?? '', /^general-/, `${pod.metadata.name} ran on ${pod.spec.nodeName}`);

    const again = await applyObjects(kube, objects);
    assert.ok(again.ok);
    assert.deepEqual([...new Set(again.value.results.map((r) => r.action))], ['unchanged']);

    const first = deployments[0]!;
    const scaled = await scaleWorkload(kube, { kind: 'Deployment', name: first.metadata.name! }, 3);
    assert.ok(scaled.ok, scaled.ok ? '' : scaled.error.message);
    const status = await rolloutStatus(kube, { kind: 'Deployment', name: first.metadata.name! }, { timeoutMs: 90_000 });
    assert.ok(status.ok, status.ok ? '' : status.error.message);
    assert.equal(status.value.available, 3);

    const logs = await podLogs(kube, pods[0]!.metadata.name!, { tailLines: 50 });
    assert.ok(logs.ok, logs.ok ? '' : logs.error.message);
    const expected = configuredLogLines();
    assert.ok(expected.some((line) => logs.value.includes(line)), `logs: ${logs.value.slice(0, 300)}`);

    const forbidden = await scaleWorkload(kube, { kind: 'Deployment', name: 'does-not-exist' }, 1);
    assert.ok(!forbidden.ok);
    assert.equal(forbidden.error.kind, 'notFound');
    assert.match(forbidden.error.message, new RegExp(`deployments/scale "does-not-exist" in namespace "${cluster.namespace}"`));
  });

  it('scales a kwok node pool up and down (drain, then delete)', async (t) => {
    const cluster = await useLocalCluster(t);
    const kube = await client(cluster.kubeconfigPath, cluster.namespace);
    // A pool of its own, so other tests' pods and the local cluster's pools are untouched.
    const pool: NodePool = {
      metadata: { name: `t${cluster.namespace.slice(-5)}` },
      spec: { instanceType: 'ecs.c7.large', labels: { tier: 'test' }, taints: [{ key: 'dedicated', value: 'test', effect: 'NoSchedule' }] },
    };
    t.after(async () => {
      await scaleKwokPool(kube, pool, 0, catalog, { timeoutMs: 60_000 });
    });
    const up = await scaleKwokPool(kube, pool, 2, catalog, { timeoutMs: 60_000 });
    assert.ok(up.ok, up.ok ? '' : up.error.message);
    assert.equal(up.value.nodes.length, 2);
    const nodes = await listPoolNodes(kube, pool.metadata.name);
    assert.ok(nodes.ok);
    const node = nodes.value[0] as KubeObject & { spec: { taints?: unknown[] }; status: { capacity: Record<string, string> } };
    assert.equal(node.metadata.labels?.['berth.dev/nodepool'], pool.metadata.name);
    assert.equal(node.metadata.labels?.tier, 'test');
    // The node lifecycle controller may add node.kubernetes.io/not-ready until kwok reports the node Ready.
    const poolTaints = (node.spec.taints ?? []).filter((t) => !String((t as { key?: unknown }).key).startsWith('node.kubernetes.io/'));
    assert.deepEqual(poolTaints, [{ key: 'dedicated', value: 'test', effect: 'NoSchedule' }]);
    assert.equal(node.status.capacity.cpu, '2');
    assert.equal(node.status.capacity.memory, '4Gi');

    // A pod on the pool's last node is evicted when the pool shrinks.
    const target = up.value.nodes[1]!;
    const created = await kube.request({
      method: 'POST',
      path: `/api/v1/namespaces/${cluster.namespace}/pods`,
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'victim' }, spec: { nodeName: target, tolerations: [{ key: 'dedicated', operator: 'Exists' }], containers: [{ name: 'c', image: 'busybox' }] } },
      operation: { verb: 'create', resource: 'pods', namespace: cluster.namespace },
    });
    assert.ok(created.ok, created.ok ? '' : created.error.message);
    const down = await scaleKwokPool(kube, pool, 1, catalog, { timeoutMs: 60_000 });
    assert.ok(down.ok, down.ok ? '' : down.error.message);
    assert.deepEqual(down.value.removed, [target]);
    const victim = await kube.request({ method: 'GET', path: `/api/v1/namespaces/${cluster.namespace}/pods/victim`, operation: { verb: 'get', resource: 'pods' } });
    assert.ok(!victim.ok || (victim.value.body as { metadata: { deletionTimestamp?: string } }).metadata.deletionTimestamp, 'the pod was evicted');
  });

  it('a kubeconfig pointing at a closed port gives a typed unreachable error quickly', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-kube-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'config');
    writeFileSync(file, 'apiVersion: v1\nkind: Config\ncurrent-context: dead\nclusters: [{name: dead, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: x}}]\ncontexts: [{name: dead, context: {cluster: dead, user: u}}]\n');
    const kube = await openCluster({ kubeconfigEnv: file });
    assert.ok(kube.ok);
    const started = Date.now();
    const r = await applyObjects(kube.value, [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }]);
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'unreachable');
    assert.ok(Date.now() - started < 5_000);
  });
});
