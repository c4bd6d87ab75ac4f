/** The context's All pods folder: every pod of the cluster, a page at a time (pagedListing.ts). */
import type { KubeObject } from '../../../../kube';
import { PODS, type ResourceKind } from './resourceKinds';
import { podSummary } from './summaries';

export const ALL_PODS_FOLDER = 'allPods';
export const ALL_PODS_LABEL = 'All pods';

/** A pod row among every namespace's: its namespace leads the description. */
export const ALL_PODS: ResourceKind = {
  ...PODS,
  key: ALL_PODS_FOLDER,
  summary: (pod: KubeObject) => {
    const summary = podSummary(pod);
    return { ...summary, description: `${pod.metadata.namespace ?? ''} · ${summary.description}` };
  },
};
