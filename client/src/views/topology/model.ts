/**
 * The topology of one Application as a plain graph: what it renders to (Ingress, Service,
 * Deployments, HPA, PVCs), its live pods grouped by node pool and node (pods not scheduled yet in
 * a group of their own), and the edges between them. Pure (no `vscode`): the panel fetches, this
 * decides, html.ts draws.
 */
import type { KubeObject } from '../../../../kube/registry';
import { APPLICATION_LABEL, NODEPOOL_LABEL } from '../../../../platform/render/labels';
import { selectorMatches } from '../clusters/selectors';
import { byName, nodeReady, podSummary, pvcSummary, serviceSummary, ingressSummary, workloadSummary, type Health, type Summary } from '../clusters/summaries';
import { templatePool } from '../platform/liveState';

/** The kinds an Application renders to, in the order they are drawn. */
export const TOPOLOGY_KINDS = ['Ingress', 'Service', 'HorizontalPodAutoscaler', 'Deployment', 'PersistentVolumeClaim'] as const;
export type TopologyKind = (typeof TOPOLOGY_KINDS)[number];

export interface ApplicationRef {
  readonly name: string;
  readonly namespace: string;
  readonly context: string;
}

export interface TopologyInput {
  readonly application: ApplicationRef;
  /** What the Application document renders to (other kinds are ignored). */
  readonly rendered: readonly KubeObject[];
  /** The pods of the namespace; the model keeps the Application's own. */
  readonly pods: readonly KubeObject[];
  /** The cluster's nodes; undefined when they could not be listed (pods then show under their node name only). */
  readonly nodes?: readonly KubeObject[];
  /**
   * The live objects of each kind that could be listed (list items carry no kind of their own,
   * hence by kind). A kind absent here is drawn as "unknown", not as missing.
   */
  readonly live?: ReadonlyMap<TopologyKind, readonly KubeObject[]>;
  /** Lines to show above the picture (render problems, lists that failed). */
  readonly notes?: readonly string[];
}

/** Whether a rendered object exists in the cluster. */
export type Presence = 'live' | 'missing' | 'unknown';

export interface TopologyObject {
  /** `<Kind>/<name>`, unique in the graph. */
  readonly id: string;
  readonly kind: TopologyKind;
  readonly name: string;
  readonly presence: Presence;
  /** One short line: ready counts, type and ports, host, size… */
  readonly detail: string;
  readonly health: Health;
}

export interface TopologyPod {
  /** `Pod/<name>`. */
  readonly id: string;
  readonly name: string;
  readonly node?: string;
  readonly phase: string;
  /** "1/2" (ready containers / containers). */
  readonly ready: string;
  readonly description: string;
  readonly health: Health;
}

export interface TopologyNode {
  readonly name: string;
  readonly ready: boolean;
  readonly pods: readonly TopologyPod[];
}

export interface PoolGroup {
  /** The pool's name; '' for nodes without the label and for nodes that could not be looked up. */
  readonly pool: string;
  /** What the column is headed with: the pool, NO_POOL_TITLE or UNKNOWN_POOL_TITLE. */
  readonly title: string;
  /** The pool the Application's pods are pinned to (placement.nodePool). */
  readonly placement: boolean;
  readonly nodes: readonly TopologyNode[];
  /** Nodes of the pool that run none of the Application's pods. */
  readonly otherNodes: number;
}

export type EdgeRelation = 'routes' | 'selects' | 'manages' | 'scales' | 'mounts';

export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  readonly relation: EdgeRelation;
}

export interface TopologyModel {
  readonly application: ApplicationRef;
  readonly objects: readonly TopologyObject[];
  readonly pools: readonly PoolGroup[];
  /** Pods no node was assigned to (Pending, unschedulable). */
  readonly pending: readonly TopologyPod[];
  readonly edges: readonly TopologyEdge[];
  readonly notes: readonly string[];
}

/** Groups of pods whose node is not among the listed nodes, or when nodes could not be listed. */
export const UNKNOWN_POOL_TITLE = '(pool unknown)';
export const NO_POOL_TITLE = '(no pool)';

type Loose = Record<string, unknown>;

function get(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) current = current !== null && typeof current === 'object' ? (current as Loose)[key as string] : undefined;
  return current;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isTopologyKind(kind: string): kind is TopologyKind {
  return (TOPOLOGY_KINDS as readonly string[]).includes(kind);
}

export function objectId(kind: string, name: string): string {
  return `${kind}/${name}`;
}

/** A Service's `spec.selector` is a plain map; read as matchLabels (empty selects nothing, as in selectorMatches). */
function serviceSelects(service: KubeObject, pod: KubeObject): boolean {
  const selector = get(service, 'spec', 'selector');
  return selector !== null && typeof selector === 'object' && selectorMatches({ matchLabels: selector }, pod.metadata.labels);
}

function deploymentSelects(deployment: KubeObject, pod: KubeObject): boolean {
  return selectorMatches(get(deployment, 'spec', 'selector'), pod.metadata.labels);
}

