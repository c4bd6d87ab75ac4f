/**
 * One snapshot of the cluster's usage: nodes, pods, and their metrics read side by side, then
 * aggregated per node, pool, pod and Application.
 */
import { ok, type Result } from '../../platform/result';
import type { KubeClient } from '../client';
import type { KubeError } from '../errors';
import { applicationUsage, nodeUsage, podUsage, poolUsage, type ApplicationUsage, type NodeUsage, type ObjectLike, type PodUsage, type PoolUsage } from './aggregate';
import { readNodeMetrics, readPodMetrics } from './metrics';

export interface ClusterUsage {
  readonly nodes: readonly NodeUsage[];
  readonly pools: readonly PoolUsage[];
  readonly pods: readonly PodUsage[];
  readonly applications: readonly ApplicationUsage[];
}

export interface UsageOptions {
  /** Only the pods (and Applications) of this namespace; undefined: every namespace. */
  readonly namespace?: string;
  readonly signal?: AbortSignal;
}

async function list(client: KubeClient, path: string, resource: string, signal?: AbortSignal): Promise<Result<ObjectLike[], KubeError>> {
  const r = await client.request<{ items?: ObjectLike[] }>({ method: 'GET', path, operation: { verb: 'list', resource }, signal });
  return r.ok ? ok(Array.isArray(r.value.body.items) ? r.value.body.items.filter((o) => typeof o?.metadata === 'object' && o.metadata !== null) : []) : r;
}

export async function readClusterUsage(client: KubeClient, options: UsageOptions = {}): Promise<Result<ClusterUsage, KubeError>> {
  const { namespace, signal } = options;
  const podsPath = namespace ? `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods` : '/api/v1/pods';
  const [nodes, pods, nodeMetrics, podMetrics] = await Promise.all([
    list(client, '/api/v1/nodes', 'nodes', signal),
    list(client, podsPath, 'pods', signal),
    readNodeMetrics(client, { signal }),
    readPodMetrics(client, namespace, { signal }),
  ]);
  if (!nodes.ok) return nodes;
  if (!pods.ok) return pods;
  if (!nodeMetrics.ok) return nodeMetrics;
  if (!podMetrics.ok) return podMetrics;
  const podRows = podUsage(pods.value, podMetrics.value);
  // Node requests count every pod on the node, not only the namespace's: with a namespace they are a lower bound.
  const nodeRows = nodeUsage(nodes.value, nodeMetrics.value, podRows);
  return ok({ nodes: nodeRows, pools: poolUsage(nodeRows), pods: podRows, applications: applicationUsage(podRows) });
}
