// Turns the local cluster sample's NodePools into simulated Node objects: `desired` nodes per pool,
// named <pool>-<n>, carrying the pool's labels, taints and the instance type's capacity. kwok
// takes over every Node annotated kwok.x-k8s.io/node=fake: it marks it Ready, keeps its lease
// fresh and runs the pods scheduled to it without any container image.
import { existsSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { clusterSample, instanceCatalog } from './paths.mjs';
import { say, UserError } from './log.mjs';

export const nodePoolLabel = 'berth.dev/nodepool';

// Used only while schemas/platform/instance-catalog.json is absent; PLATFORM.md's minimum table.
const fallbackCatalog = [
  { name: 'ecs.g7.large', cpu: 2, memory: '8Gi', gpu: 0, pods: 110 },
  { name: 'ecs.g7.xlarge', cpu: 4, memory: '16Gi', gpu: 0, pods: 110 },
  { name: 'ecs.g7.2xlarge', cpu: 8, memory: '32Gi', gpu: 0, pods: 110 },
  { name: 'ecs.c7.large', cpu: 2, memory: '4Gi', gpu: 0, pods: 110 },
  { name: 'ecs.c7.xlarge', cpu: 4, memory: '8Gi', gpu: 0, pods: 110 },
  { name: 'ecs.r7.large', cpu: 2, memory: '16Gi', gpu: 0, pods: 110 },
  { name: 'ecs.r7.xlarge', cpu: 4, memory: '32Gi', gpu: 0, pods: 110 },
  { name: 'ecs.gn7i-c8g1.2xlarge', cpu: 8, memory: '30Gi', gpu: 1, pods: 110 },
];

export function loadCatalog() {
  if (!existsSync(instanceCatalog)) {
    say(`${instanceCatalog} not found; using the built-in instance table`);
    return fallbackCatalog;
  }
  return JSON.parse(readFileSync(instanceCatalog, 'utf8')).instanceTypes;
}

/** The Cluster and its NodePools from a platform manifest file. */
export function loadClusterSpec(file = clusterSample) {
  const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS());
  const cluster = docs.find((d) => d?.kind === 'Cluster');
  if (!cluster) throw new UserError(`${file} defines no Cluster`);
  const pools = docs.filter((d) => d?.kind === 'NodePool' && d.spec?.cluster === cluster.metadata.name);
  return { cluster, pools };
}

function capacity(type) {
  const c = { cpu: String(type.cpu), memory: type.memory, pods: String(type.pods ?? 110), 'ephemeral-storage': '100Gi' };
  if (type.gpu) c['nvidia.com/gpu'] = String(type.gpu);
  return c;
}

export function nodeManifest(pool, index, catalog) {
  const type = catalog.find((t) => t.name === pool.spec.instanceType);
  if (!type) throw new UserError(`NodePool ${pool.metadata.name}: instance type ${pool.spec.instanceType} is not in the instance catalog`);
  const name = `${pool.metadata.name}-${index}`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        ...(pool.spec.labels ?? {}),
        [nodePoolLabel]: pool.metadata.name,
        'node.kubernetes.io/instance-type': type.name,
        'kubernetes.io/hostname': name,
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/agent': '',
        type: 'kwok',
      },
    },
    spec: { taints: (pool.spec.taints ?? []).map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect })) },
    status: {
      capacity: capacity(type),
      allocatable: capacity(type),
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        kubeletVersion: 'fake',
        kubeProxyVersion: 'fake',
        osImage: `berth simulated ${type.name}`,
        kernelVersion: '', containerRuntimeVersion: '', bootID: '', machineID: '', systemUUID: '',
      },
      phase: 'Running',
    },
  };
}

/** Every simulated Node of the cluster, in pool order. */
export function clusterNodes(spec = loadClusterSpec(), catalog = loadCatalog()) {
  const nodes = [];
  for (const pool of spec.pools) {
    const desired = pool.spec.scaling?.desired ?? pool.spec.scaling?.min ?? 1;
    for (let i = 1; i <= desired; i++) nodes.push(nodeManifest(pool, i, catalog));
  }
  return nodes;
}
