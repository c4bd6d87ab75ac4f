/** The Deployments an Application document renders to, for comparing with what runs. */
import type { PlatformDocument } from '../../../../protocol/protocol';
import type { KubeObject } from '../../../../kube/registry';
import { renderManifests } from '../../../../platform/render';

/** A platform document back as the manifest it was parsed from (enough to render it). */
export function manifestOf(document: PlatformDocument): Record<string, unknown> {
  return {
    apiVersion: 'berth.dev/v1alpha1',
    kind: document.kind,
    metadata: { name: document.name, ...(document.kind === 'Application' && document.namespace ? { namespace: document.namespace } : {}) },
    spec: document.spec ?? {},
  };
}

/** The Deployments `application` renders to, looking its pools up among `all`. */
export function expectedDeployments(application: PlatformDocument, all: readonly PlatformDocument[]): KubeObject[] {
  // Capacity checks need the instance catalog; rendering a Deployment does not.
  const outcome = renderManifests([manifestOf(application)], [], { context: all.filter((d) => d !== application).map(manifestOf) });
  return outcome.objects.map((o) => o.object as unknown as KubeObject).filter((o) => o.kind === 'Deployment');
}

/** With `spec.scaling` (an HPA) the replica count may be anywhere between min and max. */
export function autoscaleRange(application: PlatformDocument): { min: number; max: number } | undefined {
  const scaling = (application.spec as { scaling?: { min?: unknown; max?: unknown } } | undefined)?.scaling;
  if (!scaling || typeof scaling !== 'object') return undefined;
  const min = typeof scaling.min === 'number' ? scaling.min : 1;
  const max = typeof scaling.max === 'number' ? scaling.max : Math.max(min, 1);
  return { min, max };
}
