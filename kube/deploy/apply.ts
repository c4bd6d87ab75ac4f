/**
 * Deploying objects: server-side apply (field manager `berth`) in dependency order, with a result
 * per object, and pruning of what Berth applied earlier for an Application that is no longer
 * rendered. One object failing does not stop the others; a dead connection does.
 */
import { err, ok, type Result } from '../../platform/result';
import type { KubeClient } from '../client';
import { kubeError, notAttempted, type KubeError } from '../errors';
import { claimedIdentity, objectKey, sameJson, shapeProblem, withoutServerFields } from '../objects';
import { collectionPath, forgetDiscovery, objectPath, resourceFor, staticResource, type KubeObject, type ResourceInfo } from '../registry';
import { pollUntil } from '../wait';
import type { ObjectSource } from './findings';
import { LIST_FROM, LiveMetadata } from './liveMetadata';
import { applyChanged } from './outcome';
import { PendingNamespaces } from './pendingNamespaces';

export const FIELD_MANAGER = 'berth';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const APPLICATION_LABEL = 'berth.dev/application';

export type ApplyAction = 'created' | 'configured' | 'unchanged' | 'failed' | 'pruned';

export interface ApplyObjectResult {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly action: ApplyAction;
  /** Why it failed. */
  readonly error?: KubeError;
  /** Where the object came from, when the caller said (ApplyOptions.sources). */
  readonly source?: ObjectSource;
  /** A dry run could not check it, and why (its namespace is created by the same deploy). */
  readonly unchecked?: string;
}

export interface ApplyReport {
  readonly dryRun: boolean;
  readonly results: readonly ApplyObjectResult[];
}

export interface ApplyOptions {
  /** Namespace for namespaced objects that name none; default the client's namespace. */
  readonly namespace?: string;
  /** Server-side dry run (dryRun=All): nothing is persisted. */
  readonly dryRun?: boolean;
  /** Take over fields another manager owns instead of reporting a conflict. */
  readonly force?: boolean;
  /**
   * Prune: for each Application named here, delete objects labelled as applied by Berth for it
   * (in `namespaces`) that are not among the objects applied now.
   */
  readonly prune?: { readonly applications: readonly { name: string; namespaces: readonly string[] }[] };
  readonly signal?: AbortSignal;
  /** Called after each object, for progress output. */
  readonly onResult?: (result: ApplyObjectResult) => void;
  /** The source of each object, by its index in `objects`; carried into its result. */
  readonly sources?: readonly (ObjectSource | undefined)[];
}

/**
 * Kinds in the order they are applied: namespaces, CRDs, then what others depend on (accounts,
 * config, storage, RBAC) before services and workloads; kinds not listed (custom resources) last.
 */
const KIND_ORDER = [
  'Namespace',
  'CustomResourceDefinition',
  'PriorityClass',
  'StorageClass',
  'RuntimeClass',
  'ResourceQuota',
  'LimitRange',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicaSet',
  'Deployment',
  'StatefulSet',
  'Job',
  'CronJob',
  'Ingress',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'NetworkPolicy',
];

/** Objects of one kind applied at once; kubectl applies one at a time. */
export const APPLY_WINDOW = 8;

function rank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i >= 0 ? i : KIND_ORDER.length;
}

/** The objects in apply order; stable within a kind. */
export function orderForApply<T extends { kind?: unknown }>(objects: readonly T[]): T[] {
  return objects
    .map((object, index) => ({ object, index }))
    .sort((a, b) => rank(String(a.object.kind)) - rank(String(b.object.kind)) || a.index - b.index)
    .map((e) => e.object);
}

/** Errors after which going on would only repeat them. */
function isFatal(error: KubeError): boolean {
  return ['unreachable', 'timeout', 'cancelled', 'unauthorized', 'invalidKubeconfig'].includes(error.kind);
}

async function waitForCrds(client: KubeClient, names: readonly string[], signal?: AbortSignal): Promise<Result<void, KubeError>> {
  for (const name of names) {
    const done = await pollUntil(
      async () => {
        const r = await client.request<{ status?: { conditions?: { type: string; status: string }[] } }>({
          method: 'GET',
          path: objectPath(staticResource('CustomResourceDefinition'), undefined, name),
          operation: { verb: 'get', resource: 'customresourcedefinitions', name },
          ...(signal ? { signal } : {}),
        });
        if (!r.ok) return r;
        return ok(r.value.body.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false);
      },
      { timeoutMs: 30_000, intervalMs: 250, what: `CustomResourceDefinition ${name} to be established`, ...(signal ? { signal } : {}) },
    );
    if (!done.ok) return done;
  }
  forgetDiscovery(client);
  return ok(undefined);
}

/**
 * Applies one object; the result says what happened. Its state before is read from `live` (one
 * list for many objects of a kind and namespace) or, failing that, with a GET of its own.
 */
