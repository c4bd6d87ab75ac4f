/**
 * Usage next to what it is measured against: per node (allocatable, and the requests of the pods
 * placed there), per node pool (the nodes' `berth.dev/nodepool` label), per pod (its requests)
 * and per Application (its pods' `berth.dev/application` label). Pure: the objects and metrics
 * come from metrics.ts and the caller's lists; cost is linear in nodes plus pods.
 */
import { APPLICATION_LABEL, NODEPOOL_LABEL } from '../../platform/render/labels';
import { addResources, NO_RESOURCES, parseResources, type NodeMetrics, type PodMetrics, type Resources } from './metrics';

export interface NodeUsage {
  readonly name: string;
  readonly pool?: string;
  /** Undefined when metrics-server has no sample of the node (yet). */
  readonly usage?: Resources;
  readonly allocatable: Resources;
  readonly requests: Resources;
}

export interface PoolUsage {
  readonly pool: string;
  readonly nodes: number;
  /** Sum over the nodes that have a sample. */
  readonly usage: Resources;
  readonly allocatable: Resources;
  readonly requests: Resources;
}

export interface PodUsage {
  readonly namespace: string;
  readonly name: string;
  readonly node?: string;
  readonly application?: string;
  readonly usage?: Resources;
  readonly requests: Resources;
}

export interface ApplicationUsage {
  readonly namespace: string;
  readonly application: string;
  readonly pods: number;
  readonly usage: Resources;
  readonly requests: Resources;
}

/** The parts of Node and Pod objects this module reads; anything else is ignored. */
export interface ObjectLike {
  readonly metadata: { readonly name?: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly spec?: unknown;
  readonly status?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function field(value: unknown, ...path: string[]): unknown {
  let v = value;
  for (const key of path) v = isRecord(v) ? v[key] : undefined;
  return v;
}

function label(o: ObjectLike, key: string): string | undefined {
  const v = o.metadata.labels?.[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The sum of a pod's container requests (init containers are not running once it is). */
export function podRequestTotals(pod: ObjectLike): Resources {
  const containers = field(pod.spec, 'containers');
  if (!Array.isArray(containers)) return NO_RESOURCES;
  return containers.reduce<Resources>((sum, c) => addResources(sum, parseResources(field(c, 'resources', 'requests'))), NO_RESOURCES);
}

/** Finished pods hold no resources. */
function running(pod: ObjectLike): boolean {
  const phase = field(pod.status, 'phase');
  return phase !== 'Succeeded' && phase !== 'Failed';
}

const podKey = (namespace: string, name: string): string => `${namespace}/${name}`;

export function podUsage(pods: readonly ObjectLike[], metrics: readonly PodMetrics[]): PodUsage[] {
  const byKey = new Map(metrics.map((m) => [podKey(m.namespace, m.name), m.usage]));
  const out: PodUsage[] = [];
  for (const pod of pods) {
    const { name, namespace } = pod.metadata;
    if (!name || !namespace || !running(pod)) continue;
    const node = field(pod.spec, 'nodeName');
    out.push({
      namespace,
      name,
      node: typeof node === 'string' && node ? node : undefined,
      application: label(pod, APPLICATION_LABEL),
      usage: byKey.get(podKey(namespace, name)),
      requests: podRequestTotals(pod),
    });
  }
  return out;
}

export function nodeUsage(nodes: readonly ObjectLike[], metrics: readonly NodeMetrics[], pods: readonly PodUsage[]): NodeUsage[] {
  const byName = new Map(metrics.map((m) => [m.name, m.usage]));
  const requested = new Map<string, Resources>();
  for (const p of pods) if (p.node) requested.set(p.node, addResources(requested.get(p.node) ?? NO_RESOURCES, p.requests));
  const out: NodeUsage[] = [];
  for (const node of nodes) {
    const name = node.metadata.name;
    if (!name) continue;
    out.push({
      name,
      pool: label(node, NODEPOOL_LABEL),
      usage: byName.get(name),
      allocatable: parseResources(field(node.status, 'allocatable')),
      requests: requested.get(name) ?? NO_RESOURCES,
    });
  }
  return out;
}

export function poolUsage(nodes: readonly NodeUsage[]): PoolUsage[] {
  const pools = new Map<string, PoolUsage>();
  for (const n of nodes) {
    if (!n.pool) continue;
    const p = pools.get(n.pool) ?? { pool: n.pool, nodes: 0, usage: NO_RESOURCES, allocatable: NO_RESOURCES, requests: NO_RESOURCES };
    pools.set(n.pool, {
      pool: n.pool,
      nodes: p.nodes + 1,
      usage: n.usage ? addResources(p.usage, n.usage) : p.usage,
      allocatable: addResources(p.allocatable, n.allocatable),
      requests: addResources(p.requests, n.requests),
    });
  }
  return [...pools.values()].sort((a, b) => a.pool.localeCompare(b.pool));
}

export function applicationUsage(pods: readonly PodUsage[]): ApplicationUsage[] {
  const apps = new Map<string, ApplicationUsage>();
  for (const p of pods) {
    if (!p.application) continue;
    const key = podKey(p.namespace, p.application);
    const a = apps.get(key) ?? { namespace: p.namespace, application: p.application, pods: 0, usage: NO_RESOURCES, requests: NO_RESOURCES };
    apps.set(key, {
      ...a,
      pods: a.pods + 1,
      usage: p.usage ? addResources(a.usage, p.usage) : a.usage,
      requests: addResources(a.requests, p.requests),
    });
  }
  return [...apps.values()].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.application.localeCompare(b.application));
}

/** `used` as a whole percentage of `of`, or undefined when there is nothing to compare with. */
export function percentOf(used: number, of: number): number | undefined {
  return of > 0 ? Math.round((used / of) * 100) : undefined;
}
