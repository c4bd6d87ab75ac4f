/**
 * Day-two operations on workloads: scale (the scale subresource), rollout status, rollout
 * restart, and pod logs.
 */
import { err, ok, type Result } from '../platform/result';
import type { KubeClient } from './client';
import { kubeError, type KubeError } from './errors';
import { collectionPath, objectPath, staticResource, type KubeObject, type Subresource } from './registry';
import { waitForList } from './wait';

/** Kinds with a scale subresource that Berth scales. */
export type WorkloadKind = 'Deployment' | 'StatefulSet';
/** Kinds that roll out (status, restart, history, undo): the scalable ones and DaemonSets. */
export type RolloutKind = WorkloadKind | 'DaemonSet';

/** The plural of a workload kind, for messages and operations. */
const plural = (kind: RolloutKind): string => staticResource(kind).plural;

export interface WorkloadRef {
  readonly kind: WorkloadKind;
  readonly name: string;
  /** Default: the client's namespace. */
  readonly namespace?: string;
}

/** A workload that rolls out; a WorkloadRef is one. */
export interface RolloutRef {
  readonly kind: RolloutKind;
  readonly name: string;
  /** Default: the client's namespace. */
  readonly namespace?: string;
}

interface Signal {
  readonly signal?: AbortSignal;
}

function workloadPath(ref: RolloutRef, namespace: string, subresource?: Subresource): string {
  return objectPath(staticResource(ref.kind), namespace, ref.name, subresource);
}

/** Parses "deployment/web", "deploy/web", "sts/db", "statefulset/db", or a bare name (a Deployment). */
export function parseWorkloadRef(text: string, namespace?: string): Result<WorkloadRef, KubeError> {
  const [kindText, name] = text.includes('/') ? text.split('/', 2) : ['deployment', text];
  const kind: WorkloadKind | undefined = /^(deployments?|deploy)$/i.test(kindText!)
    ? 'Deployment'
    : /^(statefulsets?|sts)$/i.test(kindText!)
      ? 'StatefulSet'
      : undefined;
  if (!kind || !name) return err(kubeError('invalid', `"${text}" is not a workload: use deployment/<name> or statefulset/<name>.`));
  return ok({ kind, name, ...(namespace ? { namespace } : {}) });
}

/** Like parseWorkloadRef, and "daemonset/x" / "ds/x" too. */
export function parseRolloutRef(text: string, namespace?: string): Result<RolloutRef, KubeError> {
  const [kindText, name] = text.includes('/') ? text.split('/', 2) : ['deployment', text];
  if (/^(daemonsets?|ds)$/i.test(kindText!) && name) return ok({ kind: 'DaemonSet', name, ...(namespace ? { namespace } : {}) });
  const ref = parseWorkloadRef(text, namespace);
  if (!ref.ok) return err(kubeError('invalid', `"${text}" is not a workload: use deployment/<name>, statefulset/<name> or daemonset/<name>.`));
  return ref;
}

/** Sets the replica count through the scale subresource; returns the previous count. */
export async function scaleWorkload(client: KubeClient, ref: WorkloadRef, replicas: number, options: Signal = {}): Promise<Result<{ previous: number; replicas: number }, KubeError>> {
  if (!Number.isInteger(replicas) || replicas < 0) return err(kubeError('invalid', `Replicas must be a whole number >= 0, not ${replicas}.`));
  const namespace = ref.namespace ?? client.namespace;
  const resource = `${plural(ref.kind)}/scale`;
  const current = await client.request<{ spec?: { replicas?: number } }>({
    method: 'GET',
    path: workloadPath(ref, namespace, 'scale'),
    operation: { verb: 'get', resource, namespace, name: ref.name },
    ...options,
  });
  if (!current.ok) return current;
  const patched = await client.request<{ spec?: { replicas?: number } }>({
    method: 'PATCH',
    path: workloadPath(ref, namespace, 'scale'),
    contentType: 'application/merge-patch+json',
    body: { spec: { replicas } },
    operation: { verb: 'patch', resource, namespace, name: ref.name },
    ...options,
  });
  if (!patched.ok) return patched;
  return ok({ previous: current.value.body.spec?.replicas ?? 0, replicas: patched.value.body.spec?.replicas ?? replicas });
}

