/** The kinds the Clusters view lists under a namespace, in the order their folders appear. */
import type { WatchResource } from '../../../../kube/watchCache';
import { staticResource, type KubeObject } from '../../../../kube/registry';
import { eventSummary, ingressSummary, podSummary, pvcSummary, serviceSummary, workloadSummary, type Summary } from './summaries';

export interface ResourceKind extends WatchResource {
  /** Stable key, used in tree ids. */
  readonly key: string;
  /** Folder label. */
  readonly label: string;
  readonly kind: string;
  /** Codicon of its rows. */
  readonly icon: string;
  /** What the row of one object shows; undefined = the object name only. */
  readonly summary?: (object: KubeObject) => Summary;
  /** What expanding a row lists: the workload's pods, a pod's containers, a CronJob's Jobs, data keys. */
  readonly expands?: 'pods' | 'containers' | 'jobs' | 'keys';
}


export const DEPLOYMENTS: ResourceKind = { ...staticResource('Deployment'), key: 'deployments', label: 'Deployments', summary: (o: KubeObject) => workloadSummary(o, 'Deployment'), expands: 'pods', icon: 'layers' };
export const STATEFULSETS: ResourceKind = { ...staticResource('StatefulSet'), key: 'statefulsets', label: 'StatefulSets', summary: (o: KubeObject) => workloadSummary(o, 'StatefulSet'), expands: 'pods', icon: 'database' };
export const DAEMONSETS: ResourceKind = { ...staticResource('DaemonSet'), key: 'daemonsets', label: 'DaemonSets', summary: (o: KubeObject) => workloadSummary(o, 'DaemonSet'), expands: 'pods', icon: 'layers-dot' };
export const JOBS: ResourceKind = { ...staticResource('Job'), key: 'jobs', label: 'Jobs', summary: (o: KubeObject) => workloadSummary(o, 'Job'), expands: 'pods', icon: 'run-all' };
export const CRONJOBS: ResourceKind = { ...staticResource('CronJob'), key: 'cronjobs', label: 'CronJobs', icon: 'watch', summary: (o) => workloadSummary(o, 'CronJob'), expands: 'jobs' };
export const PODS: ResourceKind = { ...staticResource('Pod'), key: 'pods', label: 'Pods', icon: 'symbol-module', summary: podSummary, expands: 'containers' };
export const SERVICES: ResourceKind = { ...staticResource('Service'), key: 'services', label: 'Services', icon: 'plug', summary: serviceSummary };
export const INGRESSES: ResourceKind = { ...staticResource('Ingress'), key: 'ingresses', label: 'Ingresses', icon: 'globe', summary: ingressSummary };
export const CONFIGMAPS: ResourceKind = { ...staticResource('ConfigMap'), key: 'configmaps', label: 'ConfigMaps', icon: 'settings', expands: 'keys' };
export const SECRETS: ResourceKind = { ...staticResource('Secret'), key: 'secrets', label: 'Secrets', icon: 'key', expands: 'keys' };
export const PVCS: ResourceKind = { ...staticResource('PersistentVolumeClaim'), key: 'pvcs', label: 'PersistentVolumeClaims', icon: 'archive', summary: pvcSummary };
export const EVENTS: ResourceKind = { ...staticResource('Event'), key: 'events', label: 'Events', icon: 'bell', summary: eventSummary };

export const NAMESPACE_FOLDERS: readonly ResourceKind[] = [DEPLOYMENTS, STATEFULSETS, DAEMONSETS, JOBS, CRONJOBS, PODS, SERVICES, INGRESSES, CONFIGMAPS, SECRETS, PVCS, EVENTS];

export const NAMESPACES: WatchResource = staticResource('Namespace');
export const NODES: ResourceKind = { ...staticResource('Node'), key: 'nodes', label: 'Nodes', icon: 'server' };

export function resourceKind(key: string): ResourceKind | undefined {
  return NAMESPACE_FOLDERS.find((k) => k.key === key) ?? (key === NODES.key ? NODES : undefined);
}
