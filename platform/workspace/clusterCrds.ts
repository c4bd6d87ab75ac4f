import { readCrd, type CrdDefinition } from '../schema/crd/crdCatalog';

/** The CRDs of the connected cluster, as the extension or the CLI hand them over (raw CRD objects). */
export interface ClusterCrdSet {
  /** The cluster as users know it: the kubeconfig context's name. */
  readonly cluster: string;
  /** When the CRDs were read from the cluster (ISO 8601). */
  readonly cachedAt: string;
  readonly crds: readonly unknown[];
}

const MAX_NAME_LENGTH = 253;

/** "2026-12-02 12:40 UTC": minutes are enough to tell a fresh list from an old cache. */
export function formatCachedAt(cachedAt: string): string {
  const time = Date.parse(cachedAt);
  if (Number.isNaN(time)) return 'at an unknown time';
  const iso = new Date(time).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Where hover says a cluster CRD comes from: "cluster kwok-berth, cached 2026-12-02 12:40 UTC". */
export function clusterCrdSource(cluster: string, cachedAt: string): string {
  return `cluster ${displayName(cluster)}, cached ${formatCachedAt(cachedAt)}`;
}

/**
 * The set's CRDs as the catalog reads them (anything that is not a usable CRD is skipped), and a
 * signature: one listing of one cluster is known by its name, time and size, so a resent copy
 * changes nothing.
 */
export function clusterCrdDefinitions(set: ClusterCrdSet): { crds: CrdDefinition[]; signature: string } {
  const source = clusterCrdSource(set.cluster, set.cachedAt);
  const crds: CrdDefinition[] = [];
  for (const item of set.crds) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) continue;
    const crd = readCrd(item as Record<string, unknown>, source);
    if (crd) crds.push(crd);
  }
  return { crds, signature: `${set.cluster}\n${set.cachedAt}\n${set.crds.length}` };
}

/** A context name is data from a kubeconfig: on one line, without control or bidi characters, of bounded length. */
function displayName(name: string): string {
  const clean = name.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, ' ').trim();
  const short = clean.length > MAX_NAME_LENGTH ? `${clean.slice(0, MAX_NAME_LENGTH)}…` : clean;
  return short === '' ? '(unnamed)' : short;
}
