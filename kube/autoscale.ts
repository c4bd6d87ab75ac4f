/**
 * `autoscale: true` NodePools on kwok clusters follow pending pods between scaling.min and
 * scaling.max, as a cluster autoscaler would. One pass (reconcileAutoscale):
 * - scale up: pending pods the scheduler found no room for (PodScheduled=False, Unschedulable)
 *   that would fit a pool's node (node selector, required node affinity, taints, requests) are
 *   packed first-fit onto new nodes of the first pool they fit; the pool grows by that many, up
 *   to max;
 * - scale down: a pool no pending pod needs loses its nodes that run nothing but DaemonSet pods
 *   (highest-numbered first, drained then deleted), down to min.
 * runAutoscaler repeats passes until its signal fires.
 */
import { err, ok, type Result } from '../platform/result';
import type { KubeClient } from './client';
import { kubeError, type KubeError } from './errors';
import type { InstanceType, NodePool } from '../platform/model';
import { drainNode, listPoolNodes, renderPoolNode, scaleKwokPool } from './nodePools';
import { collectionPath, staticResource, type KubeObject } from './registry';

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}
interface Requirement {
  key: string;
  operator: string;
  values?: string[];
}
interface PodSpec {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchExpressions?: Requirement[]; matchFields?: Requirement[] }[] } } };
  containers?: { resources?: { requests?: Record<string, string> } }[];
}
interface Pod extends KubeObject {
  spec?: PodSpec;
  status?: { phase?: string; conditions?: { type: string; status: string; reason?: string }[] };
}
interface NodeShape {
  metadata: { name?: string; labels?: Record<string, string> };
  spec?: { taints?: { key: string; value?: string; effect: string }[] };
  status?: { allocatable?: Record<string, string> };
}

/** A Kubernetes quantity ("250m", "1.5", "256Mi", "8Gi", "1e3") as a number of base units. */
export function parseQuantity(text: string | number | undefined): number {
  if (text === undefined) return 0;
  if (typeof text === 'number') return text;
  const m = /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(text.trim());
  if (!m) return 0;
  const factor: Record<string, number> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
  return Number(m[1]) * (m[2] ? factor[m[2]]! : 1);
}

/** A pod's requests (sum of its containers'), in cores and bytes. */
export function podRequests(pod: KubeObject): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of (pod as Pod).spec?.containers ?? []) {
    cpu += parseQuantity(c.resources?.requests?.['cpu']);
    memory += parseQuantity(c.resources?.requests?.['memory']);
  }
  return { cpu, memory };
}

