/**
 * One revision of a workload's rollout history, whichever object records it: a ReplicaSet for a
 * Deployment, a ControllerRevision for a StatefulSet or DaemonSet.
 */

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown };
  spec?: { containers?: { name: string; image?: string }[]; [key: string]: unknown };
  [key: string]: unknown;
}

export interface RolloutRevision {
  readonly revision: number;
  /** The object holding this revision: a ReplicaSet (Deployments) or a ControllerRevision (StatefulSets, DaemonSets). */
  readonly replicaSet: string;
  /** `kubernetes.io/change-cause`, when set. */
  readonly changeCause?: string;
  /** Each container's image, "name=image". */
  readonly images: readonly string[];
  /** The pod template, without the pod-template-hash label. */
  readonly template: PodTemplate;
  readonly replicas: number;
  readonly created?: string;
  /** This revision is the Deployment's current pod template. */
  readonly current: boolean;
}
