import { asArray, asInteger, asObject, asString, field, type Obj } from '../../rules/values';
import type { PathSegment } from '../../yaml/parseChunk';

/** Where each built-in workload keeps its pod (the object holding the pod's `metadata` and `spec`). */
const POD_PATHS: Readonly<Record<string, { readonly apiVersion: string; readonly path: readonly string[] }>> = {
  Pod: { apiVersion: 'v1', path: [] },
  Deployment: { apiVersion: 'apps/v1', path: ['spec', 'template'] },
  StatefulSet: { apiVersion: 'apps/v1', path: ['spec', 'template'] },
  DaemonSet: { apiVersion: 'apps/v1', path: ['spec', 'template'] },
  ReplicaSet: { apiVersion: 'apps/v1', path: ['spec', 'template'] },
  ReplicationController: { apiVersion: 'v1', path: ['spec', 'template'] },
  Job: { apiVersion: 'batch/v1', path: ['spec', 'template'] },
  CronJob: { apiVersion: 'batch/v1', path: ['spec', 'jobTemplate', 'spec', 'template'] },
};

/** Kinds that keep a replica count in `spec.replicas` (1 when unset). */
const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/** A pod of a workload, as the checks read it. */
export interface WorkloadPod {
  readonly kind: string;
  readonly namespace: string;
  readonly spec: Obj;
  readonly specPath: readonly PathSegment[];
  readonly labels: Readonly<Record<string, string>>;
  /** `spec.replicas` of a replicated kind (1 when unset); undefined for other kinds or a count that is no integer. */
  readonly replicas: number | undefined;
  /** Jobs run to completion: probes make no sense for them. */
  readonly runsToCompletion: boolean;
}

export function workloadPod(object: Obj, apiVersion: string, kind: string): WorkloadPod | undefined {
  const place = Object.prototype.hasOwnProperty.call(POD_PATHS, kind) ? POD_PATHS[kind] : undefined;
  if (!place || place.apiVersion !== apiVersion) return undefined;
  const pod = place.path.length === 0 ? object : asObject(field(object, ...place.path));
  const spec = asObject(pod?.spec);
  if (!spec) return undefined;
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(asObject(field(pod, 'metadata', 'labels')) ?? {})) labels[key] = String(value);
  const replicas = REPLICATED.has(kind) ? (field(object, 'spec', 'replicas') === undefined || field(object, 'spec', 'replicas') === null ? 1 : asInteger(field(object, 'spec', 'replicas'))) : undefined;
  return {
    kind,
    namespace: asString(field(object, 'metadata', 'namespace')) ?? 'default',
    spec,
    specPath: [...place.path, 'spec'],
    labels,
    replicas,
    runsToCompletion: kind === 'Job' || kind === 'CronJob',
  };
}

export interface PodContainer {
  readonly container: Obj;
  readonly path: readonly PathSegment[];
  readonly name: string;
  readonly init: boolean;
  /** An init container with `restartPolicy: Always` runs beside the app containers for the pod's life. */
  readonly sidecar: boolean;
}

/** The init containers, then the app containers (ephemeral ones are added to running pods, never written in manifests). */
export function podContainers(pod: WorkloadPod): PodContainer[] {
  const out: PodContainer[] = [];
  for (const group of ['initContainers', 'containers'] as const) {
    asArray(pod.spec[group]).forEach((raw, index) => {
      const container = asObject(raw);
      if (!container) return;
      const init = group === 'initContainers';
      out.push({ container, path: [...pod.specPath, group, index], name: asString(container.name) ?? `#${index + 1}`, init, sidecar: init && container.restartPolicy === 'Always' });
    });
  }
  return out;
}

/** Containers that run for the pod's life: app containers and sidecars. */
export function longLived(container: PodContainer): boolean {
  return !container.init || container.sidecar;
}

/** Where a finding about a container as a whole is shown: its name. */
export function containerAnchor(container: PodContainer): { path: readonly PathSegment[]; on: 'key' | 'value' } {
  return container.container.name !== undefined ? { path: [...container.path, 'name'], on: 'value' } : { path: container.path, on: 'key' };
}
