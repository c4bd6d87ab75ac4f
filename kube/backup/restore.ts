/**
 * Restoring a verified backup: objects moved to the target namespace, removed API versions
 * converted for the target's Kubernetes version (or refused), the CRDs of its custom resources
 * and the required Secrets checked, Ingress hosts rewritten when asked and those the source
 * namespace still serves named, then a server-side dry run of the whole set through deploy's
 * apply (same dependency order). What the dry run would create is created; what exists unchanged
 * is skipped; what exists and differs is a conflict, left as it is unless `force`.
 */
import { err, ok, type Result } from '../../platform/result';
import type { ApiLifecycleTable } from '../../platform/upgrade/apiLifecycle';
import { minorOf } from '../../platform/upgrade/versions';
import type { KubeClient } from '../client';
import { applyObjects, type ApplyObjectResult } from '../deploy/apply';
import type { KubeError } from '../errors';
import { objectKey } from '../objects';
import { collectionPath, objectPath, staticResource, type KubeObject } from '../registry';
import { crdShortfall, type RequiredCrd } from './customKinds';
import { ingressHosts, rewriteIngressHosts, sharedIngressHosts, type SharedHost } from './ingressHosts';
import type { SecretRef } from './manifest';
import { convertRemovedApis, remapNamespace, remapSecrets, withNamespaces, type VersionRefusal } from './remap';
import type { VerifiedBackup } from './verify';

export type RestoreAction = 'created' | 'unchanged' | 'conflict' | 'replaced' | 'failed';

export interface RestoreObjectResult {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly action: RestoreAction;
  readonly message?: string;
}

export interface RestoreOptions {
  /** Put every namespaced object into this namespace (the backup must hold one namespace). */
  readonly namespace?: string;
  readonly dryRun: boolean;
  /** Overwrite live objects that differ from the backup. */
  readonly force: boolean;
  /** Ingress hosts to replace (from → to) in the restored Ingresses. */
  readonly rewriteHosts?: ReadonlyMap<string, string>;
  /** The removed-API table; without it API versions are not checked. */
  readonly table?: ApiLifecycleTable;
  readonly signal?: AbortSignal;
  readonly onResult?: (result: RestoreObjectResult) => void;
}

export type RestoreRefusal =
  | { readonly kind: 'namespaces'; readonly message: string }
  | { readonly kind: 'versions'; readonly message: string; readonly refused: readonly VersionRefusal[] }
  | { readonly kind: 'secrets'; readonly message: string; readonly missing: readonly SecretRef[] }
  | { readonly kind: 'crds'; readonly message: string; readonly missing: readonly string[] };

export interface RestoreReport {
  readonly results: readonly RestoreObjectResult[];
  readonly converted: readonly string[];
  /** Ingress hosts replaced, one line each. */
  readonly rewritten: readonly string[];
  /** What the restore did not stop but the user should know: Ingress hosts still served from the source namespace. */
  readonly warnings: readonly string[];
  /** The hosts behind the Ingress warnings, for a front end that offers to rewrite them. */
  readonly sharedHosts: readonly SharedHost[];
  readonly targetVersion?: string;
}

function identity(r: ApplyObjectResult): Omit<RestoreObjectResult, 'action'> {
  return { apiVersion: r.apiVersion, kind: r.kind, name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}) };
}

