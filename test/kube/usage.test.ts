// Live usage without a cluster: metrics.k8s.io lists parsed (quantities in every suffix the
// server uses), usage next to allocatable and requests per node, pool, pod and Application, and
// a cluster without metrics-server answered with a sentence that says so, against a stand-in server.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { describe, it, type TestContext } from 'node:test';
import {
  applicationUsage, formatCpuUsage, formatMemoryUsage, nodeUsage, parseNodeMetricsList, parsePodMetricsList, parseResources,
  podUsage, poolUsage, readClusterUsage, readNodeMetrics, type ObjectLike,
} from '../../kube';
import { fakeClient } from '../helpers/fakeApiServer';

const node = (name: string, pool: string | undefined, cpu: string, memory: string): ObjectLike => ({
  metadata: { name, labels: pool ? { 'berth.dev/nodepool': pool } : {} },
  status: { allocatable: { cpu, memory, pods: '110' } },
});

const pod = (name: string, nodeName: string, app: string | undefined, requests: Record<string, string>[], phase = 'Running'): ObjectLike => ({
  metadata: { name, namespace: 'shop', labels: app ? { 'berth.dev/application': app } : {} },
  spec: { nodeName, containers: requests.map((r, i) => ({ name: `c${i}`, resources: { requests: r } })) },
  status: { phase },
});

describe('metrics.k8s.io lists', () => {
  it('parses nanocores, millicores, whole cores and binary and decimal memory suffixes', () => {
    assert.deepEqual(parseResources({ cpu: '250000000n', memory: '64Mi' }), { cpu: 0.25, memory: 64 * 2 ** 20 });
    assert.deepEqual(parseResources({ cpu: '1500m', memory: '1G' }), { cpu: 1.5, memory: 1e9 });
    assert.deepEqual(parseResources({ cpu: '2', memory: '131072Ki' }), { cpu: 2, memory: 128 * 2 ** 20 });
    assert.deepEqual(parseResources({ cpu: '1e-3', memory: '1.5Gi' }), { cpu: 0.001, memory: 1.5 * 2 ** 30 });
  });

  it('counts malformed, negative or missing quantities as zero instead of failing', () => {
    assert.deepEqual(parseResources({ cpu: 'lots', memory: '-5Mi' }), { cpu: 0, memory: 0 });
    assert.deepEqual(parseResources(undefined), { cpu: 0, memory: 0 });
    assert.deepEqual(parseResources(['cpu']), { cpu: 0, memory: 0 });
  });

  it('sums a pod\'s containers and skips entries without a name', () => {
    const pods = parsePodMetricsList({
      items: [
        { metadata: { name: 'web-1', namespace: 'shop' }, timestamp: '2026-01-01T00:00:00Z', containers: [{ name: 'a', usage: { cpu: '100m', memory: '10Mi' } }, { name: 'b', usage: { cpu: '50000000n', memory: '6Mi' } }] },
        { metadata: { namespace: 'shop' }, containers: [] },
        'junk',
      ],
    });
    assert.equal(pods.length, 1);
    assert.equal(pods[0]!.usage.cpu.toFixed(3), '0.150');
    assert.equal(pods[0]!.usage.memory, 16 * 2 ** 20);
    assert.deepEqual(parseNodeMetricsList({ items: [{ metadata: { name: 'n1' }, usage: { cpu: '1', memory: '1Gi' } }, { usage: {} }] }).map((n) => n.name), ['n1']);
    assert.deepEqual(parseNodeMetricsList({ kind: 'Status' }), []);
  });
});