async function applyOne(client: KubeClient, object: KubeObject, info: ResourceInfo, options: ApplyOptions, live: LiveMetadata | undefined): Promise<ApplyObjectResult> {
  const name = object.metadata.name!;
  const namespace = info.namespaced ? (object.metadata.namespace ?? options.namespace ?? client.namespace) : undefined;
  const base = { apiVersion: object.apiVersion, kind: object.kind, name, ...(namespace ? { namespace } : {}) };
  const body: KubeObject = { ...object, metadata: { ...object.metadata, ...(namespace ? { namespace } : {}) } };
  const path = objectPath(info, namespace, name);
  const signal = options.signal ? { signal: options.signal } : {};
  const listed = live ? await live.before(info, namespace, name) : undefined;
  const existing: Result<{ body: KubeObject }, KubeError> =
    listed === null
      ? err(kubeError('notFound', `${object.kind} "${name}" does not exist yet.`))
      : listed !== undefined
        ? ok({ body: listed })
        : await client.request<KubeObject>({ method: 'GET', path, operation: { verb: 'get', resource: info.plural, namespace, name }, ...signal });
  if (!existing.ok && existing.error.kind !== 'notFound') return { ...base, action: 'failed', error: existing.error };
  const applied = await client.request<KubeObject>({
    method: 'PATCH',
    path,
    query: { fieldManager: FIELD_MANAGER, force: options.force ? true : undefined, dryRun: options.dryRun ? 'All' : undefined },
    contentType: 'application/apply-patch+yaml',
    body,
    operation: { verb: options.dryRun ? 'apply (dry run)' : 'apply', resource: info.plural, namespace, name },
    ...signal,
  });
  if (!applied.ok) return { ...base, action: 'failed', error: applied.error };
  // The server answers 201 when the apply created the object, whatever was read before it.
  if (!existing.ok || applied.value.status === 201) return { ...base, action: 'created' };
  const changed = options.dryRun
    ? !sameJson(withoutServerFields(applied.value.body, 'compare'), withoutServerFields(existing.value.body, 'compare'))
    : applyChanged(existing.value.body, applied.value.body, body);
  return { ...base, action: changed ? 'configured' : 'unchanged' };
}

/**
 * Applies every object in dependency order. Returns the per-object results; an error only when
 * the cluster cannot be used at all (unreachable, credentials, cancelled), with nothing after it
 * attempted.
 */
export async function applyObjects(client: KubeClient, objects: readonly unknown[], options: ApplyOptions = {}): Promise<Result<ApplyReport, KubeError>> {
  const results: ApplyObjectResult[] = [];
  const record = (r: ApplyObjectResult) => {
    results.push(r);
    options.onResult?.(r);
  };
  const ordered = orderForApply(objects.map((object, index) => ({ kind: (object as { kind?: unknown } | null)?.kind, object, source: options.sources?.[index] })));
  const appliedIds = new Set<string>();
  const pendingNamespaces = new PendingNamespaces(options.dryRun ?? false);
  let crdsPending: string[] = [];
  // A fatal failure stops the deploy, but every object still gets a result: nothing goes unreported.
  const stop = (from: number, cause: KubeError) => {
    for (const { object: rest, source } of ordered.slice(from)) {
      record({ ...claimedIdentity(rest), action: 'failed', error: notAttempted(cause), ...(source ? { source } : {}) });
    }
    return err(cause);
  };

  // Many objects of one kind in one namespace: their state before comes from one metadata list
  // (a dry run compares whole objects, so it keeps its GETs).
  const live = options.dryRun ? undefined : new LiveMetadata(client, options.signal);
  const group = (o: KubeObject) => `${o.apiVersion}|${o.kind}|${o.metadata.namespace ?? options.namespace ?? client.namespace}`;
  const groupSizes = new Map<string, number>();
  for (const { object } of ordered) {
    if (shapeProblem(object)) continue;
    const key = group(object as KubeObject);
    groupSizes.set(key, (groupSizes.get(key) ?? 0) + 1);
  }
  const manyOf = (o: KubeObject) => (groupSizes.get(group(o)) ?? 0) >= LIST_FROM;

  for (let index = 0; index < ordered.length; index++) {
    const { object: raw, source } = ordered[index]!;
    const problem = shapeProblem(raw);
    const o = raw as KubeObject;
    const from = source ? { source } : {};
    if (problem) {
      record({ ...from, ...claimedIdentity(raw), action: 'failed', error: kubeError('invalid', `Not a Kubernetes object that can be applied: ${problem}.`) });
      continue;
    }
    if (crdsPending.length > 0 && o.kind !== 'CustomResourceDefinition') {
      // Custom resources need their definitions served before they can be applied.
      if (!options.dryRun) {
        const established = await waitForCrds(client, crdsPending, options.signal);
        if (!established.ok && isFatal(established.error)) return stop(index, established.error);
      }
      crdsPending = [];
    }
    const info = await resourceFor(client, o.apiVersion, o.kind, options.signal);
    if (!info.ok) {
      if (isFatal(info.error)) return stop(index, info.error);
      record({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name!, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), action: 'failed', error: info.error, ...from });
      continue;
    }
    // The objects of one kind that follow depend on nothing among themselves (the order holds
    // between kinds): up to APPLY_WINDOW of them are applied at once, results recorded in order.
    // CRDs stay one at a time, as their custom resources wait for them.
    const batch = [index];
    while (o.kind !== 'CustomResourceDefinition' && batch.length < APPLY_WINDOW) {
      const next = ordered[index + batch.length]?.object as KubeObject | undefined;
      if (!next || shapeProblem(next) || next.kind !== o.kind || next.apiVersion !== o.apiVersion) break;
      batch.push(index + batch.length);
    }
    const settled = await Promise.all(batch.map((i) => applyOne(client, ordered[i]!.object as KubeObject, info.value, options, manyOf(ordered[i]!.object as KubeObject) ? live : undefined)));
    let fatal: KubeError | undefined;
    for (const [k, i] of batch.entries()) {
      const batchSource = ordered[i]!.source;
      const result = excusedIfPending({ ...settled[k]!, ...(batchSource ? { source: batchSource } : {}) }, pendingNamespaces);
      record(result);
      if (result.error && isFatal(result.error)) fatal ??= result.error;
      if (result.action !== 'failed') appliedIds.add(objectKey(result));
      if (o.kind === 'CustomResourceDefinition' && result.action !== 'failed') crdsPending.push(o.metadata.name!);
    }
    index += batch.length - 1;
    if (fatal) return stop(index + 1, fatal);
  }

  for (const app of options.prune?.applications ?? []) {
    const pruned = await pruneApplication(client, app.name, app.namespaces, appliedIds, options, record);
    if (!pruned.ok) return pruned;
  }
  return ok({ dryRun: options.dryRun ?? false, results });
}