/** The Services an Ingress sends traffic to (rules and the default backend). */
function ingressBackends(ingress: KubeObject): string[] {
  const names = new Set<string>();
  const fallback = str(get(ingress, 'spec', 'defaultBackend', 'service', 'name'));
  if (fallback) names.add(fallback);
  for (const rule of list(get(ingress, 'spec', 'rules'))) {
    for (const path of list(get(rule, 'http', 'paths'))) {
      const name = str(get(path, 'backend', 'service', 'name'));
      if (name) names.add(name);
    }
  }
  return [...names];
}

function claimsOf(deployment: KubeObject): string[] {
  return list(get(deployment, 'spec', 'template', 'spec', 'volumes'))
    .map((v) => str(get(v, 'persistentVolumeClaim', 'claimName')))
    .filter((n): n is string => n !== undefined);
}

function pod(object: KubeObject): TopologyPod {
  const name = object.metadata.name ?? '';
  const node = str(get(object, 'spec', 'nodeName'));
  const statuses = list(get(object, 'status', 'containerStatuses'));
  const total = list(get(object, 'spec', 'containers')).length || statuses.length;
  const ready = statuses.filter((s) => get(s, 'ready') === true).length;
  const summary = podSummary(object);
  return {
    id: objectId('Pod', name),
    name,
    ...(node ? { node } : {}),
    phase: str(get(object, 'status', 'phase')) ?? 'Unknown',
    ready: `${ready}/${total}`,
    description: summary.description,
    health: summary.health,
  };
}

function shortly(summary: Summary): { detail: string; health: Health } {
  return { detail: summary.description, health: summary.health };
}

/** What a rendered object's box says: the live object's state when there is one, else what the document wants. */
function describeObject(kind: TopologyKind, rendered: KubeObject, live: KubeObject | undefined, presence: Presence): { detail: string; health: Health } {
  if (presence === 'missing') return { detail: 'not deployed', health: 'idle' };
  const shown = live ?? rendered;
  // Green only for what is seen running; what the document wants but nobody checked stays grey.
  const health: Health = live ? 'ok' : 'idle';
  switch (kind) {
    case 'Deployment':
      if (!live) return { detail: `wants ${String(get(rendered, 'spec', 'replicas') ?? 1)} replicas`, health: 'idle' };
      return shortly(workloadSummary(live, 'Deployment'));
    case 'Service':
      return { detail: serviceSummary(shown).description, health };
    case 'Ingress': {
      const hosts = ingressSummary(shown).description;
      const path = str(get(shown, 'spec', 'rules', 0, 'http', 'paths', 0, 'path'));
      return { detail: `${hosts}${path ?? ''}`, health };
    }
    case 'HorizontalPodAutoscaler': {
      const range = `${String(get(shown, 'spec', 'minReplicas') ?? 1)}–${String(get(shown, 'spec', 'maxReplicas') ?? '?')} replicas`;
      const current = get(live, 'status', 'currentReplicas');
      return { detail: typeof current === 'number' ? `${range} · now ${current}` : range, health };
    }
    case 'PersistentVolumeClaim':
      if (!live) return { detail: String(get(rendered, 'spec', 'resources', 'requests', 'storage') ?? ''), health: 'idle' };
      return shortly(pvcSummary(live));
  }
}

function topologyObjects(input: TopologyInput): { objects: TopologyObject[]; effective: Map<string, KubeObject> } {
  const objects: TopologyObject[] = [];
  // The live object where there is one: its selector is the one that counts (Switch Blue-Green
  // repoints the live Service; the document may not say so).
  const effective = new Map<string, KubeObject>();
  const rendered = input.rendered.filter((o) => isTopologyKind(o.kind));
  for (const kind of TOPOLOGY_KINDS) {
    for (const object of rendered.filter((o) => o.kind === kind)) {
      const name = object.metadata.name ?? '';
      const id = objectId(kind, name);
      if (effective.has(id)) continue;
      const liveList = input.live?.get(kind);
      const live = liveList?.find((o) => o.metadata.name === name);
      const presence: Presence = liveList === undefined ? 'unknown' : live ? 'live' : 'missing';
      effective.set(id, live ? { ...live, kind } : object);
      objects.push({ id, kind, name, presence, ...describeObject(kind, object, live, presence) });
    }
  }
  return { objects, effective };
}

/** The Application's pods: those its Deployments select, or labelled with its name. */
function applicationPods(input: TopologyInput, deployments: readonly KubeObject[]): KubeObject[] {
  return input.pods
    .filter((p) => p.metadata.labels?.[APPLICATION_LABEL] === input.application.name || deployments.some((d) => deploymentSelects(d, p)))
    .sort(byName);
}

