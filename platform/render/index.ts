import type { InstanceType } from '../schema/platformSchemas';
import { PLATFORM_API_VERSION } from '../schema/platformSchemas';
import { asObject, asString, field } from '../rules/values';
import { renderApplication } from './application';
import { renderKindConfig } from './kind';
import { renderKwokNodes, RenderError } from './kwok';
import { nameOf } from './labels';
import { desiredNodes, PlatformIndex } from './model';

export { renderKindConfig, KIND_API_VERSION } from './kind';
export { renderKwokNode, renderKwokNodes, RenderError } from './kwok';
export { canarySplit } from './application';
export { formatRendered, type RenderFormat } from './format';
export { ACTIVE_COLOR_ANNOTATION, COLOR_LABEL, NODEPOOL_LABEL, TRACK_LABEL } from './labels';

export interface RenderedObject {
  /** The document it came from: the platform document, or the Kubernetes object itself. */
  readonly source: { readonly kind: string; readonly name: string };
  readonly object: Record<string, unknown>;
}

export interface RenderOutcome {
  readonly objects: readonly RenderedObject[];
  /** Why something did not render (fully), one line each; empty when all rendered. */
  readonly problems: readonly string[];
}

export interface RenderOptions {
  /** Pass non-platform manifests through unchanged, in document order. Default false. */
  readonly includeKubernetes?: boolean;
  /** The namespace of Applications that name none. Default "default". */
  readonly namespace?: string;
  /** More manifests to look Clusters and NodePools up in, not rendered themselves (e.g. other open files). */
  readonly context?: readonly unknown[];
}

/**
 * Renders every platform document among `manifests` (parsed YAML values of any kind), in
 * document order:
 * - Application → PersistentVolumeClaims, Deployment(s), Service, Ingress, HorizontalPodAutoscaler;
 * - Cluster with provider kind → its kind cluster config (with the workers of its NodePools);
 * - NodePool of a kwok Cluster → its `desired` simulated Nodes;
 * - other Clusters and NodePools (kwok or registered clusters, kind pools, pools of unknown
 *   clusters) render nothing of their own.
 * NodePools and Clusters are looked up among the same manifests (and `options.context`).
 * Pure: never throws on bad input; what cannot render is a problem line.
 */
export function renderManifests(manifests: readonly unknown[], catalog: readonly InstanceType[], options: RenderOptions = {}): RenderOutcome {
  const index = new PlatformIndex([...manifests, ...(options.context ?? [])], catalog);
  const objects: RenderedObject[] = [];
  const problems: string[] = [];
  const namespace = options.namespace ?? 'default';

  for (const manifest of manifests) {
    const value = asObject(manifest);
    const apiVersion = asString(value?.['apiVersion']);
    const kind = asString(value?.['kind']);
    if (!value || apiVersion === undefined || kind === undefined) continue;
    const name = nameOf(value) ?? '';
    const source = { kind, name };
    const emit = (object: Record<string, unknown>): void => {
      objects.push({ source, object: plain(object) });
    };

    if (apiVersion.split('/')[0] !== 'berth.dev') {
      if (options.includeKubernetes) emit(value);
      continue;
    }
    if (apiVersion !== PLATFORM_API_VERSION) {
      problems.push(`${kind} ${name}: apiVersion ${apiVersion} is not served; use ${PLATFORM_API_VERSION}`);
      continue;
    }
    switch (kind) {
      case 'Application': {
        const rendered = renderApplication(value, index, namespace);
        rendered.objects.forEach(emit);
        problems.push(...rendered.problems);
        break;
      }
      case 'Cluster':
        if (field(value, 'spec', 'provider') === 'kind') {
          if (name === '') problems.push('Cluster without metadata.name: not rendered');
          else emit(renderKindConfig(value, index.poolsOf(name)));
        }
        break;
      case 'NodePool': {
        const cluster = index.cluster(asString(field(value, 'spec', 'cluster')));
        if (field(cluster, 'spec', 'provider') !== 'kwok') break;
        if (field(cluster, 'spec', 'type') === 'serverless') {
          problems.push(`NodePool ${name}: its cluster is serverless and has no node pools: no nodes rendered`);
          break;
        }
        try {
          renderKwokNodes(value, desiredNodes(value), catalog).forEach(emit);
        } catch (error) {
          if (!(error instanceof RenderError)) throw error;
          problems.push(error.message);
        }
        break;
      }
      default:
        problems.push(`${kind} ${name}: ${PLATFORM_API_VERSION} has no kind ${kind}: not rendered`);
    }
  }
  return { objects, problems };
}

/** A fresh JSON tree: no shared subtrees (YAML would print aliases), no undefined fields. */
function plain(object: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(object)) as Record<string, unknown>;
}
