/**
 * 10,000 pods in 1,000 namespaces for the list-and-watch benchmark, made quickly with concurrent
 * API requests. Pods are pinned (nodeName) to simulated nodes made for the bench with room for
 * 1,100 pods each, so the scheduler is not involved and kwok marks them Running at once. Each
 * namespace's default ServiceAccount is created by the bench instead of awaited from the
 * controller-manager (which, at its default 20 requests/s, would take most of a minute for
 * 1,000 namespaces); the controller's own attempt then finds it there.
 */
import { collectionPath, objectPath, staticResource, watchCache, type KubeClient, type KubeObject } from '../../kube';
import type { InstanceType, NodePool } from '../../platform/model';
import { renderKwokNode } from '../../platform/render';
import { mapConcurrently } from './concurrency';
import { createIn, listNames, must } from './kubeCalls';

export const BENCH_LABEL = 'berth.dev/bench';
export const PODS_LABEL_VALUE = 'pods';
export const NODE_LABEL_VALUE = 'nodes';

export interface FleetSpec {
  readonly runId: string;
  readonly namespaces: number;
  readonly podsPerNamespace: number;
  readonly nodes: number;
  readonly podsPerNode: number;
  readonly concurrency: number;
  /** False: return once the pods are created, not once kwok has marked them all Running. */
  readonly awaitRunning?: boolean;
}

export interface FleetTimes {
  readonly nodesReadyMs: number;
  readonly createdMs: number;
  readonly runningMs: number;
  readonly pods: number;
  readonly namespaces: readonly string[];
}

/** The bench's nodes are a node pool of their own, drawn by the same renderer as every kwok node. */
const BENCH_POOL: NodePool = { metadata: { name: 'bench-node' }, spec: { instanceType: 'bench', labels: { [BENCH_LABEL]: NODE_LABEL_VALUE } } };

export function benchNodeNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${BENCH_POOL.metadata.name}-${i + 1}`);
}

/** Node `ordinal` (from 1) of the bench pool, with room for `pods` pods and far more cpu and memory than they ask for. */
function benchNode(ordinal: number, pods: number): KubeObject {
  const type: InstanceType = { name: 'bench', cpu: 1000, memory: '4Ti', gpu: 0, pods, description: 'room for the bench fleet' };
  return renderKwokNode(BENCH_POOL, ordinal, [type]) as unknown as KubeObject;
}

function podManifest(namespace: string, index: number, node: string): KubeObject {
  const app = `web-${index % 3}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${app}-${String(index).padStart(3, '0')}`, namespace, labels: { app, [BENCH_LABEL]: PODS_LABEL_VALUE, 'app.kubernetes.io/part-of': 'bench-fleet' } },
    spec: {
      nodeName: node,
      automountServiceAccountToken: false,
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          ports: [{ name: 'http', containerPort: 8080 }],
          env: [{ name: 'MODE', value: 'bench' }, { name: 'POD_INDEX', value: String(index) }],
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
        },
      ],
    },
  };
}

function isReady(node: KubeObject): boolean {
  const conditions = (node['status'] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

function phaseOf(pod: KubeObject): string | undefined {
  return (pod['status'] as { phase?: string } | undefined)?.phase;
}

/**
 * Waits, by watching, until `done` holds for the cache of `plural` matching `labelSelector`;
 * `progress` is called every 10 s. Rejects after `timeoutMs`, saying what it last saw.
 */
function watchUntil(client: KubeClient, resource: { apiVersion: string; plural: string; namespaced: boolean }, labelSelector: string, done: (items: Map<string, KubeObject>) => boolean, what: string, timeoutMs: number, progress?: (items: Map<string, KubeObject>) => string): Promise<void> {
  const items = new Map<string, KubeObject>();
  const key = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
  return new Promise((resolve, reject) => {
    let finished = false;
    const cache = watchCache(client, resource, { labelSelector }, (event) => {
      if (event.type === 'synced') {
        items.clear();
        for (const o of event.items) items.set(key(o), o);
      } else if (event.type === 'deleted') items.delete(key(event.object));
      else if (event.type !== 'error') items.set(key(event.object), event.object);
      if (!finished && event.type !== 'error' && done(items)) finish();
    });
    const ticker = progress ? setInterval(() => console.log(`    ${what}: ${progress(items)}`), 10_000) : undefined;
    const timer = setTimeout(() => finish(new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${what}; last seen: ${progress?.(items) ?? `${items.size} objects`}`)), timeoutMs);
    function finish(error?: Error) {
      finished = true;
      clearTimeout(timer);
      if (ticker) clearInterval(ticker);
      cache.dispose();
      if (error) reject(error);
      else resolve();
    }
  });
}

