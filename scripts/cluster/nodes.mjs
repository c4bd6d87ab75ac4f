// The local cluster sample's NodePools as simulated Node objects, drawn by the platform library's
// kwok renderer: `desired` nodes per pool, named <pool>-<n>, with the pool's labels, taints and
// the instance type's capacity. kwok takes over every Node annotated kwok.x-k8s.io/node=fake: it
// marks it Ready, keeps its lease fresh and runs the pods scheduled to it without any image.
import { existsSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { clusterSample, instanceCatalog } from './paths.mjs';
import { platformRenderers } from './platform.mjs';
import { say, UserError } from './log.mjs';

// Used only while schemas/platform/instance-catalog.json is absent; PLATFORM.md's minimum table.
const fallbackCatalog = [
  { name: 'ecs.g7.large', cpu: 2, memory: '8Gi', gpu: 0, pods: 110, description: '' },
  { name: 'ecs.g7.xlarge', cpu: 4, memory: '16Gi', gpu: 0, pods: 110, description: '' },
  { name: 'ecs.g7.2xlarge', cpu: 8, memory: '32Gi', gpu: 0, pods: 110, description: '' },
  { name: 'ecs.c7.large', cpu: 2, memory: '4Gi', gpu: 0, pods: 110, description: '' },
  { name: 'ecs.c7.xlarge', cpu: 4, memory: '8Gi', gpu: 0, pods: 110, description: '' },
  { name: 'ecs.r7.large', cpu: 2, memory: '16Gi', gpu: 0, pods: 110, description: '' },
  { name: 'ecs.r7.xlarge', cpu: 4, memory: '32Gi', gpu: 0, pods: 110, description: '' },
  { name: 'ecs.gn7i-c8g1.2xlarge', cpu: 8, memory: '30Gi', gpu: 1, pods: 110, description: '' },
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

/** Every simulated Node of the cluster, in pool order. */
export async function clusterNodes(spec = loadClusterSpec(), catalog = loadCatalog()) {
  const { renderKwokClusterNodes } = await platformRenderers();
  try {
    return renderKwokClusterNodes(spec.cluster, spec.pools, catalog);
  } catch (err) {
    if (err?.name === 'RenderError') throw new UserError(err.message);
    throw err;
  }
}
