/**
 * The live objects an upgrade would break. The API server converts every stored object to each
 * version of its group it serves, so listing PodDisruptionBudgets at policy/v1beta1 on a 1.24
 * server returns every PDB, however it was written: the version an object is listed at tells
 * nothing. What tells is the version its author used, which the object keeps in two places:
 * kubectl's `kubectl.kubernetes.io/last-applied-configuration` annotation (what pluto reads) and
 * the `apiVersion` of a server-side apply's managed fields. Each object is listed once (a
 * metadata-only list of its kind at the version the server prefers) and counts once, by that
 * version. Objects of a kind the server serves only at versions the target drops count whatever
 * their history: they cannot be read after the upgrade at all.
 */
import { ok, type Result } from '../../platform/result';
import { groupOf, statusOf, type ApiLifecycle, type ApiLifecycleTable, type ApiRef } from '../../platform/upgrade/apiLifecycle';
import { apiFinding, type UpgradeFinding } from '../../platform/upgrade/finding';
import type { KubeClient } from '../client';
import type { KubeError } from '../errors';
import { LAST_APPLIED_ANNOTATION } from '../objects';
import { collectionPath, resourceFor, type KubeObject, type ResourceInfo } from '../registry';

export interface LiveObjectsCheck {
  readonly findings: readonly UpgradeFinding[];
  /** Objects whose history was read. */
  readonly objects: number;
  readonly notes: readonly string[];
}

const PARTIAL_METADATA = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
const PAGE = 500;
const MAX_PAGES = 200;
/** The apiserver caps all annotations at 256 KiB; a longer one is not an annotation it wrote. */
const MAX_LAST_APPLIED = 256 * 1024;
/** Failures that end the check: the next request would fail the same way. */
const FATAL: ReadonlySet<KubeError['kind']> = new Set(['unreachable', 'timeout', 'cancelled', 'unauthorized', 'invalidKubeconfig', 'restricted']);

interface ServedGroups {
  /** group → its served versions as "group/version" ("v1" for the core group), preferred first. */
  readonly versions: ReadonlyMap<string, readonly string[]>;
}

export async function liveObjectFindings(client: KubeClient, table: ApiLifecycleTable, target: string, signal?: AbortSignal): Promise<Result<LiveObjectsCheck, KubeError>> {
  const relevant = table.entries().filter((e) => e.owner !== 'kubernetes-config' && statusOf(e, target) !== undefined);
  const served = await servedGroups(client, signal);
  if (!served.ok) return served;
  const findings: UpgradeFinding[] = [];
  const notes: string[] = [];

  // The versions the server serves that the target does not: whoever still calls them breaks.
  for (const entry of relevant) {
    const status = statusOf(entry, target);
    if (status?.state !== 'removed' || entry.owner !== 'kubernetes' || !served.value.versions.get(groupOf(entry.apiVersion))?.includes(entry.apiVersion)) continue;
    const resource = await resourceFor(client, entry.apiVersion, entry.kind, signal);
    if (!resource.ok) {
      if (FATAL.has(resource.error.kind)) return resource;
      continue;
    }
    findings.push({
      source: 'cluster',
      severity: 'warning',
      code: 'removed-api-served',
      ...(entry.deprecatedIn === undefined ? {} : { deprecatedIn: entry.deprecatedIn }),
      ...(entry.removedIn === undefined ? {} : { removedIn: entry.removedIn }),
      replacement: entry.replacement,
      message: `The server still serves ${entry.apiVersion} ${entry.kind}, which Kubernetes ${target} does not (gone from ${entry.removedIn}): controllers, operators and scripts that call it fail after the upgrade (kube-apiserver's apiserver_requested_deprecated_apis metric names the ones in use); ${entry.replacement ? `they should use ${entry.replacement.apiVersion} ${entry.replacement.kind}` : 'it has no replacement'}.`,
    });
  }

  // Each kind once: the kinds of the entries and of their replacements, where the objects live now.
  const kinds = new Map<string, ApiRef>();
  for (const entry of relevant) {
    for (const ref of [entry, entry.replacement]) {
      if (!ref || ref.kind.endsWith('Review')) continue;
      kinds.set(`${groupOf(ref.apiVersion)}\u0000${ref.kind}`, { apiVersion: ref.apiVersion, kind: ref.kind });
    }
  }
  let objects = 0;
  for (const ref of kinds.values()) {
    const resource = await servedResource(client, served.value, ref, signal);
    if (!resource.ok) {
      if (FATAL.has(resource.error.kind)) return resource;
      continue;
    }
    if (!resource.value) continue;
    const info = resource.value;
    // Gone at the target whatever the objects' history: the server keeps them only as this version.
    const onlyVersion = servedOnlyAsRemoved(served.value, info, table, target);
    const listed = await listMetadata(client, info, signal, (object) => {
      objects++;
      const finding = objectFinding(object, info, onlyVersion, table, target);
      if (finding) findings.push(finding);
    });
    if (!listed.ok) {
      if (FATAL.has(listed.error.kind)) return listed;
      notes.push(`${info.kind} (${info.apiVersion}) was not checked: ${listed.error.message}`);
    } else if (listed.value === 'truncated') {
      notes.push(`${info.kind} (${info.apiVersion}): only the first ${PAGE * MAX_PAGES} objects were checked`);
    }
  }
  return ok({ findings, objects, notes });
}

