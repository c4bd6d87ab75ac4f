import type { InstanceType } from '../model';
import { asObject, asString, field } from '../rules/values';
import { KWOK_NODE_ANNOTATION, KWOK_NODE_ROLE_LABEL, NODEPOOL_LABEL, nameOf, stringMap } from './labels';
import { desiredNodes, taintsOf } from './model';

/** Why a NodePool could not become simulated nodes. */
export class RenderError extends Error {
  override readonly name = 'RenderError';
}

export interface KwokNodeOptions {
  /** The Cluster's `network.podCIDR`: the range kwok gives the node's pods addresses from. */
  readonly podCIDR?: string;
}

/** The Cluster's `network.podCIDR`, if it declares one. */
export function clusterPodCIDR(cluster: unknown): string | undefined {
  return asString(field(cluster, 'spec', 'network', 'podCIDR'));
}

/**
 * Every simulated node of a kwok Cluster: the `desired` nodes (else `min`, else 1) of each of its
 * pools, in pool order, with the Cluster's pod range. Pools naming another cluster are skipped.
 * Throws a RenderError like renderKwokNode.
 */
export function renderKwokClusterNodes(cluster: unknown, pools: readonly unknown[], catalog: readonly InstanceType[]): Record<string, unknown>[] {
  const name = nameOf(asObject(cluster) ?? {});
  const podCIDR = clusterPodCIDR(cluster);
  const options = podCIDR !== undefined ? { podCIDR } : {};
  return pools
    .map((pool) => asObject(pool) ?? {})
    .filter((pool) => field(pool, 'spec', 'cluster') === name)
    .flatMap((pool) => renderKwokNodes(pool, desiredNodes(pool), catalog, options));
}

/** `count` nodes of a pool, numbered 1..count; see renderKwokNode. */
export function renderKwokNodes(pool: unknown, count: number, catalog: readonly InstanceType[], options: KwokNodeOptions = {}): Record<string, unknown>[] {
  const nodes: Record<string, unknown>[] = [];
  for (let ordinal = 1; ordinal <= count; ordinal++) nodes.push(renderKwokNode(pool, ordinal, catalog, options));
  return nodes;
}

/**
 * The pool's simulated Node number `ordinal` (from 1), named `<pool>-<ordinal>` (as the cluster
 * script and the pool scaler number them): the pool's labels, `berth.dev/nodepool`, the agent
 * role, `type: kwok`, the annotation kwok takes nodes over by, the pool's taints, and capacity =
 * allocatable = the instance type's cpu, memory, pods (and `nvidia.com/gpu` when it has GPUs).
 * With a pod range the node's `spec.podCIDR` is that whole range rather than a slice of it: kwok
 * keeps one address pool per range text and uses it for the nodes without a podCIDR too (its
 * `--cidr`, the same range), so pod addresses stay unique however and by whom nodes are added.
 * Throws a RenderError when the pool has no name or its instance type is not in the catalog.
 */
export function renderKwokNode(pool: unknown, ordinal: number, catalog: readonly InstanceType[], options: KwokNodeOptions = {}): Record<string, unknown> {
  const value = asObject(pool) ?? {};
  const poolName = nameOf(value);
  if (poolName === undefined) throw new RenderError('NodePool without metadata.name: no nodes rendered');
  const typeName = asString(field(value, 'spec', 'instanceType'));
  const type = catalog.find((t) => t.name === typeName);
  if (!type) throw new RenderError(`NodePool ${poolName}: instance type "${typeName ?? ''}" is not in the instance catalog: no nodes rendered`);
  const os = asString(field(value, 'spec', 'os')) ?? 'linux';
  const taints = taintsOf(value);
  const name = `${poolName}-${ordinal}`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        ...stringMap(field(value, 'spec', 'labels')),
        [NODEPOOL_LABEL]: poolName,
        [KWOK_NODE_ROLE_LABEL]: '',
        type: 'kwok',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': os,
        'node.kubernetes.io/instance-type': type.name,
      },
      annotations: {
        [KWOK_NODE_ANNOTATION]: 'fake',
        'node.alpha.kubernetes.io/ttl': '0',
        // Where metrics-server reads this node's resource metrics: kwok serves every node's
        // simulated kubelet on one port, told apart by the path (kwok's Metric resource).
        'metrics.k8s.io/resource-metrics-path': `/metrics/nodes/${name}/metrics/resource`,
      },
    },
    spec: {
      ...(options.podCIDR !== undefined ? { podCIDR: options.podCIDR, podCIDRs: [options.podCIDR] } : {}),
      ...(taints.length > 0 ? { taints } : {}),
    },
    status: {
      capacity: capacityOf(type),
      allocatable: capacityOf(type),
      nodeInfo: {
        architecture: 'amd64',
        bootID: '',
        containerRuntimeVersion: '',
        kernelVersion: '',
        kubeProxyVersion: 'fake',
        kubeletVersion: 'fake',
        machineID: '',
        operatingSystem: os,
        osImage: `berth simulated ${type.name}`,
        systemUUID: '',
      },
    },
  };
}

function capacityOf(type: InstanceType): Record<string, string> {
  return {
    cpu: String(type.cpu),
    memory: type.memory,
    pods: String(type.pods),
    // Not in the catalog; without it a pod asking for scratch space would fit on no node.
    'ephemeral-storage': '100Gi',
    ...(type.gpu > 0 ? { 'nvidia.com/gpu': String(type.gpu) } : {}),
  };
}
