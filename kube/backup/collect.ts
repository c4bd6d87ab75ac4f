/**
 * Reading what a backup saves from the cluster: each backed-up kind listed (in pages) across the
 * selection's namespace or all of them, with its label selector, then the namespaced custom
 * resources of every CRD (their CRDs recorded as required) and, for a labelled selection, its
 * ClusterRoles and ClusterRoleBindings; what controllers re-create left out; Secrets kept only
 * when asked for, otherwise named as required.
 */
import { ok, type Result } from '../../platform/result';
import type { KubeClient } from '../client';
import type { KubeError } from '../errors';
import { listClusterCrds } from '../crds/listCrds';
import { listAllPages } from '../pagedList';
import { collectionPath, objectPath, resourceFor, staticResource, type KubeObject, type ResourceInfo } from '../registry';
import { clusterScopedKindsFor } from './clusterScoped';
import { namespacedCustomKinds, requiredCrdsOf, type CustomKind } from './customKinds';
import { buildBackup, type BackupContent, type SecretRef } from './manifest';
import { BACKUP_KINDS, cleanForBackup, describeSelection, leftOutBecause, selectorOf, type BackupSelection } from './select';

export interface BackupOptions {
  readonly selection: BackupSelection;
  /** Only this namespace (an Application or selector); default every namespace. */
  readonly namespace?: string;
  readonly includeSecrets: boolean;
  readonly berthVersion: string;
  readonly now: Date;
  readonly signal?: AbortSignal;
}

export interface BackupResult {
  readonly content: BackupContent;
  /** Objects read but not saved, with why (counted per reason). */
  readonly leftOut: ReadonlyMap<string, number>;
}

/** Objects per list request, and the most pages read of one kind. */
const PAGE = 500;
const MAX_PAGES = 200;

export async function collectBackup(client: KubeClient, options: BackupOptions): Promise<Result<BackupResult | { empty: string }, KubeError>> {
  const signal = options.signal;
  const namespace = options.selection.type === 'namespace' ? options.selection.name : options.namespace;
  const labelSelector = selectorOf(options.selection);
  const version = await client.request<{ gitVersion?: unknown }>({ method: 'GET', path: '/version', operation: { verb: 'get', resource: 'version' }, ...(signal ? { signal } : {}) });
  const kubernetesVersion = version.ok && typeof version.value.body.gitVersion === 'string' && version.value.body.gitVersion.length <= 64 ? version.value.body.gitVersion : undefined;

  const saved: KubeObject[] = [];
  const requiredSecrets: SecretRef[] = [];
  const leftOut = new Map<string, number>();
  const notes: string[] = [];
  if (options.selection.type === 'namespace') {
    const ns = await client.request<KubeObject>({ method: 'GET', path: objectPath(staticResource('Namespace'), undefined, options.selection.name), operation: { verb: 'get', resource: 'namespaces', name: options.selection.name }, ...(signal ? { signal } : {}) });
    if (!ns.ok) return ns;
    saved.push(cleanForBackup(ns.value.body));
  }
  const keep = (items: readonly KubeObject[], apiVersion: string, kind: string) => {
    for (const item of items) {
      // A list's items carry no kind of their own.
      const { apiVersion: _listed, kind: _none, ...fields } = item;
      const object = { apiVersion, kind, ...fields } as KubeObject;
      const why = leftOutBecause(object);
      if (why) {
        leftOut.set(`${kind}: ${why}`, (leftOut.get(`${kind}: ${why}`) ?? 0) + 1);
        continue;
      }
      if (kind === 'Secret' && !options.includeSecrets) {
        requiredSecrets.push({ namespace: object.metadata.namespace ?? '', name: object.metadata.name ?? '' });
        continue;
      }
      saved.push(cleanForBackup(object));
    }
  };
  /**
   * Lists one kind into the backup: skipped with a note when the cluster forbids it (or, for a
   * custom kind, cannot serve it: a conversion webhook down, say), an error when listing failed.
   */
  const read = async (info: ResourceInfo, listNamespace: string | undefined, custom = false): Promise<Result<void, KubeError>> => {
    const operation = { verb: 'list', resource: info.plural, ...(listNamespace ? { namespace: listNamespace } : {}) };
    // A backup taken while pages expire (a slow link, a busy cluster) lists the kind once more
    // whole, as client-go's pager does, rather than failing the whole backup.
    const listed = await listAllPages<KubeObject>(client, { path: collectionPath(info, listNamespace), query: { labelSelector }, operation, ...(signal ? { signal } : {}) }, { pageSize: PAGE, maxPages: MAX_PAGES, whenExpired: 'listWhole' });
    if (!listed.ok) {
      if (listed.error.kind === 'notFound') return ok(undefined);
      const skippable = listed.error.kind === 'forbidden' || (custom && (listed.error.kind === 'server' || listed.error.kind === 'invalid'));
      if (!skippable) return listed;
      notes.push(`${info.kind} objects were not backed up: ${listed.error.message}`);
      return ok(undefined);
    }
    keep(listed.value.items, info.apiVersion, info.kind);
    return ok(undefined);
  };
  for (const { apiVersion, kind } of BACKUP_KINDS) {
    const info = await resourceFor(client, apiVersion, kind, signal);
    if (!info.ok) {
      if (info.error.kind === 'notFound') continue;
      return info;
    }
    const done = await read(info.value, namespace);
    if (!done.ok) return done;
  }
  for (const { apiVersion, kind } of clusterScopedKindsFor(options.selection)) {
    const info = await resourceFor(client, apiVersion, kind, signal);
    if (!info.ok) {
      if (info.error.kind === 'notFound') continue;
      return info;
    }
    const done = await read(info.value, undefined);
    if (!done.ok) return done;
  }
  const crds = await listClusterCrds(client, signal ? { signal } : {});
  let customKinds: CustomKind[] = [];
  if (!crds.ok) {
    if (crds.error.kind !== 'forbidden') return crds;
    notes.push(`Custom resources were not backed up: ${crds.error.message}`);
  } else {
    customKinds = namespacedCustomKinds(crds.value);
    for (const custom of customKinds) {
      const done = await read({ apiVersion: custom.apiVersion, kind: custom.kind, plural: custom.plural, namespaced: true }, namespace, true);
      if (!done.ok) return done;
    }
  }
  if (saved.filter((o) => o.kind !== 'Namespace').length === 0 && requiredSecrets.length === 0) {
    return ok({ empty: `Nothing to back up: no ${describeSelection(options.selection)} objects${namespace ? ` in namespace ${namespace}` : ''} on context "${client.context}".` });
  }
  const namespaces = [...new Set([...saved, ...requiredSecrets.map((s) => ({ metadata: { namespace: s.namespace } }))].map((o) => o.metadata.namespace).filter((n): n is string => !!n))];
  const built = buildBackup({
    objects: saved,
    berthVersion: options.berthVersion,
    createdAt: options.now.toISOString(),
    source: { context: client.context, server: client.server, ...(kubernetesVersion ? { kubernetesVersion } : {}) },
    selection: describeSelection(options.selection),
    namespaces,
    requiredSecrets,
    requiredCrds: requiredCrdsOf(saved, customKinds),
    notes,
  });
  if (!built.ok) return ok({ empty: built.error });
  return ok({ content: built.value, leftOut });
}
