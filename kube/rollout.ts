/**
 * Rollout history and undo for Deployments, as `kubectl rollout history` and `kubectl rollout
 * undo` do them: the history is the ReplicaSets the Deployment controls, each revision the
 * `deployment.kubernetes.io/revision` annotation of one; undo copies a ReplicaSet's pod template
 * (minus its `pod-template-hash` label) back into the Deployment with a JSON patch, together
 * with that ReplicaSet's annotations (the change cause), and the controller rolls forward to it.
 */
import { err, ok, type Result } from '../platform/result';
import type { KubeClient } from './client';
import { kubeError, type KubeError } from './errors';
import { controllerRevisionHistory, isCurrentTemplate, restoreControllerRevision } from './controllerRevisions';
import { collectionPath, objectPath, staticResource, type KubeObject } from './registry';
import type { PodTemplate, RolloutRevision } from './rolloutRevision';
import type { RolloutRef } from './workloads';
import { sameJson } from './objects';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** Deployment annotations an undo keeps from the Deployment rather than the ReplicaSet (kubectl's list). */
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

interface ReplicaSet extends KubeObject {
  metadata: KubeObject['metadata'] & { ownerReferences?: { uid: string; controller?: boolean; kind: string; name: string }[]; creationTimestamp?: string };
  spec?: { replicas?: number; template?: PodTemplate };
  status?: { replicas?: number; readyReplicas?: number; availableReplicas?: number };
}

interface Deployment extends KubeObject {
  spec?: { paused?: boolean; template?: PodTemplate };
}

interface Signal {
  readonly signal?: AbortSignal;
}

function deploymentPath(namespace: string, name: string): string {
  return objectPath(staticResource('Deployment'), namespace, name);
}

/** The revision number of a ReplicaSet, or undefined when the annotation is missing or not a number. */
export function revisionOf(object: { metadata?: { annotations?: Record<string, string> } }): number | undefined {
  const text = object.metadata?.annotations?.[REVISION_ANNOTATION];
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}

/** A deep copy of a pod template without the pod-template-hash label. */
export function templateWithoutHash(template: PodTemplate | undefined): PodTemplate {
  const copy = JSON.parse(JSON.stringify(template ?? {})) as PodTemplate;
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  return copy;
}

/** Two pod templates are the same rollout, the pod-template-hash label aside (kubectl's EqualIgnoreHash). */
export function sameTemplateIgnoringHash(a: PodTemplate | undefined, b: PodTemplate | undefined): boolean {
  return sameJson(templateWithoutHash(a), templateWithoutHash(b));
}

/**
 * Which revision an undo goes to, as kubectl picks it: `toRevision` 0 (or undefined) means the
 * newest revision before the newest one; otherwise exactly that revision. Pure.
 */
export function selectRevision<R extends { readonly revision: number }>(history: readonly R[], toRevision: number | undefined, deployment = 'the deployment'): Result<R, KubeError> {
  if (toRevision !== undefined && (!Number.isInteger(toRevision) || toRevision < 0)) {
    return err(kubeError('invalid', `A revision is a whole number >= 0 (0 = the previous one), not ${toRevision}.`));
  }
  if (toRevision !== undefined && toRevision > 0) {
    const found = history.find((r) => r.revision === toRevision);
    if (!found) {
      const known = history.map((r) => r.revision).sort((a, b) => a - b);
      return err(kubeError('notFound', `Unable to find revision ${toRevision} in the history of ${deployment}${known.length > 0 ? `; it has revisions ${known.join(', ')}` : ''}.`));
    }
    return ok(found);
  }
  const sorted = [...history].sort((a, b) => b.revision - a.revision);
  const previous = sorted[1];
  if (!previous) return err(kubeError('notFound', `No rollout history to go back to for ${deployment}: ${sorted.length === 0 ? 'it has no revisions' : `it has only revision ${sorted[0]!.revision}`}.`));
  return ok(previous);
}

/** The history rows of a Deployment from its ReplicaSets, oldest revision first. Pure. */
export function historyFromReplicaSets(deployment: Deployment, replicaSets: readonly KubeObject[]): RolloutRevision[] {
  const uid = deployment.metadata.uid;
  const owned = (replicaSets as ReplicaSet[]).filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller && (uid ? o.uid === uid : o.kind === 'Deployment' && o.name === deployment.metadata.name)));
  const rows: RolloutRevision[] = [];
  for (const rs of owned) {
    const revision = revisionOf(rs);
    if (revision === undefined) continue;
    const template = templateWithoutHash(rs.spec?.template);
    const cause = rs.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION];
    rows.push({
      revision,
      replicaSet: rs.metadata.name ?? '?',
      ...(cause ? { changeCause: cause } : {}),
      images: (template.spec?.containers ?? []).map((c) => `${c.name}=${c.image ?? ''}`),
      template,
      replicas: rs.status?.replicas ?? rs.spec?.replicas ?? 0,
      ...(rs.metadata.creationTimestamp ? { created: rs.metadata.creationTimestamp } : {}),
      current: sameTemplateIgnoringHash(rs.spec?.template, deployment.spec?.template),
    });
  }
  return rows.sort((a, b) => a.revision - b.revision);
}


