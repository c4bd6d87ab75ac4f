import { stringify } from 'yaml';
import { asInteger, asObject, asString, field, type Obj } from '../rules/values';
import { NODEPOOL_LABEL, nameOf, stringMap } from './labels';
import { desiredNodes, taintsOf } from './model';

type Json = Record<string, unknown>;

export const KIND_API_VERSION = 'kind.x-k8s.io/v1alpha4';
/** CNI plugins that kind does not ship: its default CNI (kindnet) must be disabled for them. */
const PLUGINS_WITHOUT_DEFAULT_CNI = new Set(['flannel', 'calico']);

/**
 * A Cluster (provider kind) and its NodePools as a kind cluster config:
 * - control plane nodes: `controlPlane.nodes` for dedicated (default 1), one for managed and serverless;
 * - one worker per desired node of each pool of this cluster (none for serverless, whose single
 *   control plane node runs the workloads), labelled `berth.dev/nodepool` plus the pool's labels
 *   and tainted through a JoinConfiguration patch (kind has no taint field);
 * - networking: pod/service subnets, and disableDefaultCNI for flannel and calico;
 * - a node image `kindest/node:v<version>` only when kubernetesVersion names a patch release
 *   (kind publishes images per patch; otherwise kind's default image is used).
 * Pools naming another cluster are ignored, so `pools` may be every pool of the workspace.
 */
export function renderKindConfig(cluster: unknown, pools: readonly unknown[]): Record<string, unknown> {
  const value = asObject(cluster) ?? {};
  const name = nameOf(value);
  const spec = asObject(value['spec']) ?? {};
  const type = asString(spec['type']);
  const version = asString(spec['kubernetesVersion']);
  const image = version !== undefined && /^\d+\.\d+\.\d+$/.test(version) ? { image: `kindest/node:v${version}` } : {};

  const controlPlanes = type === 'dedicated' ? (asInteger(field(spec, 'controlPlane', 'nodes')) ?? 1) : 1;
  const nodes: Json[] = [];
  for (let i = 0; i < controlPlanes; i++) nodes.push({ role: 'control-plane', ...image });
  if (type !== 'serverless') {
    for (const pool of pools.map(asObject)) {
      if (!pool || field(pool, 'spec', 'cluster') !== name) continue;
      for (let i = 0; i < desiredNodes(pool); i++) nodes.push(kindWorker(pool, image));
    }
  }

  const network = asObject(spec['network']) ?? {};
  const networking: Json = {};
  const podCIDR = asString(network['podCIDR']);
  const serviceCIDR = asString(network['serviceCIDR']);
  if (podCIDR !== undefined) networking['podSubnet'] = podCIDR;
  if (serviceCIDR !== undefined) networking['serviceSubnet'] = serviceCIDR;
  if (PLUGINS_WITHOUT_DEFAULT_CNI.has(asString(network['plugin']) ?? 'kindnet')) networking['disableDefaultCNI'] = true;

  return {
    kind: 'Cluster',
    apiVersion: KIND_API_VERSION,
    ...(name !== undefined ? { name } : {}),
    ...(Object.keys(networking).length > 0 ? { networking } : {}),
    nodes,
  };
}

function kindWorker(pool: Obj, image: Json): Json {
  const poolName = nameOf(pool) ?? '';
  const taints = taintsOf(pool);
  // No apiVersion in the patch: kind applies it to whichever kubeadm API version it generates.
  const patch = taints.length > 0 ? [stringify({ kind: 'JoinConfiguration', nodeRegistration: { taints } })] : [];
  return {
    role: 'worker',
    ...image,
    labels: { ...stringMap(field(pool, 'spec', 'labels')), [NODEPOOL_LABEL]: poolName },
    ...(patch.length > 0 ? { kubeadmConfigPatches: patch } : {}),
  };
}