/** A dry-run refusal only because the deploy's own namespace does not exist yet is no refusal. */
function excusedIfPending(result: ApplyObjectResult, pending: PendingNamespaces): ApplyObjectResult {
  pending.note(result.kind, result.name, result.action === 'created');
  const unchecked = pending.excuse(result.error, result.namespace);
  if (unchecked === undefined) return result;
  const { error: _refused, ...rest } = result;
  return { ...rest, action: 'created', unchecked };
}

/** The kinds an Application renders to: where pruning looks. */
const PRUNABLE: readonly ResourceInfo[] = (['Deployment', 'StatefulSet', 'Service', 'ConfigMap', 'PersistentVolumeClaim', 'HorizontalPodAutoscaler', 'Ingress'] as const).map(staticResource);

async function pruneApplication(
  client: KubeClient,
  application: string,
  namespaces: readonly string[],
  keep: ReadonlySet<string>,
  options: ApplyOptions,
  record: (r: ApplyObjectResult) => void,
): Promise<Result<void, KubeError>> {
  const selector = `${MANAGED_BY_LABEL}=${FIELD_MANAGER},${APPLICATION_LABEL}=${application}`;
  const signal = options.signal ? { signal: options.signal } : {};
  for (const namespace of namespaces) {
    for (const info of PRUNABLE) {
      const list = await client.request<{ items: KubeObject[] }>({
        method: 'GET',
        path: collectionPath(info, namespace),
        query: { labelSelector: selector },
        operation: { verb: 'list', resource: info.plural, namespace },
        ...signal,
      });
      if (!list.ok) {
        if (isFatal(list.error)) return list;
        record({ apiVersion: info.apiVersion, kind: info.kind, name: `(${application})`, namespace, action: 'failed', error: list.error });
        continue;
      }
      for (const item of list.value.body.items ?? []) {
        const name = item.metadata.name!;
        const id = { apiVersion: info.apiVersion, kind: info.kind, namespace, name };
        if (keep.has(objectKey(id))) continue;
        const deleted = await client.request({
          method: 'DELETE',
          path: objectPath(info, namespace, name),
          query: { dryRun: options.dryRun ? 'All' : undefined, propagationPolicy: 'Background' },
          operation: { verb: 'delete', resource: info.plural, namespace, name },
          ...signal,
        });
        if (!deleted.ok && isFatal(deleted.error)) return deleted;
        if (!deleted.ok && deleted.error.kind === 'notFound') continue;
        record({ ...id, action: deleted.ok ? 'pruned' : 'failed', ...(deleted.ok ? {} : { error: deleted.error }) });
      }
    }
  }
  return ok(undefined);
}

/** Marks an object as applied by Berth for an Application, so --prune can find it later. */
export function labelForApplication<T extends { metadata?: { labels?: Record<string, string> } }>(object: T, application: string): T {
  return {
    ...object,
    metadata: { ...object.metadata, labels: { ...object.metadata?.labels, [MANAGED_BY_LABEL]: FIELD_MANAGER, [APPLICATION_LABEL]: application } },
  };
}

/** Counts per action, for a summary line. */
export function summarizeApply(report: ApplyReport): Record<ApplyAction, number> {
  const counts: Record<ApplyAction, number> = { created: 0, configured: 0, unchanged: 0, failed: 0, pruned: 0 };
  for (const r of report.results) counts[r.action]++;
  return counts;
}
