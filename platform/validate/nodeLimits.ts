import { firstScalingCount } from '../render/model';

/** PLATFORM.md's bounds on node pools: nothing is rendered or created beyond them. */
export const MAX_NODES_PER_POOL = 1000;
export const MAX_NODES_PER_CLUSTER = 5000;

/** The most nodes a pool may grow to: `scaling.max`, else `desired`, else `min`, else 1. */
export function poolMaximumNodes(pool: unknown): number {
  return firstScalingCount(pool, ['max', 'desired', 'min']);
}
