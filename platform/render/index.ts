import type { InstanceType } from '../model';
import { PLATFORM_API_VERSION } from '../schema/platformSchemas';
import { asObject, asString, field } from '../rules/values';
import { renderApplicationPerCluster } from './application';
import { renderKindConfig } from './kind';
import { clusterPodCIDR, renderKwokNodes, RenderError } from './kwok';
import { nameOf } from './labels';
import { desiredNodes, PlatformIndex } from './model';
import { MAX_NODES_PER_CLUSTER, MAX_NODES_PER_POOL } from '../validate/nodeLimits';
import type { RenderedObject } from './renderedObject';

export { renderKindConfig, KIND_API_VERSION } from './kind';
export { clusterPodCIDR, renderKwokClusterNodes, renderKwokNode, renderKwokNodes, RenderError, type KwokNodeOptions } from './kwok';
export { renderKwokctlConfig, type KwokBinaries, type KwokctlConfigOptions } from './kwokctl';
export { canarySplit, renderApplicationPerCluster, type ClusterObjects, type RenderedPerCluster } from './application';
export { clusterShares, divideByWeights, listedClusters, type ClusterShare } from './distribution';
export { formatRendered, type RenderFormat } from './format';
export { ACTIVE_COLOR_ANNOTATION, CLUSTER_ANNOTATION, COLOR_LABEL, KWOK_NODE_ANNOTATION, KWOK_NODE_ROLE_LABEL, NODEPOOL_LABEL, TRACK_LABEL } from './labels';

export type { RenderedObject } from './renderedObject';

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
 *   on several `clusters`, those of each cluster in list order, each object with its `cluster`;
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
  const clusterNodeProblems = new Map<string, string | undefined>();
  const clusterNodeProblem = (cluster: string): string | undefined => {
    if (!clusterNodeProblems.has(cluster)) clusterNodeProblems.set(cluster, nodeCountProblem(index.poolsOf(cluster)));
    return clusterNodeProblems.get(cluster);
  };

  for (const manifest of manifests) {
    const value = asObject(manifest);
    const apiVersion = asString(value?.['apiVersion']);
    const kind = asString(value?.['kind']);
    if (!value || apiVersion === undefined || kind === undefined) continue;
    const name = nameOf(value) ?? '';
    const source = { kind, name };
    const emit = (object: Record<string, unknown>, cluster?: string): void => {
      objects.push(cluster === undefined ? { source, object: plain(object) } : { source, object: plain(object), cluster });
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
        const rendered = renderApplicationPerCluster(value, index, namespace);
        for (const group of rendered.groups) for (const object of group.objects) emit(object, rendered.multiCluster ? group.cluster : undefined);
        problems.push(...rendered.problems);
        break;
      }
      case 'Cluster':
        if (field(value, 'spec', 'provider') === 'kind') {
          if (name === '') problems.push('Cluster without metadata.name: not rendered');
          else if (clusterNodeProblem(name)) problems.push(`Cluster ${name}: ${clusterNodeProblem(name)}: not rendered`);
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
        const tooMany = poolNodeProblem(value) ?? clusterNodeProblem(asString(field(value, 'spec', 'cluster')) ?? '');
        if (tooMany) {
          problems.push(`NodePool ${name}: ${tooMany}: no nodes rendered`);
          break;
        }
        try {
          const podCIDR = clusterPodCIDR(cluster);
          for (const node of renderKwokNodes(value, desiredNodes(value), catalog, podCIDR !== undefined ? { podCIDR } : {})) emit(node);
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

/**
 * Why a cluster's pools cannot be rendered, checked before a single node is built: a pool over
 * MAX_NODES_PER_POOL nodes or a cluster over MAX_NODES_PER_CLUSTER (a typo of a few zeros would
 * otherwise allocate until the process is killed). Undefined when they can.
 */
export function nodeCountProblem(pools: readonly unknown[]): string | undefined {
  let total = 0;
  for (const pool of pools) {
    const problem = poolNodeProblem(pool);
    if (problem) return `${problem} (NodePool ${nameOf(asObject(pool) ?? {}) ?? '?'})`;
    total += desiredNodes(pool);
  }
  return total > MAX_NODES_PER_CLUSTER ? `its node pools add up to ${total} nodes, more than the ${MAX_NODES_PER_CLUSTER} a cluster may have` : undefined;
}

function poolNodeProblem(pool: unknown): string | undefined {
  const nodes = desiredNodes(pool);
  return nodes > MAX_NODES_PER_POOL ? `${nodes} nodes wanted, more than the ${MAX_NODES_PER_POOL} a node pool may have` : undefined;
}

/** A fresh JSON tree: no shared subtrees (YAML would print aliases), no undefined fields. */
function plain(object: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(object)) as Record<string, unknown>;
}
