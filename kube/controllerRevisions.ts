/**
 * Rollout history of StatefulSets and DaemonSets, as kubectl reads it: their controllers record
 * each pod template in a ControllerRevision they own, whose `revision` is the revision number and
 * whose `data` is the patch `{"spec":{"template":{…,"$patch":"replace"}}}`. Undo applies that
 * patch back to the workload (a strategic merge patch), and the controller rolls forward to it.
 */
import { err, ok, type Result } from '../platform/result';
import type { KubeClient } from './client';
import { kubeError, type KubeError } from './errors';
import { collectionPath, objectPath, staticResource, type KubeObject } from './registry';
import type { PodTemplate, RolloutRevision } from './rolloutRevision';
import { sameJson } from './objects';
import type { RolloutRef } from './workloads';

const CHANGE_CAUSE = 'kubernetes.io/change-cause';

interface ControllerRevision extends KubeObject {
  metadata: KubeObject['metadata'] & { ownerReferences?: { uid: string; controller?: boolean; kind: string; name: string }[]; creationTimestamp?: string };
  revision?: number;
  data?: { spec?: { template?: PodTemplate & { $patch?: string } } };
}

interface Workload extends KubeObject {
  spec?: { selector?: { matchLabels?: Record<string, string> }; template?: PodTemplate; replicas?: number };
  status?: { currentRevision?: string; updateRevision?: string };
}

type Signal = { readonly signal?: AbortSignal };

/** The pod template a ControllerRevision records, without the patch directive. */
export function templateOfRevision(revision: { data?: unknown }): PodTemplate | undefined {
  const template = (revision.data as ControllerRevision['data'])?.spec?.template;
  if (!template || typeof template !== 'object') return undefined;
  const copy = JSON.parse(JSON.stringify(template)) as PodTemplate & { $patch?: string };
  delete copy.$patch;
  return copy;
}

/** The history rows of a StatefulSet or DaemonSet from the ControllerRevisions it controls, oldest first. Pure. */
export function historyFromControllerRevisions(workload: KubeObject, revisions: readonly KubeObject[]): RolloutRevision[] {
  const w = workload as Workload;
  const uid = w.metadata.uid;
  const owned = (revisions as ControllerRevision[]).filter((r) =>
    r.metadata.ownerReferences?.some((o) => o.controller && (uid ? o.uid === uid : o.kind === w.kind && o.name === w.metadata.name)),
  );
  const rows: RolloutRevision[] = [];
  for (const r of owned) {
    const template = templateOfRevision(r);
    if (typeof r.revision !== 'number' || !template) continue;
    const cause = r.metadata.annotations?.[CHANGE_CAUSE];
    rows.push({
      revision: r.revision,
      replicaSet: r.metadata.name ?? '?',
      ...(cause ? { changeCause: cause } : {}),
      images: (template.spec?.containers ?? []).map((c) => `${c.name}=${c.image ?? ''}`),
      template,
      replicas: 0,
      ...(r.metadata.creationTimestamp ? { created: r.metadata.creationTimestamp } : {}),
      current: sameJson(template, w.spec?.template),
    });
  }
  return rows.sort((a, b) => a.revision - b.revision);
}

function path(ref: RolloutRef & { kind: 'StatefulSet' | 'DaemonSet' }, namespace: string): string {
  return objectPath(staticResource(ref.kind), namespace, ref.name);
}

function revisionKind(ref: RolloutRef): Result<RolloutRef & { kind: 'StatefulSet' | 'DaemonSet' }, KubeError> {
  if (ref.kind !== 'StatefulSet' && ref.kind !== 'DaemonSet') return err(kubeError('invalid', `ControllerRevision history is for StatefulSets and DaemonSets, not ${ref.kind}s ("${ref.name}").`));
  return ok(ref as RolloutRef & { kind: 'StatefulSet' | 'DaemonSet' });
}

/** The workload and its history (ControllerRevisions), oldest revision first. */
export async function controllerRevisionHistory(client: KubeClient, ref: RolloutRef, options: Signal = {}): Promise<Result<{ workload: KubeObject; history: RolloutRevision[] }, KubeError>> {
  const kind = revisionKind(ref);
  if (!kind.ok) return kind;
  const namespace = ref.namespace ?? client.namespace;
  const signal = options.signal ? { signal: options.signal } : {};
  const workload = await client.request<Workload>({ method: 'GET', path: path(kind.value, namespace), operation: { verb: 'get', resource: staticResource(kind.value.kind).plural, namespace, name: ref.name }, ...signal });
  if (!workload.ok) return workload;
  const labels = workload.value.body.spec?.selector?.matchLabels;
  const labelSelector = labels ? Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',') : undefined;
  const revisions = await client.request<{ items: KubeObject[] }>({
    method: 'GET',
    path: collectionPath(staticResource('ControllerRevision'), namespace),
    ...(labelSelector ? { query: { labelSelector } } : {}),
    operation: { verb: 'list', resource: 'controllerrevisions', namespace },
    ...signal,
  });
  if (!revisions.ok) return revisions;
  return ok({ workload: workload.value.body, history: historyFromControllerRevisions(workload.value.body, revisions.value.body.items) });
}

/**
 * Puts a revision's pod template back into the StatefulSet or DaemonSet, as kubectl does (the
 * revision's data as a strategic merge patch), refused if the workload changed since it was read.
 */
export async function restoreControllerRevision(
  client: KubeClient,
  ref: RolloutRef,
  workload: KubeObject,
  revision: RolloutRevision,
  options: Signal & { dryRun?: boolean } = {},
): Promise<Result<void, KubeError>> {
  const kind = revisionKind(ref);
  if (!kind.ok) return kind;
  const namespace = ref.namespace ?? client.namespace;
  const patched = await client.request({
    method: 'PATCH',
    path: path(kind.value, namespace),
    contentType: 'application/strategic-merge-patch+json',
    query: { fieldManager: 'berth-rollout', ...(options.dryRun ? { dryRun: 'All' } : {}) },
    // The resourceVersion makes the patch conditional: a concurrent change is a 409, not lost.
    body: { metadata: { resourceVersion: workload.metadata.resourceVersion }, spec: { template: { ...revision.template, $patch: 'replace' } } },
    operation: { verb: 'patch', resource: staticResource(kind.value.kind).plural, namespace, name: ref.name },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!patched.ok) {
    if (patched.error.kind === 'conflict') {
      return err(kubeError('conflict', `${ref.kind} "${ref.name}" in namespace "${namespace}" changed while rolling back; run the undo again.`, patched.error.operation ? { operation: patched.error.operation } : {}));
    }
    return patched;
  }
  return ok(undefined);
}

/** Same template as the workload has now: an undo to it is skipped. */
export function isCurrentTemplate(workload: KubeObject, revision: RolloutRevision): boolean {
  return sameJson(revision.template, (workload as Workload).spec?.template);
}