function objectFinding(object: KubeObject, info: ResourceInfo, onlyVersion: ApiLifecycle | undefined, table: ApiLifecycleTable, target: string): UpgradeFinding | undefined {
  const identity = { ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}), ...(object.metadata.name ? { name: object.metadata.name } : {}) };
  const applied = appliedVersion(object, info);
  if (applied) {
    const status = table.statusAt(applied.apiVersion, applied.kind, target);
    if (status) return apiFinding(status, { source: 'cluster', object: { apiVersion: applied.apiVersion, kind: applied.kind, ...identity } }, `last applied as ${applied.apiVersion}, ${applied.via}`);
  }
  if (onlyVersion) {
    const status = statusOf(onlyVersion, target);
    if (status) return apiFinding(status, { source: 'cluster', object: { apiVersion: info.apiVersion, kind: info.kind, ...identity } }, `the server serves ${info.kind} only as ${info.apiVersion}`);
  }
  return undefined;
}

/** The version the object's author last applied it with, from kubectl's annotation or an Apply's managed fields. */
export function appliedVersion(object: KubeObject, info: ResourceInfo): (ApiRef & { via: string }) | undefined {
  const annotation = object.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
  if (typeof annotation === 'string' && annotation.length <= MAX_LAST_APPLIED) {
    try {
      const applied = JSON.parse(annotation) as { apiVersion?: unknown; kind?: unknown } | null;
      if (applied && typeof applied.apiVersion === 'string' && applied.apiVersion !== '') {
        return { apiVersion: applied.apiVersion, kind: typeof applied.kind === 'string' && applied.kind !== '' ? applied.kind : info.kind, via: `by its ${LAST_APPLIED_ANNOTATION} annotation` };
      }
    } catch {
      // Not JSON: kubectl did not write it; the managed fields may still tell.
    }
  }
  const managed = Array.isArray(object.metadata.managedFields) ? (object.metadata.managedFields as unknown[]) : [];
  for (const entry of managed) {
    const fields = entry as { operation?: unknown; apiVersion?: unknown; manager?: unknown } | null;
    if (fields?.operation !== 'Apply' || typeof fields.apiVersion !== 'string' || fields.apiVersion === info.apiVersion) continue;
    if (groupOf(fields.apiVersion) !== groupOf(info.apiVersion)) continue;
    return { apiVersion: fields.apiVersion, kind: info.kind, via: `by the server-side apply of ${typeof fields.manager === 'string' ? fields.manager : 'a field manager'}` };
  }
  return undefined;
}

/** The table's entry when every version the server serves of the kind's group is gone at the target. */
function servedOnlyAsRemoved(served: ServedGroups, info: ResourceInfo, table: ApiLifecycleTable, target: string): ApiLifecycle | undefined {
  const entry = table.lookup(info.apiVersion, info.kind);
  if (!entry || statusOf(entry, target)?.state !== 'removed') return undefined;
  const others = (served.versions.get(groupOf(info.apiVersion)) ?? []).filter((v) => v !== info.apiVersion);
  return others.every((v) => statusOf(table.lookup(v, info.kind) ?? entry, target)?.state === 'removed') ? entry : undefined;
}

/** The resource of a kind at the first version of its group the server serves it in, preferred first; undefined when none does. */
async function servedResource(client: KubeClient, served: ServedGroups, ref: ApiRef, signal?: AbortSignal): Promise<Result<ResourceInfo | undefined, KubeError>> {
  for (const apiVersion of served.versions.get(groupOf(ref.apiVersion)) ?? []) {
    const resource = await resourceFor(client, apiVersion, ref.kind, signal);
    if (resource.ok) return resource;
    if (FATAL.has(resource.error.kind)) return resource;
  }
  return ok(undefined);
}

async function servedGroups(client: KubeClient, signal?: AbortSignal): Promise<Result<ServedGroups, KubeError>> {
  const groups = await client.request<{ groups?: { name?: string; versions?: { groupVersion?: string }[]; preferredVersion?: { groupVersion?: string } }[] }>({
    method: 'GET',
    path: '/apis',
    operation: { verb: 'get', resource: 'API groups' },
    ...(signal ? { signal } : {}),
  });
  if (!groups.ok) return groups;
  const core = await client.request<{ versions?: string[] }>({ method: 'GET', path: '/api', operation: { verb: 'get', resource: 'API versions' }, ...(signal ? { signal } : {}) });
  if (!core.ok) return core;
  const versions = new Map<string, string[]>([['', (core.value.body.versions ?? []).filter((v) => typeof v === 'string')]]);
  for (const group of groups.value.body.groups ?? []) {
    if (typeof group.name !== 'string') continue;
    const preferred = group.preferredVersion?.groupVersion;
    const all = (group.versions ?? []).map((v) => v.groupVersion).filter((v): v is string => typeof v === 'string');
    versions.set(group.name, [...(preferred && all.includes(preferred) ? [preferred] : []), ...all.filter((v) => v !== preferred)]);
  }
  return ok({ versions });
}

async function listMetadata(client: KubeClient, info: ResourceInfo, signal: AbortSignal | undefined, each: (object: KubeObject) => void): Promise<Result<'done' | 'truncated', KubeError>> {
  let next: string | undefined;
  let pages = 0;
  do {
    const page = await client.request<{ items?: KubeObject[]; metadata?: { continue?: string } }>({
      method: 'GET',
      path: collectionPath(info, undefined),
      query: { limit: PAGE, continue: next },
      accept: PARTIAL_METADATA,
      operation: { verb: 'list', resource: info.plural },
      ...(signal ? { signal } : {}),
    });
    if (!page.ok) return page;
    for (const item of Array.isArray(page.value.body.items) ? page.value.body.items : []) {
      if (item && typeof item === 'object' && item.metadata && typeof item.metadata === 'object') each(item);
    }
    const token = page.value.body.metadata?.continue;
    next = typeof token === 'string' && token !== '' ? token : undefined;
  } while (next && ++pages < MAX_PAGES);
  return next ? ok('truncated') : ok('done');
}
