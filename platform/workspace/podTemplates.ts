import { asArray, asObject, asString, field, type Obj } from '../rules/values';
import type { PathSegment } from '../yaml/parseChunk';
import type { ManifestEntry } from './workspaceIndex';

/** Where each workload kind keeps its pod template. */
const TEMPLATE_PATHS: Record<string, readonly string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Pod: [],
};

export const SCALABLE_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

export interface PodTemplate {
  readonly entry: ManifestEntry;
  /** Path of the template (the object holding `metadata` and `spec` of the pod). */
  readonly path: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly spec: Obj | undefined;
}

/** Entries are reused while their document is unchanged, so their templates are read once. */
const templates = new WeakMap<ManifestEntry, PodTemplate | null>();
/** A document moved by an edit above it gets a new entry but keeps its data: the template is not read again. */
const templateParts = new WeakMap<Obj, Omit<PodTemplate, 'entry'> | null>();

export function podTemplate(entry: ManifestEntry): PodTemplate | undefined {
  let template = templates.get(entry);
  if (template === undefined) {
    let parts = templateParts.get(entry.value);
    if (parts === undefined) templateParts.set(entry.value, (parts = readPodTemplate(entry) ?? null));
    template = parts ? { entry, ...parts } : null;
    templates.set(entry, template);
  }
  return template ?? undefined;
}

function readPodTemplate(entry: ManifestEntry): Omit<PodTemplate, 'entry'> | undefined {
  const path = TEMPLATE_PATHS[entry.kind];
  if (!path) return undefined;
  const template = path.length === 0 ? entry.value : asObject(field(entry.value, ...path));
  if (!template) return undefined;
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(asObject(field(template, 'metadata', 'labels')) ?? {})) labels[key] = String(value);
  return { path, labels, spec: asObject(template.spec) };
}

/** A ConfigMap, Secret or PVC that a pod spec names. */
export interface PodReference {
  readonly kind: 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim';
  readonly name: string;
  readonly path: PathSegment[];
}

/** Every required ConfigMap/Secret/PVC reference of a pod spec (optional ones are left out). */
export function podReferences(spec: Obj, base: readonly PathSegment[]): PodReference[] {
  const out: PodReference[] = [];
  const add = (kind: PodReference['kind'], holder: unknown, key: string, path: PathSegment[]): void => {
    const object = asObject(holder);
    const name = asString(object?.[key]);
    if (name !== undefined && object?.optional !== true) out.push({ kind, name, path: [...base, ...path, key] });
  };
  asArray(spec.volumes).forEach((volume, i) => {
    const v = asObject(volume);
    add('ConfigMap', v?.configMap, 'name', ['volumes', i, 'configMap']);
    add('Secret', v?.secret, 'secretName', ['volumes', i, 'secret']);
    add('PersistentVolumeClaim', v?.persistentVolumeClaim, 'claimName', ['volumes', i, 'persistentVolumeClaim']);
    asArray(asObject(v?.projected)?.sources).forEach((source, j) => {
      add('ConfigMap', asObject(source)?.configMap, 'name', ['volumes', i, 'projected', 'sources', j, 'configMap']);
      add('Secret', asObject(source)?.secret, 'name', ['volumes', i, 'projected', 'sources', j, 'secret']);
    });
  });
  for (const group of ['initContainers', 'containers'] as const) {
    asArray(spec[group]).forEach((container, c) => {
      const k = asObject(container);
      asArray(k?.env).forEach((env, e) => {
        const from = asObject(asObject(env)?.valueFrom);
        add('ConfigMap', from?.configMapKeyRef, 'name', [group, c, 'env', e, 'valueFrom', 'configMapKeyRef']);
        add('Secret', from?.secretKeyRef, 'name', [group, c, 'env', e, 'valueFrom', 'secretKeyRef']);
      });
      asArray(k?.envFrom).forEach((env, e) => {
        add('ConfigMap', asObject(env)?.configMapRef, 'name', [group, c, 'envFrom', e, 'configMapRef']);
        add('Secret', asObject(env)?.secretRef, 'name', [group, c, 'envFrom', e, 'secretRef']);
      });
    });
  }
  return out;
}