/** Creates the bench nodes (kept if they exist) and waits until kwok reports them Ready. */
export async function ensureBenchNodes(client: KubeClient, count: number, podsPerNode: number): Promise<void> {
  const names = benchNodeNames(count);
  await mapConcurrently(names, 8, (_name, i) => createIn(client, benchNode(i + 1, podsPerNode), collectionPath(staticResource('Node'), undefined)));
  await watchUntil(
    client,
    staticResource('Node'),
    `${BENCH_LABEL}=${NODE_LABEL_VALUE}`,
    (items) => names.every((n) => { const node = items.get(`/${n}`); return node !== undefined && isReady(node); }),
    `${count} bench nodes to be Ready`,
    120_000,
  );
}

/** Creates the namespaces and their pods, then waits until every pod is Running. */
export async function createFleet(client: KubeClient, spec: FleetSpec, say: (m: string) => void): Promise<FleetTimes> {
  const started = performance.now();
  const nodes = benchNodeNames(spec.nodes);
  await ensureBenchNodes(client, spec.nodes, spec.podsPerNode);
  const nodesReadyMs = performance.now() - started;
  const namespaces = Array.from({ length: spec.namespaces }, (_, i) => `bench-pods-${spec.runId}-${String(i).padStart(4, '0')}`);
  say(`  ${spec.nodes} bench nodes Ready after ${(nodesReadyMs / 1000).toFixed(1)} s; creating ${namespaces.length} namespaces × ${spec.podsPerNamespace} pods (${spec.concurrency} requests in flight)`);

  const createStarted = performance.now();
  let createdPods = 0;
  const ticker = setInterval(() => say(`    created ${createdPods} pods`), 10_000);
  try {
    await mapConcurrently(namespaces, Math.max(1, Math.floor(spec.concurrency / spec.podsPerNamespace)) || 1, async (namespace, n) => {
      await createIn(client, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { [BENCH_LABEL]: PODS_LABEL_VALUE } } }, collectionPath(staticResource('Namespace'), undefined));
      await createIn(client, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } }, collectionPath(staticResource('ServiceAccount'), namespace));
      const pods = Array.from({ length: spec.podsPerNamespace }, (_, i) => podManifest(namespace, i, nodes[(n * spec.podsPerNamespace + i) % nodes.length]!));
      await Promise.all(pods.map(async (pod) => {
        await createIn(client, pod, collectionPath(staticResource('Pod'), namespace));
        createdPods++;
      }));
    });
  } finally {
    clearInterval(ticker);
  }
  const createdMs = performance.now() - createStarted;
  const total = spec.namespaces * spec.podsPerNamespace;
  say(`  ${total} pods created in ${(createdMs / 1000).toFixed(1)} s (${Math.round(total / (createdMs / 1000))}/s)${spec.awaitRunning === false ? '' : '; waiting for kwok to mark them Running'}`);
  if (spec.awaitRunning === false) return { nodesReadyMs, createdMs, runningMs: performance.now() - started, pods: total, namespaces };

  await watchUntil(
    client,
    staticResource('Pod'),
    `${BENCH_LABEL}=${PODS_LABEL_VALUE}`,
    (items) => countRunning(items, spec.runId) >= total,
    `${total} bench pods to be Running`,
    15 * 60_000,
    (items) => `${countRunning(items, spec.runId)}/${total} Running`,
  );
  const runningMs = performance.now() - started;
  return { nodesReadyMs, createdMs, runningMs, pods: total, namespaces };
}

function countRunning(items: Map<string, KubeObject>, runId: string): number {
  let running = 0;
  for (const pod of items.values()) if (phaseOf(pod) === 'Running' && pod.metadata.namespace?.includes(`-${runId}-`)) running++;
  return running;
}

/**
 * Deletes the bench's namespaces (labelled berth.dev/bench) and, first, their pods with no grace
 * period, so the namespaces empty at once instead of waiting for kwok to acknowledge 10,000
 * graceful deletions; then the bench nodes. The namespace controller finishes the namespaces in
 * the background. Returns how many namespaces were deleted.
 */
export async function deleteBenchObjects(client: KubeClient, options: { nodes: boolean }): Promise<number> {
  const namespaces = (await listNames(client, collectionPath(staticResource('Namespace'), undefined), BENCH_LABEL)).filter((n) => !n.terminating).map((n) => n.name);
  await mapConcurrently(namespaces, 16, async (namespace) => {
    await must(client, { method: 'DELETE', path: collectionPath(staticResource('Pod'), namespace), query: { gracePeriodSeconds: 0 }, operation: { verb: 'deletecollection', resource: 'pods', namespace }, timeoutMs: 120_000 }, ['notFound']);
    await must(client, { method: 'DELETE', path: objectPath(staticResource('Namespace'), undefined, namespace), operation: { verb: 'delete', resource: 'namespaces', name: namespace } }, ['notFound', 'conflict']);
  });
  if (options.nodes) {
    const nodes = await listNames(client, collectionPath(staticResource('Node'), undefined), `${BENCH_LABEL}=${NODE_LABEL_VALUE}`);
    await mapConcurrently(nodes, 8, (n) => must(client, { method: 'DELETE', path: objectPath(staticResource('Node'), undefined, n.name), operation: { verb: 'delete', resource: 'nodes', name: n.name } }, ['notFound']));
  }
  return namespaces.length;
}
