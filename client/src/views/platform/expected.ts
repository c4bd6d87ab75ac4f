/** The Deployments an Application document renders to, for comparing with what runs. */
import type { PlatformDocument } from '../../../../protocol/protocol';
import type { KubeObject } from '../../../../kube/registry';
import { clusterShares, renderManifests, type ClusterShare } from '../../../../platform/render';

/** A platform document back as the manifest it was parsed from (enough to render it). */
export function manifestOf(document: PlatformDocument): Record<string, unknown> {
  return {
    apiVersion: 'berth.dev/v1alpha1',
    kind: document.kind,
    metadata: { name: document.name, ...(document.kind === 'Application' && document.namespace ? { namespace: document.namespace } : {}) },
    spec: document.spec ?? {},
  };
}

/**
 * The Deployments `application` renders to, looking its pools up among `all`. An Application on
 * several clusters renders for each: `cluster` picks that cluster's (its replica share and override).
 */
export function expectedDeployments(application: PlatformDocument, all: readonly PlatformDocument[], cluster?: string): KubeObject[] {
  // Capacity checks need the instance catalog; rendering a Deployment does not.
  const outcome = renderManifests([manifestOf(application)], [], { context: all.filter((d) => d !== application).map(manifestOf) });
  return outcome.objects.filter((o) => cluster === undefined || o.cluster === undefined || o.cluster === cluster).map((o) => o.object as unknown as KubeObject).filter((o) => o.kind === 'Deployment');
}

/**
 * With `spec.scaling` (an HPA) the replica count may be anywhere between min and max; on several
 * clusters, between the bounds of `cluster`'s own HPA (divided like the replicas).
 */
export function autoscaleRange(application: PlatformDocument, cluster?: string): { min: number; max: number } | undefined {
  const scaling = (application.spec as { scaling?: { min?: unknown; max?: unknown } } | undefined)?.scaling;
  if (!scaling || typeof scaling !== 'object') return undefined;
  const share = cluster !== undefined ? shareOf(application, cluster) : undefined;
  if (share?.scaling) return share.scaling;
  const min = typeof scaling.min === 'number' ? scaling.min : 1;
  const max = typeof scaling.max === 'number' ? scaling.max : Math.max(min, 1);
  return { min, max };
}

/** What one cluster of an Application on several clusters runs, after its distribution and overrides. */
export function shareOf(application: PlatformDocument, cluster: string): ClusterShare | undefined {
  const clusters = application.clusters;
  if (!clusters?.includes(cluster)) return undefined;
  const spec = application.spec !== null && typeof application.spec === 'object' && !Array.isArray(application.spec) ? (application.spec as Record<string, unknown>) : {};
  return clusterShares(spec, clusters).find((s) => s.cluster === cluster);
}

/** One line saying what `cluster` runs of an Application on several clusters ("4 of its replicas on east; also on west"), else undefined. */
export function shareNote(application: PlatformDocument, cluster: string): string | undefined {
  const share = shareOf(application, cluster);
  if (!share) return undefined;
  const others = (application.clusters ?? []).filter((c) => c !== cluster);
  const runs = share.scaling ? `${share.scaling.min}–${share.scaling.max} replicas (autoscaled)` : `${share.replicas} ${share.replicas === 1 ? 'replica' : 'replicas'}`;
  return `On ${cluster}: ${runs}${share.override ? ', with its override' : ''}${others.length > 0 ? `; also on ${others.join(', ')}` : ''}.`;
}
