import { PLATFORM_API_VERSION, type InstanceType } from '../model';
import { asObject, asString, field, type Obj } from '../rules/values';
import { nameOf } from './labels';

/** The Clusters and NodePools a render can look things up in. */
export class PlatformIndex {
  private readonly clusters = new Map<string, Obj>();
  private readonly pools: Obj[] = [];

  constructor(manifests: readonly unknown[], readonly catalog: readonly InstanceType[]) {
    for (const manifest of manifests) {
      const value = asObject(manifest);
      if (!value || value['apiVersion'] !== PLATFORM_API_VERSION) continue;
      const name = nameOf(value);
      if (name === undefined) continue;
      if (value['kind'] === 'Cluster' && !this.clusters.has(name)) this.clusters.set(name, value);
      if (value['kind'] === 'NodePool') this.pools.push(value);
    }
  }

  cluster(name: string | undefined): Obj | undefined {
    return name === undefined ? undefined : this.clusters.get(name);
  }

  /** The pools of a cluster, in document order, first of each name. */
  poolsOf(cluster: string): Obj[] {
    const seen = new Set<string>();
    return this.pools.filter((pool) => {
      const name = nameOf(pool);
      if (field(pool, 'spec', 'cluster') !== cluster || name === undefined || seen.has(name)) return false;
      seen.add(name);
      return true;
    });
  }

  pool(cluster: string | undefined, name: string): Obj | undefined {
    return cluster === undefined ? undefined : this.poolsOf(cluster).find((pool) => nameOf(pool) === name);
  }

  /** The clusters a pool of this name belongs to, for a hint when it belongs to another one. */
  clustersWithPool(name: string): string[] {
    return this.pools.filter((pool) => nameOf(pool) === name).map((pool) => asString(field(pool, 'spec', 'cluster')) ?? '?');
  }

  instanceType(name: unknown): InstanceType | undefined {
    return this.catalog.find((type) => type.name === name);
  }
}

/** Kubernetes quantities as strings: YAML `cpu: 1` is the number 1, and the API wants "1". */
export function quantityText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The pool's node count: `desired`, else `min`, else 1 (as the cluster scripts do). */
export function desiredNodes(pool: unknown): number {
  return firstScalingCount(pool, ['desired', 'min']);
}

/** The first of the pool's `spec.scaling` counts named by `keys` that is a whole number ≥ 0, else 1. */
export function firstScalingCount(pool: unknown, keys: readonly string[]): number {
  const scaling = asObject(field(pool, 'spec', 'scaling'));
  for (const key of keys) {
    const value = scaling?.[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  }
  return 1;
}

/** The pool's taints as Kubernetes Taint objects (key, optional value, effect). */
export function taintsOf(pool: Obj | undefined): Array<{ key: string; value?: string; effect: string }> {
  const taints: Array<{ key: string; value?: string; effect: string }> = [];
  const list = field(pool, 'spec', 'taints');
  for (const entry of Array.isArray(list) ? list : []) {
    const key = asString(field(entry, 'key'));
    const effect = asString(field(entry, 'effect'));
    if (key === undefined || effect === undefined) continue;
    const value = asString(field(entry, 'value'));
    taints.push(value ? { key, value, effect } : { key, effect });
  }
  return taints;
}
