import { asInteger, asObject, asString, field, type Obj } from '../rules/values';
import {
  ACTIVE_COLOR_ANNOTATION,
  APPLICATION_LABEL,
  CLUSTER_ANNOTATION,
  COLOR_LABEL,
  MANAGED_BY_LABEL,
  NAME_LABEL,
  TRACK_LABEL,
  nameOf,
  stringMap,
} from './labels';
import { clusterShares, clusterSpec, listedClusters } from './distribution';
import type { PlatformIndex } from './model';
import { claimName, container, nodePoolAffinity, portsOf, storageOf, tolerationsFor, topologySpread, type AppPort } from './podSpec';

type Json = Record<string, unknown>;

export interface Rendered {
  readonly objects: Json[];
  readonly problems: string[];
}

/** The objects of one cluster an Application is rendered for. */
export interface ClusterObjects {
  /** The cluster's name: `spec.cluster`, or one of `spec.clusters` (empty when the Application names none). */
  readonly cluster: string;
  readonly objects: Json[];
}

export interface RenderedPerCluster {
  readonly groups: ClusterObjects[];
  /** Whether the Application names several `clusters` (its objects carry the `berth.dev/cluster` annotation). */
  readonly multiCluster: boolean;
  readonly problems: string[];
}

/**
 * An Application as Kubernetes objects per cluster. A single-cluster Application is one group
 * with the objects of renderApplication, unchanged. An Application on several `clusters` is a
 * group per listed cluster, in list order: the objects rendered from the spec as that cluster
 * sees it (its replica share, HPA bounds and override), each annotated `berth.dev/cluster`.
 */
export function renderApplicationPerCluster(app: Obj, index: PlatformIndex, defaultNamespace: string): RenderedPerCluster {
  const spec = asObject(app['spec']);
  const clusters = listedClusters(spec);
  if (!spec || clusters === undefined) {
    const rendered = renderSingleCluster(app, index, defaultNamespace);
    return { groups: [{ cluster: asString(spec?.['cluster']) ?? '', objects: rendered.objects }], multiCluster: false, problems: rendered.problems };
  }
  const problems: string[] = [];
  const groups = clusterShares(spec, clusters).map((share) => {
    const rendered = renderSingleCluster({ ...app, spec: clusterSpec(spec, share) }, index, defaultNamespace);
    for (const problem of rendered.problems) if (!problems.includes(problem)) problems.push(problem);
    return { cluster: share.cluster, objects: rendered.objects.map((object) => annotated(object, share.cluster)) };
  });
  return { groups, multiCluster: true, problems };
}

/** A rendered object with `berth.dev/cluster: <cluster>` among its annotations (not its pod template's). */
function annotated(object: Json, cluster: string): Json {
  const metadata = asObject(object['metadata']) ?? {};
  return { ...object, metadata: { ...metadata, annotations: { ...(asObject(metadata['annotations']) ?? {}), [CLUSTER_ANNOTATION]: cluster } } };
}

/** One Deployment of a release: its name suffix, extra pod labels and replica count. */
interface Variant {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly replicas: number;
}

/**
 * An Application as Kubernetes objects, in a fixed order: PersistentVolumeClaims, Deployments,
 * Service, Ingress, HorizontalPodAutoscaler. An Application on several `clusters` gives those
 * of every cluster, cluster after cluster (renderApplicationPerCluster keeps them apart).
 */
export function renderApplication(app: Obj, index: PlatformIndex, defaultNamespace: string): Rendered {
  const rendered = renderApplicationPerCluster(app, index, defaultNamespace);
  return { objects: rendered.groups.flatMap((group) => group.objects), problems: rendered.problems };
}

