import type { InstanceType } from '../schema/platformSchemas';
import { asObject, asString, field } from '../rules/values';
import { NODEPOOL_LABEL, nameOf, stringMap } from './labels';
import { taintsOf } from './model';

type Json = Record<string, unknown>;

/** Why a NodePool could not become simulated nodes. */
export class RenderError extends Error {
  override readonly name = 'RenderError';
}

/**
 * `count` simulated Node objects for a NodePool of a kwok cluster, named `<pool>-<n>` for n in
 * 1..count (as the cluster script and the pool scaler number them): label `berth.dev/nodepool`, the pool's labels, `type: kwok`, the annotation
 * `kwok.x-k8s.io/node: fake` (kwok takes such nodes over), the pool's taints, and capacity =
 * allocatable = the instance type's cpu, memory, pods (and `nvidia.com/gpu` when it has GPUs).
 * Throws a RenderError when the pool has no name or its instance type is not in the catalog.
 */
export function renderKwokNodes(pool: unknown, count: number, catalog: readonly InstanceType[]): Record<string, unknown>[] {
  const nodes: Record<string, unknown>[] = [];
  for (let ordinal = 1; ordinal <= count; ordinal++) nodes.push(renderKwokNode(pool, ordinal, catalog));
  return nodes;
}

/** The pool's node number `ordinal` (from 1). Throws a RenderError like renderKwokNodes. */
export function renderKwokNode(pool: unknown, ordinal: number, catalog: readonly InstanceType[]): Record<string, unknown> {
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
        type: 'kwok',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': os,
        'node.kubernetes.io/instance-type': type.name,
      },
      annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: taints.length > 0 ? { taints } : {},
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
    ...(type.gpu > 0 ? { 'nvidia.com/gpu': String(type.gpu) } : {}),
  };
}