async function getDeployment(client: KubeClient, namespace: string, name: string, options: Signal): Promise<Result<Deployment, KubeError>> {
  const r = await client.request<Deployment>({
    method: 'GET',
    path: deploymentPath(namespace, name),
    operation: { verb: 'get', resource: 'deployments', namespace, name },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return r.ok ? ok(r.value.body) : r;
}

async function historyOf(client: KubeClient, deployment: Deployment, namespace: string, options: Signal): Promise<Result<RolloutRevision[], KubeError>> {
  const selector = (deployment.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels;
  const labelSelector = selector ? Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',') : undefined;
  const r = await client.request<{ items: KubeObject[] }>({
    method: 'GET',
    path: collectionPath(staticResource('ReplicaSet'), namespace),
    ...(labelSelector ? { query: { labelSelector } } : {}),
    operation: { verb: 'list', resource: 'replicasets', namespace },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return r.ok ? ok(historyFromReplicaSets(deployment, r.value.body.items)) : r;
}

/**
 * `kubectl rollout history <kind>/<name>`: every revision, oldest first. Deployments from their
 * ReplicaSets; StatefulSets and DaemonSets from their ControllerRevisions.
 */
export async function rolloutHistory(client: KubeClient, ref: RolloutRef, options: Signal = {}): Promise<Result<RolloutRevision[], KubeError>> {
  if (ref.kind !== 'Deployment') {
    const found = await controllerRevisionHistory(client, ref, options);
    return found.ok ? ok(found.value.history) : found;
  }
  const namespace = ref.namespace ?? client.namespace;
  const deployment = await getDeployment(client, namespace, ref.name, options);
  if (!deployment.ok) return deployment;
  return historyOf(client, deployment.value, namespace, options);
}

export interface UndoResult {
  /** The revision whose template the Deployment now has. */
  readonly revision: number;
  readonly replicaSet: string;
  readonly images: readonly string[];
  /** True when the Deployment already had that template: nothing was changed (kubectl's "skipped rollback"). */
  readonly skipped: boolean;
}

/**
 * `kubectl rollout undo deployment/<name> [--to-revision R]`: puts the pod template of revision R
 * (default: the previous one) back into the Deployment. The controller then rolls out a new
 * revision with that template (the old ReplicaSet is reused, so its revision number moves up).
 */
export async function undoRollout(client: KubeClient, ref: RolloutRef, options: Signal & { toRevision?: number; dryRun?: boolean } = {}): Promise<Result<UndoResult, KubeError>> {
  if (ref.kind !== 'Deployment') return undoFromControllerRevisions(client, ref, options);
  const namespace = ref.namespace ?? client.namespace;
  const deployment = await getDeployment(client, namespace, ref.name, options);
  if (!deployment.ok) return deployment;
  if (deployment.value.spec?.paused) {
    return err(kubeError('invalid', `Deployment "${ref.name}" in namespace "${namespace}" is paused: resume it (kubectl rollout resume) before rolling back.`));
  }
  const history = await historyOf(client, deployment.value, namespace, options);
  if (!history.ok) return history;
  const target = selectRevision(history.value, options.toRevision, `deployment "${ref.name}" in namespace "${namespace}"`);
  if (!target.ok) return target;
  const chosen = target.value;
  const summary = { revision: chosen.revision, replicaSet: chosen.replicaSet, images: chosen.images };
  if (sameTemplateIgnoringHash(chosen.template, deployment.value.spec?.template)) return ok({ ...summary, skipped: true });

  // The ReplicaSet's annotations come along (the change cause), except the controller's own.
  const replicaSetAnnotations = await client.request<ReplicaSet>({
    method: 'GET',
    path: objectPath(staticResource('ReplicaSet'), namespace, chosen.replicaSet),
    operation: { verb: 'get', resource: 'replicasets', namespace, name: chosen.replicaSet },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!replicaSetAnnotations.ok) return replicaSetAnnotations;
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(deployment.value.metadata.annotations ?? {})) if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(replicaSetAnnotations.value.body.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;

  const patched = await client.request({
    method: 'PATCH',
    path: deploymentPath(namespace, ref.name),
    contentType: 'application/json-patch+json',
    query: { fieldManager: 'berth-rollout', ...(options.dryRun ? { dryRun: 'All' } : {}) },
    body: [
      // Refused if someone changed the Deployment since it was read (optimistic concurrency).
      { op: 'test', path: '/metadata/resourceVersion', value: deployment.value.metadata.resourceVersion },
      { op: 'replace', path: '/spec/template', value: chosen.template },
      { op: 'add', path: '/metadata/annotations', value: annotations },
    ],
    operation: { verb: 'patch', resource: 'deployments', namespace, name: ref.name },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!patched.ok) {
    if (/test(ing value| operation| failed)/i.test(patched.error.detail ?? patched.error.message)) {
      return err(kubeError('conflict', `Deployment "${ref.name}" in namespace "${namespace}" changed while rolling back; run the undo again.`, { operation: patched.error.operation! }));
    }
    return patched;
  }
  return ok({ ...summary, skipped: false });
}

/** StatefulSets and DaemonSets: kubectl's undo through ControllerRevisions. */
async function undoFromControllerRevisions(client: KubeClient, ref: RolloutRef, options: Signal & { toRevision?: number; dryRun?: boolean }): Promise<Result<UndoResult, KubeError>> {
  const namespace = ref.namespace ?? client.namespace;
  const found = await controllerRevisionHistory(client, ref, options);
  if (!found.ok) return found;
  const target = selectRevision(found.value.history, options.toRevision, `${ref.kind.toLowerCase()} "${ref.name}" in namespace "${namespace}"`);
  if (!target.ok) return target;
  const chosen = target.value;
  const summary = { revision: chosen.revision, replicaSet: chosen.replicaSet, images: chosen.images };
  if (isCurrentTemplate(found.value.workload, chosen)) return ok({ ...summary, skipped: true });
  const restored = await restoreControllerRevision(client, ref, found.value.workload, chosen, options);
  return restored.ok ? ok({ ...summary, skipped: false }) : restored;
}

/** kubectl's history table: REVISION  CHANGE-CAUSE, plus images and the current marker. */
export function formatHistory(name: string, history: readonly RolloutRevision[], kind: RolloutRef['kind'] = 'Deployment'): string {
  const lines = [`${kind.toLowerCase()}.apps/${name}`, 'REVISION  CHANGE-CAUSE'];
  for (const row of history) lines.push(`${String(row.revision).padEnd(8)}  ${row.changeCause ?? '<none>'}  (${row.images.join(', ') || 'no containers'}; ${row.replicaSet}${row.current ? '; current' : ''})`);
  if (history.length === 0) lines.push('(no revisions)');
  return lines.join('\n');
}