export async function restoreBackup(client: KubeClient, backup: VerifiedBackup, options: RestoreOptions): Promise<Result<RestoreReport | { refused: RestoreRefusal }, KubeError>> {
  const signal = options.signal ? { signal: options.signal } : {};
  let objects = [...backup.objects];
  let required = [...backup.manifest.requiredSecrets];
  let namespaces = [...backup.manifest.namespaces];
  let movedFrom: string | undefined;
  if (options.namespace !== undefined) {
    if (namespaces.length > 1) {
      return ok({ refused: { kind: 'namespaces', message: `The backup holds objects of ${namespaces.length} namespaces (${namespaces.join(', ')}): --namespace can move one only.` } });
    }
    const from = namespaces[0];
    if (from !== undefined && from !== options.namespace) {
      objects = remapNamespace(objects, from, options.namespace);
      required = remapSecrets(required, from, options.namespace);
      movedFrom = from;
    }
    namespaces = [options.namespace];
  }

  const version = await client.request<{ gitVersion?: unknown }>({ method: 'GET', path: '/version', operation: { verb: 'get', resource: 'version' }, ...signal });
  if (!version.ok) return version;
  const gitVersion = typeof version.value.body.gitVersion === 'string' && version.value.body.gitVersion.length <= 64 ? version.value.body.gitVersion : undefined;
  const targetMinor = gitVersion ? minorOf(gitVersion) : undefined;
  let converted: string[] = [];
  if (options.table && targetMinor) {
    const conversion = convertRemovedApis(objects, options.table, targetMinor);
    if (conversion.refused.length > 0) {
      return ok({ refused: { kind: 'versions', refused: conversion.refused, message: `The target cluster runs Kubernetes ${gitVersion}, which does not serve API versions of ${conversion.refused.length} object(s) in the backup; nothing was restored.` } });
    }
    objects = conversion.objects;
    converted = conversion.converted;
  }

  const crds = await missingCrds(client, backup.manifest.requiredCrds ?? [], options.signal);
  if (!crds.ok) return crds;
  if (crds.value.length > 0) {
    return ok({ refused: { kind: 'crds', missing: crds.value, message: `The backup holds custom resources the target cluster (context "${client.context}") cannot take: ${crds.value.join('; ')}. Install the CRD${crds.value.length === 1 ? '' : 's'} first; nothing was restored.` } });
  }

  const rewrites = options.rewriteHosts ?? new Map<string, string>();
  const rewrite = rewriteIngressHosts(objects, rewrites);
  objects = rewrite.objects;
  const warnings = rewrite.unused.map((host) => `no Ingress in the backup serves ${host}: its host rewrite changed nothing`);
  let sharedHosts: SharedHost[] = [];
  if (movedFrom !== undefined) {
    const shared = await hostsStillServed(client, objects, movedFrom, options.signal);
    if (!shared.ok) return shared;
    if ('unchecked' in shared.value) warnings.push(shared.value.unchecked);
    else sharedHosts = shared.value.shared;
    warnings.push(
      ...sharedHosts.map((h) => `Ingress ${h.ingress} keeps host ${h.host}, which Ingress ${h.liveIngress} still serves: both claim it, and the ingress controller routes it to one`),
    );
  }

  const missing: SecretRef[] = [];
  for (const secret of required) {
    const r = await client.request({ method: 'GET', path: objectPath(staticResource('Secret'), secret.namespace, secret.name), operation: { verb: 'get', resource: 'secrets', namespace: secret.namespace, name: secret.name }, ...signal });
    if (r.ok) continue;
    if (r.error.kind !== 'notFound') return r;
    missing.push(secret);
  }
  if (missing.length > 0 && !options.dryRun) {
    const names = missing.map((s) => `${s.namespace}/${s.name}`).join(', ');
    return ok({ refused: { kind: 'secrets', missing, message: `The backup was made without Secrets and needs ${missing.length === 1 ? 'this one' : 'these'}, which the target does not have: ${names}. Create them (or restore a backup made with --include-secrets); nothing was restored.` } });
  }

  const all = withNamespaces(objects, namespaces);
  const results: RestoreObjectResult[] = [];
  const record = (r: RestoreObjectResult) => {
    results.push(r);
    options.onResult?.(r);
  };
  // The dry run says, for every object, whether the apply would create it, change it or leave it.
  const preview = await applyObjects(client, all, { dryRun: true, force: options.force, ...signal });
  if (!preview.ok) return preview;
  const verdicts = new Map(preview.value.results.map((r) => [objectKey(r), r]));
  const toApply: KubeObject[] = [];
  const byKey = new Map<string, RestoreObjectResult>();
  for (const object of all) {
    const key = objectKey({ apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name!, ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}) });
    const verdict = verdicts.get(key);
    if (!verdict) continue;
    const id = identity(verdict);
    // A field another manager owns (kubectl scale, an autoscaler) is a difference too.
    const fieldConflict = verdict.action === 'failed' && verdict.error?.kind === 'conflict';
    // Moved to another namespace, a cluster-scoped object keeps its name: the live one is the source's own.
    const shared = movedFrom !== undefined && !object.metadata.namespace && object.kind !== 'Namespace' ? `; it is cluster-wide, so this is the one namespace ${movedFrom} uses` : '';
    if (verdict.action === 'failed' && !(fieldConflict && options.force)) {
      byKey.set(key, fieldConflict ? { ...id, action: 'conflict', message: `exists and differs from the backup; left as it is (--force overwrites it)${shared}: ${verdict.error!.message}` } : { ...id, action: 'failed', message: verdict.error?.message ?? 'refused by the server' });
    } else if (verdict.action === 'unchanged') {
      byKey.set(key, { ...id, action: 'unchanged' });
    } else if (verdict.action === 'configured') {
      if (options.force) {
        byKey.set(key, { ...id, action: 'replaced' });
        toApply.push(object);
      } else {
        byKey.set(key, { ...id, action: 'conflict', message: `exists and differs from the backup; left as it is (--force overwrites it)${shared}` });
      }
    } else {
      byKey.set(key, { ...id, action: 'created' });
      toApply.push(object);
    }
  }
  if (options.dryRun) {
    for (const r of byKey.values()) record(r);
    for (const s of missing) record({ apiVersion: 'v1', kind: 'Secret', namespace: s.namespace, name: s.name, action: 'failed', message: 'required by the backup (made without Secrets) and missing on the target' });
    return ok({ results, converted, rewritten: rewrite.rewritten, warnings, sharedHosts, ...(gitVersion ? { targetVersion: gitVersion } : {}) });
  }
  const applied = await applyObjects(client, toApply, { force: options.force, ...signal });
  const done = applied.ok ? new Map(applied.value.results.map((r) => [objectKey(r), r])) : new Map<string, ApplyObjectResult>();
  for (const [key, planned] of byKey) {
    if (planned.action !== 'created' && planned.action !== 'replaced') {
      record(planned);
      continue;
    }
    const outcome = done.get(key);
    if (!outcome || outcome.action === 'failed') record({ ...planned, action: 'failed', message: outcome?.error?.message ?? (applied.ok ? 'not applied' : applied.error.message) });
    else record(planned);
  }
  if (!applied.ok) return err(applied.error);
  return ok({ results, converted, rewritten: rewrite.rewritten, warnings, sharedHosts, ...(gitVersion ? { targetVersion: gitVersion } : {}) });
}