function matches(requirement: Requirement, labels: Record<string, string>): boolean {
  const value = labels[requirement.key];
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

function tolerates(tolerations: readonly Toleration[], taint: { key: string; value?: string; effect: string }): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (!t.key) return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

/**
 * Why the pod could not run on this (empty) node, or undefined when it could: the scheduler's
 * node selector, required node affinity, NoSchedule/NoExecute taints and resource checks. Pure.
 */
export function whyPodDoesNotFit(pod: KubeObject, node: NodeShape): string | undefined {
  const spec = (pod as Pod).spec ?? {};
  const labels = node.metadata.labels ?? {};
  for (const [key, value] of Object.entries(spec.nodeSelector ?? {})) if (labels[key] !== value) return `node selector ${key}=${value}`;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && terms.length > 0) {
    const fieldsOf: Record<string, string> = { 'metadata.name': node.metadata.name ?? '' };
    const any = terms.some((term) => (term.matchExpressions ?? []).every((r) => matches(r, labels)) && (term.matchFields ?? []).every((r) => matches(r, fieldsOf)));
    if (!any) return 'required node affinity';
  }
  for (const taint of node.spec?.taints ?? []) {
    if ((taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') && !tolerates(spec.tolerations ?? [], taint)) return `taint ${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
  }
  const requests = podRequests(pod);
  const allocatable = node.status?.allocatable ?? {};
  if (requests.cpu > parseQuantity(allocatable['cpu'])) return `cpu request ${requests.cpu} > ${allocatable['cpu']}`;
  if (requests.memory > parseQuantity(allocatable['memory'])) return `memory request > ${allocatable['memory']}`;
  return undefined;
}

/** How many empty nodes of this shape hold these pods (first-fit decreasing by cpu). Pure. */
export function nodesNeeded(pods: readonly KubeObject[], node: NodeShape): number {
  const allocatable = node.status?.allocatable ?? {};
  const capacity = { cpu: parseQuantity(allocatable['cpu']), memory: parseQuantity(allocatable['memory']), pods: parseQuantity(allocatable['pods'] ?? '110') };
  const bins: { cpu: number; memory: number; pods: number }[] = [];
  const sorted = pods.map(podRequests).sort((a, b) => b.cpu - a.cpu || b.memory - a.memory);
  for (const r of sorted) {
    const bin = bins.find((b) => b.cpu + r.cpu <= capacity.cpu && b.memory + r.memory <= capacity.memory && b.pods + 1 <= capacity.pods);
    if (bin) {
      bin.cpu += r.cpu;
      bin.memory += r.memory;
      bin.pods += 1;
    } else bins.push({ cpu: r.cpu, memory: r.memory, pods: 1 });
  }
  return bins.length;
}

/** Pending because the scheduler found no node, not because it has not looked yet. */
export function isUnschedulable(pod: KubeObject): boolean {
  const p = pod as Pod;
  if (p.spec?.nodeName || p.status?.phase !== 'Pending' || p.metadata.deletionTimestamp) return false;
  return p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable') ?? false;
}

export function isAutoscaled(pool: NodePool): boolean {
  return pool.spec.scaling?.autoscale === true;
}

export interface AutoscaleAction {
  readonly pool: string;
  readonly action: 'added' | 'removed';
  readonly nodes: readonly string[];
  /** Why: "3 pending pods", "empty". */
  readonly reason: string;
}

export interface AutoscaleOptions {
  readonly signal?: AbortSignal;
  /** Only pending pods of these namespaces count (default: all namespaces). */
  readonly namespaces?: readonly string[];
  /** How long to wait for new nodes to be Ready; default 120 s. */
  readonly timeoutMs?: number;
  readonly onProgress?: (line: string) => void;
}

function ownedByDaemonSet(pod: KubeObject): boolean {
  return ((pod.metadata as { ownerReferences?: { kind: string }[] }).ownerReferences ?? []).some((o) => o.kind === 'DaemonSet');
}

async function pendingPods(client: KubeClient, options: AutoscaleOptions): Promise<Result<KubeObject[], KubeError>> {
  const signal = options.signal ? { signal: options.signal } : {};
  const scopes = options.namespaces && options.namespaces.length > 0 ? options.namespaces : [undefined];
  const out: KubeObject[] = [];
  for (const namespace of scopes) {
    const r = await client.request<{ items: KubeObject[] }>({
      method: 'GET',
      path: collectionPath(staticResource('Pod'), namespace),
      query: { fieldSelector: 'status.phase=Pending' },
      operation: { verb: 'list', resource: 'pods', ...(namespace ? { namespace } : {}) },
      ...signal,
    });
    if (!r.ok) return r;
    out.push(...r.value.body.items.filter(isUnschedulable));
  }
  return ok(out);
}

async function podsOnNode(client: KubeClient, node: string, signal: AbortSignal | undefined): Promise<Result<KubeObject[], KubeError>> {
  const r = await client.request<{ items: KubeObject[] }>({
    method: 'GET',
    path: collectionPath(staticResource('Pod'), undefined),
    query: { fieldSelector: `spec.nodeName=${node},status.phase!=Succeeded,status.phase!=Failed` },
    operation: { verb: 'list', resource: 'pods' },
    ...(signal ? { signal } : {}),
  });
  return r.ok ? ok(r.value.body.items) : r;
}

/** One autoscaling pass over the given pools (those without `autoscale: true` are left alone). */
export async function reconcileAutoscale(client: KubeClient, pools: readonly NodePool[], catalog: readonly InstanceType[], options: AutoscaleOptions = {}): Promise<Result<AutoscaleAction[], KubeError>> {
  const autoscaled = pools.filter(isAutoscaled);
  const actions: AutoscaleAction[] = [];
  if (autoscaled.length === 0) return ok(actions);
  const pending = await pendingPods(client, options);
  if (!pending.ok) return pending;

  // Each pending pod goes to the first pool whose node it would fit.
  const shapes = new Map<string, NodeShape>();
  for (const pool of autoscaled) {
    const shape = renderPoolNode(pool, 1, catalog);
    if (!shape.ok) return shape;
    shapes.set(pool.metadata.name, shape.value as NodeShape);
  }
  const wanted = new Map<string, KubeObject[]>();
  for (const pod of pending.value) {
    const pool = autoscaled.find((p) => whyPodDoesNotFit(pod, shapes.get(p.metadata.name)!) === undefined);
    if (pool) wanted.set(pool.metadata.name, [...(wanted.get(pool.metadata.name) ?? []), pod]);
  }

  for (const pool of autoscaled) {
    const name = pool.metadata.name;
    const { min = 0, max } = pool.spec.scaling ?? {};
    const nodes = await listPoolNodes(client, name, options.signal ? { signal: options.signal } : {});
    if (!nodes.ok) return nodes;
    const current = nodes.value.length;
    const pods = wanted.get(name) ?? [];
    if (pods.length > 0) {
      const target = Math.min(max ?? Number.POSITIVE_INFINITY, current + nodesNeeded(pods, shapes.get(name)!));
      if (target <= current) {
        options.onProgress?.(`node pool ${name}: ${pods.length} pending pods would fit, but it is at its max of ${max} nodes`);
        continue;
      }
      const scaled = await scaleKwokPool(client, pool, target, catalog, {
        ...(options.signal ? { signal: options.signal } : {}),
        timeoutMs: options.timeoutMs ?? 120_000,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      if (!scaled.ok) return scaled;
      actions.push({ pool: name, action: 'added', nodes: scaled.value.added, reason: `${pods.length} pending pod${pods.length === 1 ? '' : 's'}` });
      continue;
    }
    if (current <= min) continue;
    const removed: string[] = [];
    for (const node of [...nodes.value].reverse()) {
      if (current - removed.length <= min) break;
      const nodeName = node.metadata.name!;
      const onNode = await podsOnNode(client, nodeName, options.signal);
      if (!onNode.ok) return onNode;
      if (!onNode.value.every(ownedByDaemonSet)) continue;
      const drained = await drainNode(client, nodeName, {
        ...(options.signal ? { signal: options.signal } : {}),
        timeoutMs: options.timeoutMs ?? 120_000,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      if (!drained.ok) return drained;
      removed.push(nodeName);
    }
    if (removed.length > 0) actions.push({ pool: name, action: 'removed', nodes: removed, reason: 'no pods but DaemonSet pods' });
  }
  return ok(actions);
}

export interface AutoscalerLoopOptions extends AutoscaleOptions {
  readonly signal: AbortSignal;
  /** Pause between passes; default 10 s. */
  readonly intervalMs?: number;
  readonly onActions?: (actions: readonly AutoscaleAction[]) => void;
  /** A pass failed; the loop goes on unless the failure is one that would only repeat. */
  readonly onError?: (error: KubeError) => void;
}

/** Errors no later pass would get past. */
const HOPELESS = new Set(['unauthorized', 'forbidden', 'invalidKubeconfig', 'invalid', 'restricted']);

/** Runs passes until the signal fires; ends early (with the error) only on a failure that would repeat. */
export async function runAutoscaler(client: KubeClient, pools: readonly NodePool[], catalog: readonly InstanceType[], options: AutoscalerLoopOptions): Promise<Result<void, KubeError>> {
  if (!pools.some(isAutoscaled)) return err(kubeError('invalid', `None of the node pools given (${pools.map((p) => p.metadata.name).join(', ') || 'none'}) has scaling.autoscale: true.`));
  while (!options.signal.aborted) {
    const pass = await reconcileAutoscale(client, pools, catalog, options);
    if (pass.ok) {
      if (pass.value.length > 0) options.onActions?.(pass.value);
    } else if (!options.signal.aborted) {
      if (HOPELESS.has(pass.error.kind)) return pass;
      options.onError?.(pass.error);
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, options.intervalMs ?? 10_000);
      function done() {
        clearTimeout(timer);
        options.signal.removeEventListener('abort', done);
        resolve();
      }
      options.signal.addEventListener('abort', done, { once: true });
    });
  }
  return ok(undefined);
}
