/**
 * From what a user names (a pod, or a workload that runs pods) to the pods themselves: a
 * workload's pods are those its selector matches, listed now, and the selector is kept so that a
 * follower can notice pods that start later. Shared by the extension's and the CLI's logs.
 */
import { err, ok, type Result } from '../platform/result';
import type { KubeClient } from './client';
import { kubeError, type KubeError } from './errors';
import { selectorQuery, type LabelSelector } from './labelSelector';
import { collectionPath, knownKind, objectPath, staticResource, type KubeObject } from './registry';

/** The kinds whose pods are found through their selector. */
export const POD_OWNER_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'] as const;
export type PodOwnerKind = (typeof POD_OWNER_KINDS)[number];

/** A pod, or a workload whose pods are meant. */
export interface PodSource {
  readonly kind: 'Pod' | PodOwnerKind;
  readonly name: string;
  /** Default: the client's namespace. */
  readonly namespace?: string;
}

export interface PodObject extends KubeObject {
  spec?: { containers?: { name: string }[]; [key: string]: unknown };
}

interface Signal {
  readonly signal?: AbortSignal;
}

function isPodOwner(kind: string): kind is PodOwnerKind {
  return (POD_OWNER_KINDS as readonly string[]).includes(kind);
}

/**
 * "web-1" or "pod/web-1" (a pod), "deployment/web", "deploy/web", "sts/db", "daemonset/agent",
 * "rs/web-5d4f", "job/migrate": any name kubectl accepts for those kinds.
 */
export function parsePodSource(text: string, namespace?: string): Result<PodSource, KubeError> {
  const slash = text.indexOf('/');
  const kindText = slash < 0 ? 'pod' : text.slice(0, slash);
  const name = slash < 0 ? text : text.slice(slash + 1);
  const kind = knownKind(kindText)?.kind;
  if (!name || name.includes('/') || !kind || (kind !== 'Pod' && !isPodOwner(kind))) {
    return err(kubeError('invalid', `"${text}" is not a pod or a workload: use <pod>, pod/<name>, or deployment, statefulset, daemonset, replicaset or job/<name>.`));
  }
  return ok({ kind, name, ...(namespace ? { namespace } : {}) });
}

/** The `labelSelector` that matches a workload's pods, read from the workload's spec.selector. */
export async function workloadPodSelector(client: KubeClient, workload: PodSource & { kind: PodOwnerKind }, options: Signal = {}): Promise<Result<string, KubeError>> {
  const namespace = workload.namespace ?? client.namespace;
  const info = staticResource(workload.kind);
  const r = await client.request<KubeObject & { spec?: { selector?: LabelSelector } }>({
    method: 'GET',
    path: objectPath(info, namespace, workload.name),
    operation: { verb: 'get', resource: info.plural, namespace, name: workload.name },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!r.ok) return r;
  const selector = selectorQuery(r.value.body.spec?.selector);
  // An empty selector would match every pod in the namespace.
  if (!selector) return err(kubeError('invalid', `${workload.kind} "${workload.name}" in namespace "${namespace}" has no pod selector.`));
  return ok(selector);
}

/** The pods of a source, by name; for a workload also its selector (to follow pods that join later). */
export async function podsOf(client: KubeClient, source: PodSource, options: Signal = {}): Promise<Result<{ pods: PodObject[]; selector?: string }, KubeError>> {
  const namespace = source.namespace ?? client.namespace;
  const signal = options.signal ? { signal: options.signal } : {};
  const pods = staticResource('Pod');
  if (source.kind === 'Pod') {
    const r = await client.request<PodObject>({ method: 'GET', path: objectPath(pods, namespace, source.name), operation: { verb: 'get', resource: pods.plural, namespace, name: source.name }, ...signal });
    return r.ok ? ok({ pods: [r.value.body] }) : r;
  }
  const selector = await workloadPodSelector(client, { ...source, kind: source.kind, namespace }, options);
  if (!selector.ok) return selector;
  const listed = await client.request<{ items: PodObject[] }>({
    method: 'GET',
    path: collectionPath(pods, namespace),
    query: { labelSelector: selector.value },
    operation: { verb: 'list', resource: pods.plural, namespace },
    ...signal,
  });
  if (!listed.ok) return listed;
  const sorted = listed.value.body.items.sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  return ok({ pods: sorted, selector: selector.value });
}