function poolGroups(pods: readonly TopologyPod[], nodes: readonly KubeObject[] | undefined, placement: ReadonlySet<string>): PoolGroup[] {
  const scheduled = pods.filter((p) => p.node !== undefined);
  const poolOfNode = new Map<string, string>();
  const readyOfNode = new Map<string, boolean>();
  const nodesOfPool = new Map<string, string[]>();
  for (const node of nodes ?? []) {
    const name = node.metadata.name ?? '';
    const pool = node.metadata.labels?.[NODEPOOL_LABEL] ?? '';
    poolOfNode.set(name, pool);
    readyOfNode.set(name, nodeReady(node));
    nodesOfPool.set(pool, [...(nodesOfPool.get(pool) ?? []), name]);
  }
  // A pod on a node we do not know (nodes not listable, or the node is gone) still shows, under its node's name.
  const UNKNOWN = '\u0000unknown';
  const podsByPool = new Map<string, Map<string, TopologyPod[]>>();
  for (const p of scheduled) {
    const pool = poolOfNode.get(p.node!) ?? UNKNOWN;
    const byNode = podsByPool.get(pool) ?? new Map<string, TopologyPod[]>();
    podsByPool.set(pool, byNode);
    byNode.set(p.node!, [...(byNode.get(p.node!) ?? []), p]);
  }
  // The placement pool shows even when none of the pods runs there: that is the news.
  const shownPools = new Set<string>([...podsByPool.keys(), ...placement]);
  const order = (a: string, b: string) => {
    const rank = (p: string) => (p === UNKNOWN ? 3 : p === '' ? 2 : placement.has(p) ? 0 : 1);
    return rank(a) - rank(b) || a.localeCompare(b);
  };
  return [...shownPools].sort(order).map((pool) => {
    const byNode = podsByPool.get(pool) ?? new Map<string, TopologyPod[]>();
    const groupNodes: TopologyNode[] = [...byNode]
      .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
      .map(([name, nodePods]) => ({ name, ready: readyOfNode.get(name) ?? false, pods: nodePods }));
    const poolNodes = nodesOfPool.get(pool) ?? [];
    const title = pool === UNKNOWN ? UNKNOWN_POOL_TITLE : pool === '' ? NO_POOL_TITLE : pool;
    return { pool: pool === UNKNOWN ? '' : pool, title, placement: placement.has(pool), nodes: groupNodes, otherNodes: poolNodes.filter((n) => !byNode.has(n)).length };
  });
}

function edgesOf(objects: readonly TopologyObject[], effective: ReadonlyMap<string, KubeObject>, pods: readonly KubeObject[]): TopologyEdge[] {
  const edges: TopologyEdge[] = [];
  const has = (id: string) => effective.has(id);
  for (const o of objects) {
    const object = effective.get(o.id)!;
    switch (o.kind) {
      case 'Ingress':
        for (const service of ingressBackends(object)) if (has(objectId('Service', service))) edges.push({ from: o.id, to: objectId('Service', service), relation: 'routes' });
        break;
      case 'Service':
        for (const p of pods) if (serviceSelects(object, p)) edges.push({ from: o.id, to: objectId('Pod', p.metadata.name ?? ''), relation: 'selects' });
        break;
      case 'HorizontalPodAutoscaler': {
        const kind = str(get(object, 'spec', 'scaleTargetRef', 'kind'));
        const name = str(get(object, 'spec', 'scaleTargetRef', 'name'));
        if (kind && name && has(objectId(kind, name))) edges.push({ from: o.id, to: objectId(kind, name), relation: 'scales' });
        break;
      }
      case 'Deployment':
        for (const p of pods) if (deploymentSelects(object, p)) edges.push({ from: o.id, to: objectId('Pod', p.metadata.name ?? ''), relation: 'manages' });
        for (const claim of claimsOf(object)) if (has(objectId('PersistentVolumeClaim', claim))) edges.push({ from: o.id, to: objectId('PersistentVolumeClaim', claim), relation: 'mounts' });
        break;
      case 'PersistentVolumeClaim':
        break;
    }
  }
  return edges;
}

/** The graph the panel draws. */
export function buildTopology(input: TopologyInput): TopologyModel {
  const { objects, effective } = topologyObjects(input);
  const deployments = objects.filter((o) => o.kind === 'Deployment').map((o) => effective.get(o.id)!);
  const podObjects = applicationPods(input, deployments);
  const pods = podObjects.map(pod);
  const placement = new Set(deployments.map(templatePool).filter((p): p is string => p !== undefined));
  const edges = edgesOf(objects, effective, podObjects);
  const notes = [...(input.notes ?? [])];
  const missing = objects.filter((o) => o.presence === 'missing');
  if (objects.length > 0 && missing.length === objects.length && pods.length === 0) {
    notes.unshift(`Not deployed: nothing of ${input.application.name} runs in namespace ${input.application.namespace} of context ${input.application.context}.`);
  }
  for (const service of objects.filter((o) => o.kind === 'Service' && o.presence === 'live')) {
    if (pods.length > 0 && !edges.some((e) => e.from === service.id)) notes.push(`Service ${service.name} selects none of the Application's pods.`);
  }
  return {
    application: input.application,
    objects,
    pools: poolGroups(pods, input.nodes, placement),
    pending: pods.filter((p) => p.node === undefined),
    edges,
    notes,
  };
}
