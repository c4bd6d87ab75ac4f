import { asArray, asInteger, asObject, asString, type Obj } from '../rules/values';

/**
 * How an Application on several `clusters` shares its replicas, after Karmada's
 * PropagationPolicy (`Duplicated`, or `Divided` with static weights) and OverridePolicy.
 * Validation and rendering both read it from here, so the capacity check sees the replica
 * counts the renderer produces.
 */

export type ReplicaDistribution = 'duplicated' | 'divided';

/** What one cluster of a multi-cluster Application runs. */
export interface ClusterShare {
  readonly cluster: string;
  /** The Deployment replica count before a release strategy splits it (an override's replicas win). */
  readonly replicas: number;
  /** The HPA bounds in this cluster, when the Application scales. */
  readonly scaling?: { readonly min: number; readonly max: number };
  /** The first override naming this cluster, with its index in `spec.overrides`. */
  readonly override?: { readonly index: number; readonly value: Obj };
}

/** The listed clusters of `spec.clusters` (strings only, first of each name), or undefined for a single-cluster Application. */
export function listedClusters(spec: Obj | undefined): string[] | undefined {
  if (!spec || !Array.isArray(spec['clusters'])) return undefined;
  const names: string[] = [];
  for (const item of asArray(spec['clusters'])) {
    const name = asString(item);
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

export function replicaDistribution(spec: Obj): ReplicaDistribution {
  return asString(asObject(spec['distribution'])?.['replicas']) === 'divided' ? 'divided' : 'duplicated';
}

/**
 * Splits `total` in proportion to `weights` by the largest remainder: each share is the floor of
 * its quota, and what is left goes one by one to the largest fractional parts, earlier entries
 * first on a tie. The shares add up to `total`. Weights that are not positive count as 0; when
 * none is positive, all count equally.
 */
export function divideByWeights(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const usable = weights.map((w) => (Number.isFinite(w) && w > 0 ? w : 0));
  const effective = usable.some((w) => w > 0) ? usable : usable.map(() => 1);
  const sum = effective.reduce((a, b) => a + b, 0);
  const whole = Math.max(0, Math.floor(total));
  const quotas = effective.map((w) => (whole * w) / sum);
  const shares = quotas.map(Math.floor);
  let left = whole - shares.reduce((a, b) => a + b, 0);
  const order = quotas.map((q, i) => ({ i, fraction: q - Math.floor(q) })).sort((a, b) => b.fraction - a.fraction || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i]! += 1;
    left -= 1;
  }
  return shares;
}

/** The weight of each listed cluster under `divided`: its entry in `distribution.weights`, 1 when missing or invalid (validation reports those). */
export function clusterWeights(spec: Obj, clusters: readonly string[]): number[] {
  const weights = asObject(asObject(spec['distribution'])?.['weights']);
  if (!weights) return clusters.map(() => 1);
  return clusters.map((cluster) => {
    const weight = asInteger(weights[cluster]);
    return weight !== undefined && weight > 0 ? weight : 1;
  });
}

/**
 * What each listed cluster runs: `duplicated` gives every cluster `spec.replicas` (and the whole
 * `scaling` bounds); `divided` splits them by weight, and the HPA bounds the same way with at
 * least 1 each. An override's `replicas` wins for its cluster unless the Application scales.
 */
export function clusterShares(spec: Obj, clusters: readonly string[]): ClusterShare[] {
  const divided = replicaDistribution(spec) === 'divided';
  const weights = clusterWeights(spec, clusters);
  const scaling = asObject(spec['scaling']);
  const split = (total: number): number[] => (divided ? divideByWeights(total, weights) : clusters.map(() => Math.max(0, total)));
  const overrides = overridesByCluster(spec);
  if (scaling) {
    const min = Math.max(1, asInteger(scaling['min']) ?? 1);
    const max = Math.max(min, asInteger(scaling['max']) ?? min);
    const mins = split(min).map((n) => Math.max(1, n));
    const maxes = split(max).map((n, i) => Math.max(mins[i]!, Math.max(1, n)));
    return clusters.map((cluster, i) => withOverride({ cluster, replicas: mins[i]!, scaling: { min: mins[i]!, max: maxes[i]! } }, overrides.get(cluster)));
  }
  const declared = asInteger(spec['replicas']);
  const replicas = split(declared !== undefined && declared >= 0 ? declared : 1);
  return clusters.map((cluster, i) => {
    const override = overrides.get(cluster);
    const own = asInteger(override?.value['replicas']);
    return withOverride({ cluster, replicas: own !== undefined && own >= 0 ? own : replicas[i]! }, override);
  });
}

function withOverride(share: ClusterShare, override: { index: number; value: Obj } | undefined): ClusterShare {
  return override ? { ...share, override } : share;
}

/** The first override of each cluster name, with its index in `spec.overrides`. */
export function overridesByCluster(spec: Obj): Map<string, { index: number; value: Obj }> {
  const byCluster = new Map<string, { index: number; value: Obj }>();
  asArray(spec['overrides']).forEach((raw, index) => {
    const value = asObject(raw);
    const cluster = asString(value?.['cluster']);
    if (value && cluster !== undefined && !byCluster.has(cluster)) byCluster.set(cluster, { index, value });
  });
  return byCluster;
}

/**
 * The Application spec as one cluster sees it: `cluster` set to it, the replica share and HPA
 * bounds of `share`, and the override's image, env (over `spec.env`) and placement (over
 * `spec.placement`) applied.
 */
export function clusterSpec(spec: Obj, share: ClusterShare): Obj {
  const { clusters: _clusters, distribution: _distribution, overrides: _overrides, ...rest } = spec;
  const override = share.override?.value;
  const image = asString(override?.['image']);
  const env = asObject(override?.['env']);
  const placement = asObject(override?.['placement']);
  const scaling = asObject(spec['scaling']);
  return {
    ...rest,
    cluster: share.cluster,
    replicas: share.replicas,
    ...(scaling && share.scaling ? { scaling: { ...scaling, ...share.scaling } } : {}),
    ...(image !== undefined ? { image } : {}),
    ...(env ? { env: { ...(asObject(spec['env']) ?? {}), ...env } } : {}),
    ...(placement ? { placement: { ...(asObject(spec['placement']) ?? {}), ...placement } } : {}),
  };
}
