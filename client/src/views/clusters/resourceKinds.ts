/** The kinds the Clusters view lists under a namespace, in the order their folders appear. */
import type { WatchResource } from '../../../../kube/watchCache';
import type { KubeObject } from '../../../../kube/resources';
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


export const DEPLOYMENTS: ResourceKind = { key: 'deployments', label: 'Deployments', kind: 'Deployment', summary: (o: KubeObject) => workloadSummary(o, 'Deployment'), expands: 'pods', apiVersion: 'apps/v1', plural: 'deployments', icon: 'layers' };
export const STATEFULSETS: ResourceKind = { key: 'statefulsets', label: 'StatefulSets', kind: 'StatefulSet', summary: (o: KubeObject) => workloadSummary(o, 'StatefulSet'), expands: 'pods', apiVersion: 'apps/v1', plural: 'statefulsets', icon: 'database' };
export const DAEMONSETS: ResourceKind = { key: 'daemonsets', label: 'DaemonSets', kind: 'DaemonSet', summary: (o: KubeObject) => workloadSummary(o, 'DaemonSet'), expands: 'pods', apiVersion: 'apps/v1', plural: 'daemonsets', icon: 'layers-dot' };
export const JOBS: ResourceKind = { key: 'jobs', label: 'Jobs', kind: 'Job', summary: (o: KubeObject) => workloadSummary(o, 'Job'), expands: 'pods', apiVersion: 'batch/v1', plural: 'jobs', icon: 'run-all' };
export const CRONJOBS: ResourceKind = { key: 'cronjobs', label: 'CronJobs', kind: 'CronJob', apiVersion: 'batch/v1', plural: 'cronjobs', icon: 'watch', summary: (o) => workloadSummary(o, 'CronJob'), expands: 'jobs' };
export const PODS: ResourceKind = { key: 'pods', label: 'Pods', kind: 'Pod', apiVersion: 'v1', plural: 'pods', icon: 'symbol-module', summary: podSummary, expands: 'containers' };
export const SERVICES: ResourceKind = { key: 'services', label: 'Services', kind: 'Service', apiVersion: 'v1', plural: 'services', icon: 'plug', summary: serviceSummary };
export const INGRESSES: ResourceKind = { key: 'ingresses', label: 'Ingresses', kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', plural: 'ingresses', icon: 'globe', summary: ingressSummary };
export const CONFIGMAPS: ResourceKind = { key: 'configmaps', label: 'ConfigMaps', kind: 'ConfigMap', apiVersion: 'v1', plural: 'configmaps', icon: 'settings', expands: 'keys' };
export const SECRETS: ResourceKind = { key: 'secrets', label: 'Secrets', kind: 'Secret', apiVersion: 'v1', plural: 'secrets', icon: 'key', expands: 'keys' };
export const PVCS: ResourceKind = { key: 'pvcs', label: 'PersistentVolumeClaims', kind: 'PersistentVolumeClaim', apiVersion: 'v1', plural: 'persistentvolumeclaims', icon: 'archive', summary: pvcSummary };
export const EVENTS: ResourceKind = { key: 'events', label: 'Events', kind: 'Event', apiVersion: 'v1', plural: 'events', icon: 'bell', summary: eventSummary };

export const NAMESPACE_FOLDERS: readonly ResourceKind[] = [DEPLOYMENTS, STATEFULSETS, DAEMONSETS, JOBS, CRONJOBS, PODS, SERVICES, INGRESSES, CONFIGMAPS, SECRETS, PVCS, EVENTS];

export const NAMESPACES: WatchResource = { apiVersion: 'v1', plural: 'namespaces', namespaced: false };
export const NODES: ResourceKind = { key: 'nodes', label: 'Nodes', kind: 'Node', apiVersion: 'v1', plural: 'nodes', namespaced: false, icon: 'server' };

export function resourceKind(key: string): ResourceKind | undefined {
  return NAMESPACE_FOLDERS.find((k) => k.key === key) ?? (key === NODES.key ? NODES : undefined);
}
