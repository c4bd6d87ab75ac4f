/**
 * Which custom resources a backup reads (pure): the namespaced kinds the cluster's CRDs define,
 * each at one version it serves, and, for the kinds a backup saved, the CRDs a restore needs on
 * its target. CRDs are the source rather than API discovery: discovery also lists aggregated APIs
 * (metrics, say) whose objects are computed, not stored, and cannot be re-created.
 */
import type { ClusterCrd } from '../crds/listCrds';

export interface CustomKind {
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  /** The CRD's name: `<plural>.<group>`. */
  readonly crd: string;
}

/** A CRD a backup's custom resources need, and the versions of it they are written in. */
export interface RequiredCrd {
  readonly name: string;
  readonly group: string;
  readonly kind: string;
  readonly versions: readonly string[];
}

/** The version a backup reads a CRD's objects in: the storage version when served, else the first served. */
function readVersion(crd: ClusterCrd): string | undefined {
  const served = crd.spec.versions.filter((v) => v.served);
  return (served.find((v) => v.storage) ?? served[0])?.name;
}

/** The namespaced custom kinds to back up, in a stable order (by CRD name). */
export function namespacedCustomKinds(crds: readonly ClusterCrd[]): CustomKind[] {
  const kinds: CustomKind[] = [];
  for (const crd of crds) {
    if (crd.spec.scope !== 'Namespaced') continue;
    const version = readVersion(crd);
    if (!version || !crd.spec.group || !crd.spec.names.plural) continue;
    kinds.push({ apiVersion: `${crd.spec.group}/${version}`, kind: crd.spec.names.kind, plural: crd.spec.names.plural, crd: crd.metadata.name });
  }
  return kinds.sort((a, b) => (a.crd < b.crd ? -1 : a.crd > b.crd ? 1 : 0));
}

/** The CRDs the saved custom resources need (one entry per CRD, its versions as the objects use them). */
export function requiredCrdsOf(saved: readonly { readonly apiVersion: string; readonly kind: string }[], kinds: readonly CustomKind[]): RequiredCrd[] {
  const byCrd = new Map<string, RequiredCrd>();
  for (const object of saved) {
    const kind = kinds.find((k) => k.kind === object.kind && k.apiVersion.split('/')[0] === object.apiVersion.split('/')[0]);
    if (!kind) continue;
    const version = object.apiVersion.split('/')[1] ?? '';
    const known = byCrd.get(kind.crd);
    const versions = [...new Set([...(known?.versions ?? []), version])].sort();
    byCrd.set(kind.crd, { name: kind.crd, group: kind.apiVersion.split('/')[0]!, kind: kind.kind, versions });
  }
  return [...byCrd.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** What a target's CRD lacks for the backup: undefined when it serves every version needed. */
export function crdShortfall(required: RequiredCrd, live: { readonly spec?: { readonly versions?: readonly { readonly name?: unknown; readonly served?: unknown }[] } } | undefined): string | undefined {
  if (!live) return `CustomResourceDefinition ${required.name} (kind ${required.kind}) is not installed`;
  const served = new Set((live.spec?.versions ?? []).filter((v) => v.served === true).map((v) => String(v.name)));
  const unserved = required.versions.filter((v) => !served.has(v));
  if (unserved.length > 0) return `CustomResourceDefinition ${required.name} does not serve ${unserved.map((v) => `${required.group}/${v}`).join(', ')}`;
  return undefined;
}