describe('aggregation', () => {
  const nodes = [node('general-1', 'general', '2', '4Gi'), node('general-2', 'general', '2', '4Gi'), node('gpu-1', 'gpu', '8', '32Gi'), node('lonely', undefined, '1', '1Gi')];
  const pods = [
    pod('web-1', 'general-1', 'web', [{ cpu: '500m', memory: '256Mi' }, { cpu: '100m' }]),
    pod('web-2', 'general-2', 'web', [{ cpu: '500m', memory: '256Mi' }]),
    pod('job-1', 'general-1', 'batch', [{ cpu: '1', memory: '1Gi' }], 'Succeeded'),
    pod('loose', 'gpu-1', undefined, [{ cpu: '1' }]),
  ];
  const podMetrics = parsePodMetricsList({
    items: [
      { metadata: { name: 'web-1', namespace: 'shop' }, containers: [{ usage: { cpu: '300m', memory: '128Mi' } }] },
      { metadata: { name: 'web-2', namespace: 'shop' }, containers: [{ usage: { cpu: '250m', memory: '128Mi' } }] },
    ],
  });
  const nodeMetrics = parseNodeMetricsList({
    items: [
      { metadata: { name: 'general-1' }, usage: { cpu: '300m', memory: '128Mi' } },
      { metadata: { name: 'general-2' }, usage: { cpu: '250m', memory: '128Mi' } },
      { metadata: { name: 'gpu-1' }, usage: { cpu: '0', memory: '0' } },
    ],
  });
  const podRows = podUsage(pods, podMetrics);
  const nodeRows = nodeUsage(nodes, nodeMetrics, podRows);

  it('gives each running pod its requests and sample; finished pods hold nothing', () => {
    assert.deepEqual(podRows.map((p) => p.name), ['web-1', 'web-2', 'loose']);
    assert.equal(podRows[0]!.requests.cpu.toFixed(3), '0.600');
    assert.equal(podRows[2]!.usage, undefined, 'no sample yet is not zero');
  });

  it('sums nodes into pools against allocatable and the requests placed on them', () => {
    assert.equal(nodeRows.find((n) => n.name === 'lonely')!.usage, undefined);
    const pools = poolUsage(nodeRows);
    assert.deepEqual(pools.map((p) => [p.pool, p.nodes]), [['general', 2], ['gpu', 1]]);
    const general = pools[0]!;
    assert.equal(general.usage.cpu.toFixed(3), '0.550');
    assert.equal(general.allocatable.cpu, 4);
    assert.equal(general.allocatable.memory, 8 * 2 ** 30);
    assert.equal(general.requests.cpu.toFixed(3), '1.100');
  });

  it('sums pods into Applications by their label', () => {
    const apps = applicationUsage(podRows);
    assert.deepEqual(apps.map((a) => [a.application, a.pods]), [['web', 2]]);
    assert.equal(apps[0]!.usage.cpu.toFixed(3), '0.550');
    assert.equal(apps[0]!.requests.memory, 512 * 2 ** 20);
  });

  it('words usage against its reference', () => {
    assert.equal(formatCpuUsage({ cpu: 0.55, memory: 0 }, { cpu: 4, memory: 0 }), '550m of 4 CPU (14%)');
    assert.equal(formatMemoryUsage({ cpu: 0, memory: 256 * 2 ** 20 }, { cpu: 0, memory: 8 * 2 ** 30 }), '256Mi of 8Gi (3%)');
    assert.equal(formatCpuUsage({ cpu: 0.123456789, memory: 0 }), '123m');
    assert.equal(formatCpuUsage(undefined, { cpu: 1, memory: 0 }), 'no sample');
  });
});

describe('reading from a server', () => {
  async function serve(t: TestContext, metrics: boolean): Promise<http.Server> {
    const server = http.createServer((req, res) => {
      const path = new URL(req.url!, 'http://x').pathname;
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (path === '/api/v1/nodes') return json(200, { items: [node('general-1', 'general', '2', '4Gi')] });
      if (path === '/api/v1/namespaces/shop/pods') return json(200, { items: [pod('web-1', 'general-1', 'web', [{ cpu: '200m', memory: '64Mi' }])] });
      if (metrics && path === '/apis/metrics.k8s.io/v1beta1/nodes') return json(200, { items: [{ metadata: { name: 'general-1' }, usage: { cpu: '100000000n', memory: '32Mi' } }] });
      if (metrics && path === '/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods') return json(200, { items: [{ metadata: { name: 'web-1', namespace: 'shop' }, containers: [{ usage: { cpu: '100m', memory: '32Mi' } }] }] });
      return json(404, { kind: 'Status', status: 'Failure', reason: 'NotFound', message: 'the server could not find the requested resource', code: 404 });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    t.after(() => server.close());
    return server;
  }

  it('reads nodes, pods and their metrics into one snapshot', async (t) => {
    const client = await fakeClient(t, await serve(t, true), 'shop');
    const usage = await readClusterUsage(client, { namespace: 'shop' });
    assert.ok(usage.ok, usage.ok ? '' : usage.error.message);
    assert.equal(usage.value.applications[0]!.application, 'web');
    assert.equal(formatCpuUsage(usage.value.applications[0]!.usage, usage.value.applications[0]!.requests), '100m of 200m CPU (50%)');
    assert.equal(formatCpuUsage(usage.value.pools[0]!.usage, usage.value.pools[0]!.allocatable), '100m of 2 CPU (5%)');
  });

  it('says that no metrics-server runs when metrics.k8s.io is not served', async (t) => {
    const client = await fakeClient(t, await serve(t, false), 'shop');
    const r = await readNodeMetrics(client);
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'notFound');
    assert.match(r.error.message, /does not serve metrics\.k8s\.io: no metrics-server/);
  });
});
