/**
 * Node pools on kwok clusters: each pool is a set of simulated Node objects named <pool>-<n>,
 * carrying the instance type's capacity, the pool's labels, `berth.dev/nodepool` and its taints.
 * kwok takes over every Node annotated kwok.x-k8s.io/node=fake (marks it Ready, runs its pods).
 * Scaling down drains first: cordon, evict the pods, delete the Node.
 */
import { err, ok, type Result } from '../platform/result';
import type { KubeClient } from './client';
import { kubeError, type KubeError } from './errors';
import type { KubeObject } from './resources';
import { pollUntil, waitForList } from './wait';
import { renderKwokNode, RenderError } from '../platform/render';

export const NODEPOOL_LABEL = 'berth.dev/nodepool';

export interface InstanceType {
  readonly name: string;
  readonly cpu: number;
  readonly memory: string;
  readonly gpu?: number;
  readonly pods?: number;
}

/** The parts of a NodePool document that shape its nodes. */
export interface NodePoolSpec {
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly cluster?: string;
    readonly instanceType: string;
    /** autoscale: true lets desired follow pending pods between min and max (see autoscale.ts). */
    readonly scaling?: { readonly min?: number; readonly max?: number; readonly desired?: number; readonly autoscale?: boolean };
    readonly labels?: Record<string, string>;
    readonly taints?: readonly { key: string; value?: string; effect: string }[];
  };
}

/** One simulated Node of a pool (index from 1), as the renderer draws it. */
export function renderPoolNode(pool: NodePoolSpec, index: number, catalog: readonly InstanceType[]): Result<KubeObject, KubeError> {
  const full = catalog.map((t) => ({ description: '', gpu: 0, pods: 110, ...t }));
  try {
    return ok(renderKwokNode(pool, index, full) as unknown as KubeObject);
  } catch (error) {
    if (error instanceof RenderError) return err(kubeError('invalid', error.message));
    throw error;
  }
}