function renderSingleCluster(app: Obj, index: PlatformIndex, defaultNamespace: string): Rendered {
  const problems: string[] = [];
  const name = nameOf(app);
  const spec = asObject(app['spec']);
  if (name === undefined) return { objects: [], problems: ['Application without metadata.name: not rendered'] };
  const label = `Application ${name}`;
  if (!spec || asString(spec['image']) === undefined) return { objects: [], problems: [`${label}: spec.image is missing: not rendered`] };

  const namespace = asString(field(app, 'metadata', 'namespace')) ?? defaultNamespace;
  const annotations = stringMap(field(app, 'metadata', 'annotations'));
  const labels = { ...stringMap(field(app, 'metadata', 'labels')), [NAME_LABEL]: name, [MANAGED_BY_LABEL]: 'berth', [APPLICATION_LABEL]: name };
  const metadata = (objectName: string, extra: Record<string, string> = {}): Json => ({
    name: objectName,
    namespace,
    labels: { ...labels, ...extra },
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  });

  const variants = releaseVariants(name, spec, annotations, problems, label);
  const scaled = asObject(spec['scaling']) !== undefined;
  const pod = podTemplateParts(name, spec, index, problems, label);
  const objects: Json[] = [];

  for (const volume of storageOf(spec)) {
    objects.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: metadata(claimName(name, volume.name)),
      spec: {
        accessModes: [volume.accessMode],
        ...(volume.storageClass !== undefined ? { storageClassName: volume.storageClass } : {}),
        resources: { requests: { storage: volume.size } },
      },
    });
  }

  for (const variant of variants.deployments) {
    const selector = { [NAME_LABEL]: name, ...variant.labels };
    const spread = topologySpread(asString(field(spec, 'placement', 'spread')), selector);
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: metadata(variant.name, variant.labels),
      spec: {
        replicas: variant.replicas,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...labels, ...variant.labels }, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
          spec: {
            containers: [container(name, spec)],
            ...(pod.affinity ? { affinity: pod.affinity } : {}),
            ...(pod.tolerations.length > 0 ? { tolerations: pod.tolerations } : {}),
            ...(spread ? { topologySpreadConstraints: spread } : {}),
            ...(pod.volumes.length > 0 ? { volumes: pod.volumes } : {}),
          },
        },
      },
    });
  }

  const exposeType = asString(field(spec, 'expose', 'type')) ?? 'ClusterIP';
  const ports = portsOf(spec);
  if (ports.length > 0) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata(name),
      spec: {
        type: exposeType === 'Ingress' ? 'ClusterIP' : exposeType,
        selector: { [NAME_LABEL]: name, ...variants.serviceSelector },
        ports: servicePorts(ports),
      },
    });
  } else if (asObject(spec['expose']) !== undefined) {
    problems.push(`${label}: expose needs at least one entry in spec.ports: no Service${exposeType === 'Ingress' ? ' or Ingress' : ''} rendered`);
  }

  if (exposeType === 'Ingress' && ports.length > 0) {
    const first = servicePorts(ports)[0]!;
    const host = asString(field(spec, 'expose', 'host'));
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: metadata(name),
      spec: {
        rules: [
          {
            ...(host !== undefined ? { host } : {}),
            http: {
              paths: [
                {
                  path: asString(field(spec, 'expose', 'path')) ?? '/',
                  pathType: 'Prefix',
                  backend: { service: { name, port: { name: first['name'] } } },
                },
              ],
            },
          },
        ],
      },
    });
  }

  if (scaled) {
    const target = variants.deployments[0]!;
    const min = Math.max(1, asInteger(field(spec, 'scaling', 'min')) ?? 1);
    objects.push({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: metadata(name),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target.name },
        minReplicas: min,
        maxReplicas: Math.max(min, asInteger(field(spec, 'scaling', 'max')) ?? min),
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: asInteger(field(spec, 'scaling', 'targetCPU')) ?? 80 } },
          },
        ],
      },
    });
  }

  return { objects, problems };
}

/** The pod's replica count: `scaling.min` (default 1) when scaling, else `replicas` (default 1). */
export function totalReplicas(spec: Obj): number {
  const scaling = asObject(spec['scaling']);
  const value = scaling ? asInteger(scaling['min']) : asInteger(spec['replicas']);
  return value !== undefined && value >= 0 ? value : 1;
}