/** Like `kubectl rollout restart`: stamps the pod template so every pod is replaced. */
export async function restartRollout(client: KubeClient, ref: RolloutRef, options: Signal & { now?: Date } = {}): Promise<Result<void, KubeError>> {
  const namespace = ref.namespace ?? client.namespace;
  const patched = await client.request({
    method: 'PATCH',
    path: workloadPath(ref, namespace),
    contentType: 'application/strategic-merge-patch+json',
    body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': (options.now ?? new Date()).toISOString() } } } } },
    operation: { verb: 'patch', resource: plural(ref.kind), namespace, name: ref.name },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return patched.ok ? ok(undefined) : patched;
}

export interface RolloutState {
  readonly done: boolean;
  /** kubectl's wording: "Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available..." */
  readonly message: string;
  readonly desired: number;
  readonly updated: number;
  readonly ready: number;
  readonly available: number;
}

/** The rollout state of a Deployment, StatefulSet or DaemonSet object, as `kubectl rollout status` judges it. */
export function rolloutState(kind: RolloutKind, object: KubeObject): RolloutState {
  if (kind === 'DaemonSet') return daemonSetState(object);
  const o = object as KubeObject & {
    spec?: { replicas?: number; updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } } };
    status?: { observedGeneration?: number; replicas?: number; updatedReplicas?: number; readyReplicas?: number; availableReplicas?: number; currentRevision?: string; updateRevision?: string; conditions?: { type: string; reason?: string }[] };
    metadata: { generation?: number; name?: string };
  };
  const name = o.metadata.name ?? '?';
  const desired = o.spec?.replicas ?? 1;
  const s = o.status ?? {};
  const updated = s.updatedReplicas ?? 0;
  const ready = s.readyReplicas ?? 0;
  const available = s.availableReplicas ?? 0;
  const counts = { desired, updated, ready, available };
  const what = `${kind === 'Deployment' ? 'deployment' : 'statefulset'} "${name}"`;
  if ((o.metadata.generation ?? 0) > (s.observedGeneration ?? 0)) return { done: false, message: `Waiting for ${what} spec update to be observed...`, ...counts };
  if (kind === 'Deployment') {
    if (s.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded')) {
      return { done: false, message: `${what} exceeded its progress deadline`, ...counts };
    }
    if (updated < desired) return { done: false, message: `Waiting for ${what} rollout to finish: ${updated} out of ${desired} new replicas have been updated...`, ...counts };
    if ((s.replicas ?? 0) > updated) return { done: false, message: `Waiting for ${what} rollout to finish: ${(s.replicas ?? 0) - updated} old replicas are pending termination...`, ...counts };
    if (available < updated) return { done: false, message: `Waiting for ${what} rollout to finish: ${available} of ${updated} updated replicas are available...`, ...counts };
    return { done: true, message: `${what} successfully rolled out`, ...counts };
  }
  if (ready < desired) return { done: false, message: `Waiting for ${desired - ready} pods to be ready for ${what}...`, ...counts };
  const partition = o.spec?.updateStrategy?.rollingUpdate?.partition;
  if (o.spec?.updateStrategy?.type !== 'OnDelete' && partition !== undefined && partition > 0) {
    // A partitioned rollout only updates the pods at or above the partition ordinal.
    if (updated < desired - partition) return { done: false, message: `Waiting for partitioned roll out of ${what} to finish: ${updated} out of ${desired - partition} new pods have been updated...`, ...counts };
    return { done: true, message: `partitioned roll out of ${what} complete: ${updated} new pods have been updated`, ...counts };
  }
  if (o.spec?.updateStrategy?.type !== 'OnDelete' && s.updateRevision && s.currentRevision !== s.updateRevision) {
    return { done: false, message: `Waiting for ${what} rolling update to complete ${updated} pods at revision ${s.updateRevision}...`, ...counts };
  }
  return { done: true, message: `${what} successfully rolled out`, ...counts };
}

/** kubectl's DaemonSet status viewer: every scheduled pod updated, then available. */
function daemonSetState(object: KubeObject): RolloutState {
  const o = object as KubeObject & {
    status?: { observedGeneration?: number; desiredNumberScheduled?: number; updatedNumberScheduled?: number; numberReady?: number; numberAvailable?: number };
    metadata: { generation?: number; name?: string };
  };
  const s = o.status ?? {};
  const desired = s.desiredNumberScheduled ?? 0;
  const updated = s.updatedNumberScheduled ?? 0;
  const counts = { desired, updated, ready: s.numberReady ?? 0, available: s.numberAvailable ?? 0 };
  const what = `daemon set "${o.metadata.name ?? '?'}"`;
  if ((o.metadata.generation ?? 0) > (s.observedGeneration ?? 0)) return { done: false, message: `Waiting for ${what} spec update to be observed...`, ...counts };
  if (updated < desired) return { done: false, message: `Waiting for ${what} rollout to finish: ${updated} out of ${desired} new pods have been updated...`, ...counts };
  if (counts.available < desired) return { done: false, message: `Waiting for ${what} rollout to finish: ${counts.available} of ${desired} updated pods are available...`, ...counts };
  return { done: true, message: `${what} successfully rolled out`, ...counts };
}

