// Live usage on a real control plane of this test's own (`npm run cluster -- up` in a fresh
// BERTH_CLUSTER_DIR; the shared cluster may predate metrics-server): metrics-server serves
// metrics.k8s.io from kwok's simulated kubelets, usage follows the pods' requests, the library
// aggregates it per pool and Application, and an HPA scales a Deployment up when the simulated
// usage rises (the pods' berth.dev/usage-percent annotation). Metrics cannot be watched: their
// arrival is polled with a deadline; the HPA's effect is watched.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pollUntil, readClusterUsage, readNodeMetrics, readPodMetrics, waitForList, type KubeClient, type KubeObject } from '../../kube';
import { ok } from '../../platform/result';
import { startOwnCluster, type OwnCluster } from '../helpers/ownCluster';
import { client, must } from '../helpers/kubeClient';
import { cli } from '../helpers/cliCommand';
import { runTop } from '../../cli/src/commands/top';

const NS = 'usage-test';
const APP = 'usage-web';
const MiB = 2 ** 20;

function deployment(usagePercent?: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: APP, namespace: NS, labels: { 'berth.dev/application': APP } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: APP } },
      template: {
        metadata: {
          labels: { app: APP, 'berth.dev/application': APP },
          annotations: usagePercent === undefined ? {} : { 'berth.dev/usage-percent': String(usagePercent) },
        },
        spec: { containers: [{ name: 'web', image: 'example.invalid/web:1', resources: { requests: { cpu: '200m', memory: '64Mi' } } }] },
      },
    },
  } as unknown as KubeObject;
}

async function apply(kube: KubeClient, path: string, object: KubeObject): Promise<void> {
  must(await kube.request({ method: 'PATCH', path, query: { fieldManager: 'berth-test', force: true }, body: object, contentType: 'application/apply-patch+yaml', operation: { verb: 'apply', resource: path } }));
}

describe('live usage (a cluster of the test\'s own, with metrics-server)', { timeout: 900_000 }, () => {
  let own: OwnCluster;
  let kube: KubeClient;

  before(async () => {
    own = await startOwnCluster();
    kube = await client(own.kubeconfigPath, NS);
    await apply(kube, `/api/v1/namespaces/${NS}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } as KubeObject);
  });

  after(async () => {
    await own?.dispose();
  });

  it('serves metrics.k8s.io for every node and for pods, at half their requests', async () => {
    await apply(kube, `/apis/apps/v1/namespaces/${NS}/deployments/${APP}`, deployment());
    // metrics-server scrapes every 15 s and needs two scrapes for a CPU rate.
    must(await pollUntil(async () => {
      const pods = await readPodMetrics(kube, NS);
      return ok(pods.ok && pods.value.some((p) => p.name.startsWith(`${APP}-`) && p.usage.memory > 0 && p.usage.cpu > 0));
    }, { timeoutMs: 180_000, intervalMs: 2_000, what: `metrics of the pods of ${APP}` }));

    const nodes = must(await readNodeMetrics(kube));
    assert.ok(nodes.length > 0, 'every simulated node has a sample');
    const usage = must(await readClusterUsage(kube, { namespace: NS }));
    const app = usage.applications.find((a) => a.application === APP);
    assert.ok(app, `Application ${APP} is aggregated from its pods' label`);
    assert.equal(app.requests.memory, 64 * MiB);
    // The default ClusterResourceUsage: half of each container's requests.
    assert.equal(app.usage.memory, 32 * MiB);
    assert.ok(Math.abs(app.usage.cpu - 0.1) < 0.02, `CPU near half of 200m: ${app.usage.cpu}`);
    const pod = usage.pods.find((p) => p.application === APP)!;
    const pool = usage.pools.find((p) => usage.nodes.some((n) => n.name === pod.node && n.pool === p.pool));
    assert.ok(pool, 'the pod\'s node belongs to a pool');
    assert.ok(pool.usage.memory >= 32 * MiB && pool.allocatable.memory > pool.usage.memory, 'the pool\'s usage includes the pod, below its allocatable');

    // berth top prints kubectl top's columns, in millicores and Mi.
    const pods = await cli(runTop, ['pods', '-n', NS], own.kubeconfigPath);
    assert.equal(pods.code, 0, pods.err);
    const [header, ...lines] = pods.out.trimEnd().split('\n');
    assert.deepEqual(header?.split(/\s+/), ['NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    const row = lines.find((l) => l.startsWith(`${APP}-`))?.split(/\s+/);
    assert.ok(row, `a row for the pod of ${APP}: ${pods.out}`);
    assert.ok(Math.abs(Number(row[1]!.replace(/m$/, '')) - 100) <= 20 && row[1]!.endsWith('m'), `CPU near 100m: ${row[1]}`);
    assert.equal(row[2], '32Mi');
    const nodesTop = await cli(runTop, ['nodes'], own.kubeconfigPath);
    assert.equal(nodesTop.code, 0, nodesTop.err);
    assert.deepEqual(nodesTop.out.split('\n')[0]?.split(/\s+/), ['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
    assert.ok(nodesTop.out.includes(pod.node!), `the pod's node ${pod.node} is listed`);
  });

  it('an HPA scales the Deployment up when the simulated usage rises', async () => {
    await apply(kube, `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers/${APP}`, {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: APP, namespace: NS },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: APP },
        minReplicas: 1,
        maxReplicas: 4,
        // Memory, not CPU: the HPA discounts CPU samples of pods started within the last minutes.
        metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } }],
      },
    } as unknown as KubeObject);
    // At 50% of requests the HPA measures and keeps one replica.
    must(await waitForList<KubeObject>(kube, `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers`, {}, (items) => {
      const status = (items[0] as { status?: { currentMetrics?: { resource?: { current?: { averageUtilization?: number } } }[]; desiredReplicas?: number } } | undefined)?.status;
      return status?.currentMetrics?.[0]?.resource?.current?.averageUtilization === 50 && status.desiredReplicas === 1;
    }, { timeoutMs: 180_000, what: 'the HPA to measure 50% memory and want 1 replica' }));

    // Usage at 200% of requests: the HPA wants ceil(1 × 200 / 80) = 3 replicas.
    await apply(kube, `/apis/apps/v1/namespaces/${NS}/deployments/${APP}`, deployment(200));
    const scaled = must(await waitForList<KubeObject>(kube, `/apis/apps/v1/namespaces/${NS}/deployments`, {}, (items) => {
      const d = items.find((i) => i.metadata.name === APP) as { spec?: { replicas?: number } } | undefined;
      return (d?.spec?.replicas ?? 0) > 1;
    }, { timeoutMs: 240_000, what: `the HPA to scale ${APP} above 1 replica` }));
    const replicas = (scaled.find((i) => i.metadata.name === APP) as { spec?: { replicas?: number } }).spec?.replicas;
    assert.ok(replicas !== undefined && replicas >= 2 && replicas <= 4, `scaled to ${replicas}`);
  });
});