function isReady(node: KubeObject): boolean {
  const conditions = (node as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions;
  return conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

function indexOf(pool: string, node: KubeObject): number {
  const m = new RegExp(`^${pool.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`).exec(node.metadata.name ?? '');
  return m ? Number(m[1]) : 0;
}

export async function listPoolNodes(client: KubeClient, pool: string, options: { signal?: AbortSignal } = {}): Promise<Result<KubeObject[], KubeError>> {
  const r = await client.request<{ items: KubeObject[] }>({
    method: 'GET',
    path: '/api/v1/nodes',
    query: { labelSelector: `${NODEPOOL_LABEL}=${pool}` },
    operation: { verb: 'list', resource: 'nodes' },
    ...options,
  });
  return r.ok ? ok(r.value.body.items.sort((a, b) => indexOf(pool, a) - indexOf(pool, b))) : r;
}

export interface ScalePoolResult {
  readonly pool: string;
  readonly previous: number;
  readonly nodes: readonly string[];
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export interface ScalePoolOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly onProgress?: (line: string) => void;
}

/** Creates or drains and deletes simulated nodes until the pool has `to` Ready nodes. */
export async function scaleKwokPool(client: KubeClient, pool: NodePoolSpec, to: number, catalog: readonly InstanceType[], options: ScalePoolOptions = {}): Promise<Result<ScalePoolResult, KubeError>> {
  const name = pool.metadata.name;
  if (!Number.isInteger(to) || to < 0) return err(kubeError('invalid', `Node count must be a whole number >= 0, not ${to}.`));
  const { min, max } = pool.spec.scaling ?? {};
  if ((min !== undefined && to < min) || (max !== undefined && to > max)) {
    return err(kubeError('invalid', `NodePool ${name} allows ${min ?? 0} to ${max ?? 'any number of'} nodes (spec.scaling); ${to} is outside. Change min/max in the NodePool first.`));
  }
  const signal = options.signal ? { signal: options.signal } : {};
  const listed = await listPoolNodes(client, name, signal);
  if (!listed.ok) return listed;
  const existing = listed.value;
  const added: string[] = [];
  const removed: string[] = [];

  if (to > existing.length) {
    const used = new Set(existing.map((n) => indexOf(name, n)));
    for (let index = 1; existing.length + added.length < to; index++) {
      if (used.has(index)) continue;
      const node = renderPoolNode(pool, index, catalog);
      if (!node.ok) return node;
      const created = await client.request({ method: 'POST', path: '/api/v1/nodes', body: node.value, operation: { verb: 'create', resource: 'nodes', name: node.value.metadata.name! }, ...signal });
      if (!created.ok && created.error.kind !== 'conflict') return created;
      added.push(node.value.metadata.name!);
      options.onProgress?.(`created node ${node.value.metadata.name}`);
    }
  } else {
    for (const node of [...existing].reverse().slice(0, existing.length - to)) {
      const drained = await drainNode(client, node.metadata.name!, options);
      if (!drained.ok) return drained;
      removed.push(node.metadata.name!);
    }
  }

  const waited = await waitForList<KubeObject>(
    client,
    '/api/v1/nodes',
    { labelSelector: `${NODEPOOL_LABEL}=${name}` },
    (items) => items.length === to && items.every(isReady),
    {
      timeoutMs: options.timeoutMs ?? 120_000,
      what: `node pool ${name} to have ${to} Ready nodes`,
      describe: (items) => `${items.length} nodes (${items.filter(isReady).length} Ready)`,
      ...signal,
    },
  );
  // An empty pool sends no events: the list alone decides.
  if (!waited.ok && !(to === 0 && waited.error.kind === 'timeout')) return waited;
  return ok({
    pool: name,
    previous: existing.length,
    nodes: waited.ok ? waited.value.map((n) => n.metadata.name!).sort() : [],
    added,
    removed,
  });
}

/** Like `kubectl drain --ignore-daemonsets --delete-emptydir-data` followed by deleting the node. */
export async function drainNode(client: KubeClient, node: string, options: ScalePoolOptions = {}): Promise<Result<void, KubeError>> {
  const signal = options.signal ? { signal: options.signal } : {};
  const cordoned = await client.request({
    method: 'PATCH',
    path: `/api/v1/nodes/${encodeURIComponent(node)}`,
    contentType: 'application/merge-patch+json',
    body: { spec: { unschedulable: true } },
    operation: { verb: 'patch', resource: 'nodes', name: node },
    ...signal,
  });
  if (!cordoned.ok) return cordoned;
  options.onProgress?.(`cordoned node ${node}`);

  const evictable = async (): Promise<Result<KubeObject[], KubeError>> => {
    const pods = await client.request<{ items: KubeObject[] }>({
      method: 'GET',
      path: '/api/v1/pods',
      query: { fieldSelector: `spec.nodeName=${node}` },
      operation: { verb: 'list', resource: 'pods' },
      ...signal,
    });
    if (!pods.ok) return pods;
    const owned = (p: KubeObject) => ((p.metadata as { ownerReferences?: { kind: string }[] }).ownerReferences ?? []).some((o) => o.kind === 'DaemonSet');
    return ok(pods.value.body.items.filter((p) => !owned(p) && !(p as { metadata: { deletionTimestamp?: string } }).metadata.deletionTimestamp));
  };

  const drained = await pollUntil(
    async () => {
      const pods = await evictable();
      if (!pods.ok) return pods;
      if (pods.value.length === 0) return ok(true);
      for (const pod of pods.value) {
        const namespace = pod.metadata.namespace!;
        const name = pod.metadata.name!;
        const evicted = await client.request({
          method: 'POST',
          path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}/eviction`,
          body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } },
          operation: { verb: 'create', resource: 'pods/eviction', namespace, name },
          ...signal,
        });
        // 429: a PodDisruptionBudget holds it for now; try again on the next round.
        if (!evicted.ok && evicted.error.status !== 429 && evicted.error.kind !== 'notFound') return evicted;
        if (evicted.ok) options.onProgress?.(`evicted pod ${namespace}/${name}`);
      }
      return ok(false);
    },
    { timeoutMs: options.timeoutMs ?? 120_000, intervalMs: 500, what: `the pods on node ${node} to be evicted`, ...signal },
  );
  if (!drained.ok) return drained;

  const deleted = await client.request({ method: 'DELETE', path: `/api/v1/nodes/${encodeURIComponent(node)}`, operation: { verb: 'delete', resource: 'nodes', name: node }, ...signal });
  if (!deleted.ok && deleted.error.kind !== 'notFound') return deleted;
  options.onProgress?.(`deleted node ${node}`);
  return ok(undefined);
}

const STANDARD_LABELS = new Set([NODEPOOL_LABEL, 'kubernetes.io/hostname', 'kubernetes.io/arch', 'kubernetes.io/os', 'node.kubernetes.io/instance-type', 'type']);

/** A pool's shape read back from one of its nodes, for scaling a pool whose NodePool document is not at hand. */
export function poolFromNode(pool: string, node: KubeObject): { spec: NodePoolSpec; type: InstanceType } {
  const n = node as KubeObject & { spec?: { taints?: { key: string; value?: string; effect: string }[] }; status?: { capacity?: Record<string, string> } };
  const labels = Object.fromEntries(Object.entries(n.metadata.labels ?? {}).filter(([k]) => !STANDARD_LABELS.has(k) && !k.startsWith('node-role.kubernetes.io/')));
  const capacity = n.status?.capacity ?? {};
  const typeName = n.metadata.labels?.['node.kubernetes.io/instance-type'] ?? `${pool}-type`;
  const type: InstanceType = {
    name: typeName,
    cpu: Number(capacity.cpu ?? 2),
    memory: capacity.memory ?? '8Gi',
    ...(capacity['nvidia.com/gpu'] ? { gpu: Number(capacity['nvidia.com/gpu']) } : {}),
    ...(capacity.pods ? { pods: Number(capacity.pods) } : {}),
  };
  // Node taints include ones the node lifecycle controller adds; only the pool's own stay.
  const taints = (n.spec?.taints ?? []).filter((t) => !t.key.startsWith('node.kubernetes.io/'));
  return { spec: { metadata: { name: pool }, spec: { instanceType: typeName, labels, taints } }, type };
}