/** canary = round(total * weight / 100), at least 1 when weight > 0 (and total > 0), at most total. */
export function canarySplit(total: number, weight: number): { stable: number; canary: number } {
  const share = Math.min(100, Math.max(0, weight));
  const canary = total === 0 || share === 0 ? 0 : Math.min(total, Math.max(1, Math.round((total * share) / 100)));
  return { stable: total - canary, canary };
}

/**
 * The Deployments of a release strategy (the first is the one the HPA scales) and the extra
 * labels the Service selects by.
 * - rolling: `<app>`.
 * - canary: `<app>` (track stable) and `<app>-canary` (track canary), replicas split by weight;
 *   the Service selects both tracks, so traffic follows the replica split.
 * - blueGreen: `<app>-blue` and `<app>-green`, each with the full replica count; the Service
 *   selects the active colour, annotation `berth.dev/active-color` (default blue).
 */
function releaseVariants(
  name: string,
  spec: Obj,
  annotations: Record<string, string>,
  problems: string[],
  label: string,
): { deployments: Variant[]; serviceSelector: Record<string, string> } {
  const total = totalReplicas(spec);
  const strategy = asString(field(spec, 'release', 'strategy')) ?? 'rolling';
  if (strategy === 'canary') {
    const split = canarySplit(total, asInteger(field(spec, 'release', 'canary', 'weight')) ?? 0);
    return {
      deployments: [
        { name, labels: { [TRACK_LABEL]: 'stable' }, replicas: split.stable },
        { name: `${name}-canary`, labels: { [TRACK_LABEL]: 'canary' }, replicas: split.canary },
      ],
      serviceSelector: {},
    };
  }
  if (strategy === 'blueGreen') {
    let active = annotations[ACTIVE_COLOR_ANNOTATION] ?? 'blue';
    if (active !== 'blue' && active !== 'green') {
      problems.push(`${label}: annotation ${ACTIVE_COLOR_ANNOTATION} must be blue or green, not "${active}": blue is active`);
      active = 'blue';
    }
    const colors = active === 'blue' ? ['blue', 'green'] : ['green', 'blue'];
    return {
      deployments: colors.map((color) => ({ name: `${name}-${color}`, labels: { [COLOR_LABEL]: color }, replicas: total })),
      serviceSelector: { [COLOR_LABEL]: active },
    };
  }
  return { deployments: [{ name, labels: {}, replicas: total }], serviceSelector: {} };
}

function podTemplateParts(
  name: string,
  spec: Obj,
  index: PlatformIndex,
  problems: string[],
  label: string,
): { affinity: Json | undefined; tolerations: Json[]; volumes: Json[] } {
  const volumes = storageOf(spec).map((volume) => ({ name: volume.name, persistentVolumeClaim: { claimName: claimName(name, volume.name) } }));
  const poolName = asString(field(spec, 'placement', 'nodePool'));
  if (poolName === undefined) return { affinity: undefined, tolerations: [], volumes };
  const cluster = asString(spec['cluster']);
  const pool = index.pool(cluster, poolName);
  if (!pool) {
    const elsewhere = index.clustersWithPool(poolName);
    problems.push(
      `${label}: placement.nodePool "${poolName}" is not a NodePool of cluster "${cluster ?? '?'}" among the rendered manifests` +
        (elsewhere.length > 0 ? ` (it belongs to ${elsewhere.map((c) => `"${c}"`).join(', ')})` : '') +
        ': node affinity rendered, tolerations of its taints left out',
    );
  }
  return { affinity: nodePoolAffinity(poolName), tolerations: tolerationsFor(pool), volumes };
}

/** Service ports: the container ports, each named (a name is required once there are several). */
function servicePorts(ports: readonly AppPort[]): Json[] {
  return ports.map((p) => ({
    name: p.name ?? `${p.protocol.toLowerCase()}-${p.port}`,
    port: p.port,
    targetPort: p.name ?? p.port,
    protocol: p.protocol,
  }));
}