/**
 * Waits until the rollout is complete (watching the object); `onProgress` hears each new state.
 * With timeoutMs 0 it only reports the current state.
 */
export async function rolloutStatus(
  client: KubeClient,
  ref: RolloutRef,
  options: Signal & { timeoutMs?: number; onProgress?: (state: RolloutState) => void } = {},
): Promise<Result<RolloutState, KubeError>> {
  const namespace = ref.namespace ?? client.namespace;
  const collection = collectionPath(staticResource(ref.kind), namespace);
  const existing = await client.request<KubeObject>({
    method: 'GET',
    path: workloadPath(ref, namespace),
    operation: { verb: 'get', resource: plural(ref.kind), namespace, name: ref.name },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!existing.ok) return existing;
  let state = rolloutState(ref.kind, existing.value.body);
  options.onProgress?.(state);
  if (state.done || options.timeoutMs === 0) return ok(state);
  let lastMessage = state.message;
  const waited = await waitForList<KubeObject>(
    client,
    collection,
    { fieldSelector: `metadata.name=${ref.name}` },
    (items) => {
      const item = items[0];
      if (!item) return false;
      state = rolloutState(ref.kind, item);
      if (state.message !== lastMessage) {
        lastMessage = state.message;
        options.onProgress?.(state);
      }
      return state.done;
    },
    { timeoutMs: options.timeoutMs ?? 300_000, what: `the rollout of ${ref.kind} ${namespace}/${ref.name}`, describe: () => state.message, ...(options.signal ? { signal: options.signal } : {}) },
  );
  return waited.ok ? ok(state) : waited;
}

export interface LogOptions extends Signal {
  readonly namespace?: string;
  readonly container?: string;
  /** Last N lines; default 100; null for all of them. */
  readonly tailLines?: number | null;
  readonly previous?: boolean;
  readonly timestamps?: boolean;
  /** Only lines newer than this many seconds. */
  readonly sinceSeconds?: number;
  /** Only lines at or after this RFC 3339 time (ignored when sinceSeconds is given). */
  readonly sinceTime?: string;
}

/** The tail of a pod's log. */
export async function podLogs(client: KubeClient, pod: string, options: LogOptions = {}): Promise<Result<string, KubeError>> {
  const namespace = options.namespace ?? client.namespace;
  const r = await client.request<string>({
    method: 'GET',
    path: objectPath(staticResource('Pod'), namespace, pod, 'log'),
    query: {
      container: options.container,
      tailLines: options.tailLines === null ? undefined : (options.tailLines ?? 100),
      previous: options.previous || undefined,
      timestamps: options.timestamps || undefined,
      sinceSeconds: options.sinceSeconds,
      sinceTime: options.sinceSeconds === undefined ? options.sinceTime : undefined,
    },
    text: true,
    operation: { verb: 'get', resource: 'pods/log', namespace, name: pod },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return r.ok ? ok(r.value.body) : r;
}

export interface PodSummary {
  readonly name: string;
  readonly namespace: string;
  readonly phase: string;
  readonly node?: string;
  readonly ready: boolean;
}

export function summarizePod(pod: KubeObject): PodSummary {
  const p = pod as KubeObject & { spec?: { nodeName?: string }; status?: { phase?: string; conditions?: { type: string; status: string }[] } };
  return {
    name: p.metadata.name ?? '?',
    namespace: p.metadata.namespace ?? '',
    phase: p.status?.phase ?? 'Unknown',
    ...(p.spec?.nodeName ? { node: p.spec.nodeName } : {}),
    ready: p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
  };
}

/** Pods matching a label selector. */
export async function listPods(client: KubeClient, selector: string, options: Signal & { namespace?: string } = {}): Promise<Result<PodSummary[], KubeError>> {
  const namespace = options.namespace ?? client.namespace;
  const r = await client.request<{ items: KubeObject[] }>({
    method: 'GET',
    path: collectionPath(staticResource('Pod'), namespace),
    query: { labelSelector: selector },
    operation: { verb: 'list', resource: 'pods', namespace },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return r.ok ? ok(r.value.body.items.map(summarizePod)) : r;
}