/** Each required CRD the target lacks or does not serve at the version needed, as a sentence. */
async function missingCrds(client: KubeClient, required: readonly RequiredCrd[], signal?: AbortSignal): Promise<Result<string[], KubeError>> {
  const missing: string[] = [];
  for (const crd of required) {
    const r = await client.request<{ spec?: { versions?: { name?: unknown; served?: unknown }[] } }>({
      method: 'GET',
      path: objectPath(staticResource('CustomResourceDefinition'), undefined, crd.name),
      operation: { verb: 'get', resource: 'customresourcedefinitions.apiextensions.k8s.io', name: crd.name },
      ...(signal ? { signal } : {}),
    });
    if (!r.ok && r.error.kind !== 'notFound') return r;
    const shortfall = crdShortfall(crd, r.ok ? r.value.body : undefined);
    if (shortfall) missing.push(shortfall);
  }
  return ok(missing);
}

/**
 * The hosts restored Ingresses keep that an Ingress of the source namespace still serves on the
 * target (the admission accepts both and the controller then routes the host to one), or why they
 * could not be compared.
 */
async function hostsStillServed(client: KubeClient, objects: readonly KubeObject[], source: string, signal?: AbortSignal): Promise<Result<{ shared: SharedHost[] } | { unchecked: string }, KubeError>> {
  const none = { shared: [] as SharedHost[] };
  if (!objects.some((o) => o.kind === 'Ingress' && ingressHosts(o).length > 0)) return ok(none);
  // A source namespace being deleted takes its Ingresses with it: nothing will keep the hosts.
  const ns = await client.request<KubeObject>({ method: 'GET', path: objectPath(staticResource('Namespace'), undefined, source), operation: { verb: 'get', resource: 'namespaces', name: source }, ...(signal ? { signal } : {}) });
  if (ns.ok && ns.value.body.metadata?.['deletionTimestamp']) return ok(none);
  if (!ns.ok && ns.error.kind === 'notFound') return ok(none);
  const resource = staticResource('Ingress');
  const live = await client.request<{ items?: KubeObject[] }>({ method: 'GET', path: collectionPath(resource, source), operation: { verb: 'list', resource: resource.plural, namespace: source }, ...(signal ? { signal } : {}) });
  if (!live.ok) {
    if (live.error.kind === 'notFound') return ok(none);
    if (live.error.kind === 'forbidden') return ok({ unchecked: `Ingress hosts were not compared with namespace ${source}'s: ${live.error.message}` });
    return live;
  }
  return ok({ shared: sharedIngressHosts(objects, live.value.body.items ?? []) });
}

/** Counts per action, for a summary line. */
export function summarizeRestore(results: readonly RestoreObjectResult[]): Record<RestoreAction, number> {
  const counts: Record<RestoreAction, number> = { created: 0, unchanged: 0, conflict: 0, replaced: 0, failed: 0 };
  for (const r of results) counts[r.action]++;
  return counts;
}
