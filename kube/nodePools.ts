/**
 * Node pools on kwok clusters: each pool is a set of simulated Node objects named <pool>-<n>,
 * carrying the instance type's capacity, the pool's labels, `berth.dev/nodepool` and its taints.
 * kwok takes over every Node annotated kwok.x-k8s.io/node=fake (marks it Ready, runs its pods).
 * Scaling down drains first: cordon, evict the pods, delete the Node.
 */
import { err, ok, type Result } from '../platform/result';
import type { KubeClient } from './client';
import { kubeError, type KubeError } from './errors';
import { collectionPath, objectPath, staticResource, type KubeObject } from './registry';
import { dnsLabel } from './toolNames';
import { pollUntil, waitForList } from './wait';
import type { InstanceType, NodePool } from '../platform/model';
import { KWOK_NODE_ANNOTATION, KWOK_NODE_ROLE_LABEL, NODEPOOL_LABEL, renderKwokNode, RenderError, type KwokNodeOptions } from '../platform/render';

/** One simulated Node of a pool (index from 1), as the renderer draws it. */
export function renderPoolNode(pool: NodePool, index: number, catalog: readonly InstanceType[], options: KwokNodeOptions = {}): Result<KubeObject, KubeError> {
  // A node's name is also its hostname label: a label, not only a subdomain.
  const name = dnsLabel(`${pool.metadata.name}-${index}`, 'node name');
  if (!name.ok) return name;
  try {
    return ok(renderKwokNode(pool, index, catalog, options) as unknown as KubeObject);
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
  // The name goes into a label selector: `a,b!=c` would select other nodes.
  const checked = dnsLabel(pool, 'NodePool metadata.name');
  if (!checked.ok) return checked;
  const r = await client.request<{ items: KubeObject[] }>({
    method: 'GET',
    path: collectionPath(staticResource('Node'), undefined),
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
  /** The Cluster's network.podCIDR for new nodes; default the range the pool's existing nodes have. */
  readonly podCIDR?: string;
  readonly timeoutMs?: number;
  readonly onProgress?: (line: string) => void;
}

/** Creates or drains and deletes simulated nodes until the pool has `to` Ready nodes. */
export async function scaleKwokPool(client: KubeClient, pool: NodePool, to: number, catalog: readonly InstanceType[], options: ScalePoolOptions = {}): Promise<Result<ScalePoolResult, KubeError>> {
  const checked = dnsLabel(pool.metadata.name, 'NodePool metadata.name');
  if (!checked.ok) return checked;
  const name = checked.value;
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
    const podCIDR = options.podCIDR ?? existing.map(podCIDROf).find((cidr) => cidr !== undefined);
    for (let index = 1; existing.length + added.length < to; index++) {
      if (used.has(index)) continue;
      const node = renderPoolNode(pool, index, catalog, podCIDR !== undefined ? { podCIDR } : {});
      if (!node.ok) return node;
      const created = await client.request({ method: 'POST', path: collectionPath(staticResource('Node'), undefined), body: node.value, operation: { verb: 'create', resource: 'nodes', name: node.value.metadata.name! }, ...signal });
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
    collectionPath(staticResource('Node'), undefined),
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
    path: objectPath(staticResource('Node'), undefined, node),
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
      path: collectionPath(staticResource('Pod'), undefined),
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
          path: objectPath(staticResource('Pod'), namespace, name, 'eviction'),
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

  const deleted = await client.request({ method: 'DELETE', path: objectPath(staticResource('Node'), undefined, node), operation: { verb: 'delete', resource: 'nodes', name: node }, ...signal });
  if (!deleted.ok && deleted.error.kind !== 'notFound') return deleted;
  options.onProgress?.(`deleted node ${node}`);
  return ok(undefined);
}

function podCIDROf(node: KubeObject): string | undefined {
  return (node as { spec?: { podCIDR?: string } }).spec?.podCIDR;
}

const STANDARD_LABELS = new Set([NODEPOOL_LABEL, KWOK_NODE_ROLE_LABEL, 'kubernetes.io/hostname', 'kubernetes.io/arch', 'kubernetes.io/os', 'node.kubernetes.io/instance-type', 'type']);

/** A pool's shape read back from one of its nodes, for scaling a pool whose NodePool document is not at hand. */
export function poolFromNode(pool: string, node: KubeObject): { spec: NodePool; type: InstanceType } {
  const n = node as KubeObject & { spec?: { taints?: { key: string; value?: string; effect: string }[] }; status?: { capacity?: Record<string, string> } };
  const labels = Object.fromEntries(Object.entries(n.metadata.labels ?? {}).filter(([k]) => !STANDARD_LABELS.has(k) && !k.startsWith('node-role.kubernetes.io/')));
  const capacity = n.status?.capacity ?? {};
  const typeName = n.metadata.labels?.['node.kubernetes.io/instance-type'] ?? `${pool}-type`;
  const type: InstanceType = {
    name: typeName,
    cpu: Number(capacity.cpu ?? 2),
    memory: capacity.memory ?? '8Gi',
    gpu: Number(capacity['nvidia.com/gpu'] ?? 0),
    pods: Number(capacity.pods ?? 110),
    description: `copied from node ${node.metadata.name ?? ''}`,
  };
  // Node taints include ones the node lifecycle controller adds; only the pool's own stay.
  const taints = (n.spec?.taints ?? []).filter((t) => !t.key.startsWith('node.kubernetes.io/'));
  return { spec: { metadata: { name: pool }, spec: { instanceType: typeName, labels, taints } }, type };
}

export interface PoolToScale {
  /** The NodePool to draw new nodes from: the given document, else copied from an existing node. */
  readonly pool: NodePool;
  /** The catalog, with the copied instance type first when the pool was copied from a node. */
  readonly catalog: readonly InstanceType[];
  /** The pool's nodes now, lowest number first. */
  readonly nodes: readonly KubeObject[];
  /** The pod range the cluster's simulated nodes carry, for the nodes to add. */
  readonly podCIDR?: string;
}

/**
 * What `scaleKwokPool` needs for pool `name` in the client's context, or why it cannot scale:
 * kind pools are fixed at creation, a registered cluster's nodes are not simulated, and a pool
 * with neither a NodePool document nor a node to copy has no shape.
 */
export async function poolToScale(client: KubeClient, name: string, document: NodePool | undefined, catalog: readonly InstanceType[], options: { signal?: AbortSignal } = {}): Promise<Result<PoolToScale, KubeError>> {
  const checked = dnsLabel(name, 'NodePool metadata.name');
  if (!checked.ok) return checked;
  if (client.context.startsWith('kind-')) return err(refuseKindPoolScaling(name, client.context.slice('kind-'.length)));
  const listed = await listPoolNodes(client, name, options);
  if (!listed.ok) return listed;
  const first = listed.value[0];
  if (first && first.metadata.annotations?.[KWOK_NODE_ANNOTATION] !== 'fake') {
    return err(kubeError('invalid', `The nodes of pool ${name} in context "${client.context}" are not simulated kwok nodes: a registered cluster's pools are shown, not scaled.`));
  }
  const podCIDR = await clusterNodePodCIDR(client, listed.value, options);
  if (!podCIDR.ok) return podCIDR;
  const range = podCIDR.value !== undefined ? { podCIDR: podCIDR.value } : {};
  if (document) return ok({ pool: document, catalog, nodes: listed.value, ...range });
  if (!first) return err(kubeError('invalid', `Pool ${name} has no nodes in context "${client.context}" to copy, and no NodePool document defines it.`));
  const copied = poolFromNode(name, first);
  return ok({ pool: copied.spec, catalog: [copied.type, ...catalog.filter((t) => t.name !== copied.type.name)], nodes: listed.value, ...range });
}

/** The podCIDR of the pool's nodes, else of any pool's node: the Cluster's range, which every simulated node carries. */
async function clusterNodePodCIDR(client: KubeClient, poolNodes: readonly KubeObject[], options: { signal?: AbortSignal }): Promise<Result<string | undefined, KubeError>> {
  const own = poolNodes.map(podCIDROf).find((cidr) => cidr !== undefined);
  if (own !== undefined || poolNodes.length > 0) return ok(own);
  const r = await client.request<{ items: KubeObject[] }>({
    method: 'GET',
    path: collectionPath(staticResource('Node'), undefined),
    query: { labelSelector: NODEPOOL_LABEL },
    operation: { verb: 'list', resource: 'nodes' },
    ...options,
  });
  return r.ok ? ok(r.value.body.items.map(podCIDROf).find((cidr) => cidr !== undefined)) : r;
}

/** Pools of kind clusters have their node count fixed when the cluster is created. */
export function refuseKindPoolScaling(pool: string, cluster: string): KubeError {
  return kubeError(
    'invalid',
    `NodePool ${pool} belongs to kind cluster ${cluster}: kind fixes the node count when the cluster is created. Change spec.scaling.desired and re-create the cluster (berth cluster down, then up).`,
  );
}
