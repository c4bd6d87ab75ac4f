/**
 * How a platform document compares with what runs: deployed (found and matching), drifted (found
 * but different; the description says how), not deployed. Pure: the caller fetches the live
 * objects and renders the expected ones.
 */
import type { KubeObject } from '../../../../kube/registry';
import { NODEPOOL_LABEL } from '../../../../platform/render/labels';
import { nodeReady } from '../clusters/summaries';

export type DeployState = 'deployed' | 'drifted' | 'notDeployed' | 'unknown';

export interface LiveState {
  readonly state: DeployState;
  /** One short line for the row's description. */
  readonly description: string;
  /** Every difference or reason, for the tooltip. */
  readonly details: readonly string[];
}

export function notDeployed(description: string, ...details: string[]): LiveState {
  return { state: 'notDeployed', description, details };
}

export function unknownState(description: string, ...details: string[]): LiveState {
  return { state: 'unknown', description, details };
}

/** A Cluster: its context exists (created or registered and found) or not. */
export function clusterState(provider: string | undefined, context: string | undefined, contextExists: boolean): LiveState {
  if (context === undefined) return unknownState(`provider ${provider ?? '?'} has no local context`);
  if (contextExists) return { state: 'deployed', description: `context ${context}`, details: [] };
  return provider === 'registered'
    ? notDeployed(`context ${context} not found`, `No kubeconfig context named "${context}": add it to your kubeconfig or to the setting berth.kubeconfigs.`)
    : notDeployed('not created', `No kubeconfig context "${context}": create the cluster first.`);
}

/** A NodePool: its nodes (label berth.dev/nodepool) against spec.scaling.desired (else min, else 1). */
export function poolState(spec: unknown, nodes: readonly KubeObject[]): LiveState {
  const scaling = (spec as { scaling?: { desired?: unknown; min?: unknown } } | undefined)?.scaling;
  const desired = typeof scaling?.desired === 'number' ? scaling.desired : typeof scaling?.min === 'number' ? scaling.min : 1;
  const ready = nodes.filter(nodeReady).length;
  if (nodes.length === 0) return notDeployed(desired === 0 ? 'no nodes (desired 0)' : 'no nodes', `No node is labelled with this pool; desired ${desired}.`);
  if (nodes.length !== desired) return { state: 'drifted', description: `${nodes.length} nodes, desired ${desired}`, details: [`The pool has ${nodes.length} nodes (${ready} Ready); the document wants ${desired}.`] };
  if (ready < nodes.length) return { state: 'drifted', description: `${ready}/${nodes.length} nodes Ready`, details: [`${nodes.length - ready} of the pool's nodes are not Ready.`] };
  return { state: 'deployed', description: `${nodes.length}/${desired} nodes Ready`, details: [] };
}

type Loose = Record<string, unknown>;

function get(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = current !== null && typeof current === 'object' && !Array.isArray(current) ? (current as Loose)[key] : undefined;
  return current;
}

function containers(deployment: unknown): { name: string; image: string }[] {
  const list = get(deployment, 'spec', 'template', 'spec', 'containers');
  return Array.isArray(list) ? list.map((c) => ({ name: String(get(c, 'name') ?? ''), image: String(get(c, 'image') ?? '') })) : [];
}

/** The node pool a pod template is pinned to (berth.dev/nodepool in nodeSelector or required node affinity). */
export function templatePool(deployment: unknown): string | undefined {
  const spec = get(deployment, 'spec', 'template', 'spec');
  const selector = get(spec, 'nodeSelector', NODEPOOL_LABEL);
  if (typeof selector === 'string') return selector;
  const terms = get(spec, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
  for (const term of Array.isArray(terms) ? terms : []) {
    const expressions = get(term, 'matchExpressions');
    for (const e of Array.isArray(expressions) ? expressions : []) {
      const values = get(e, 'values');
      if (get(e, 'key') === NODEPOOL_LABEL && get(e, 'operator') === 'In' && Array.isArray(values) && typeof values[0] === 'string') return values[0];
    }
  }
  return undefined;
}

export interface ReplicaRule {
  /** With autoscaling (an HPA) the live count may be anywhere in [min, max]. */
  readonly min: number;
  readonly max: number;
}

/**
 * An Application against its live Deployments: every expected Deployment (rendered from the
 * document) must exist with the same images, node pool and replica count (or, when `autoscale` is
 * given, a count within its bounds).
 */
export function applicationState(expected: readonly KubeObject[], live: ReadonlyMap<string, KubeObject>, autoscale?: ReplicaRule): LiveState {
  if (expected.length === 0) return unknownState('nothing to compare', 'The document renders no Deployment.');
  const found = expected.filter((d) => live.has(d.metadata.name ?? ''));
  if (found.length === 0) return notDeployed('not deployed', `No Deployment ${expected.map((d) => d.metadata.name).join(', ')} in namespace ${expected[0]!.metadata.namespace ?? 'default'}.`);
  const details: string[] = [];
  const short: string[] = [];
  for (const want of expected) {
    const name = want.metadata.name ?? '';
    const have = live.get(name);
    if (!have) {
      details.push(`Deployment ${name} is missing.`);
      short.push(`${name} missing`);
      continue;
    }
    const wantReplicas = get(want, 'spec', 'replicas');
    const haveReplicas = typeof get(have, 'spec', 'replicas') === 'number' ? (get(have, 'spec', 'replicas') as number) : 1;
    if (autoscale) {
      if (haveReplicas < autoscale.min || haveReplicas > autoscale.max) {
        details.push(`Deployment ${name} has ${haveReplicas} replicas, outside the autoscaling range ${autoscale.min}–${autoscale.max}.`);
        short.push(`replicas ${haveReplicas} ∉ ${autoscale.min}–${autoscale.max}`);
      }
    } else if (typeof wantReplicas === 'number' && wantReplicas !== haveReplicas) {
      details.push(`Deployment ${name} has ${haveReplicas} replicas; the document wants ${wantReplicas}.`);
      short.push(`replicas ${haveReplicas}≠${wantReplicas}`);
    }
    const haveImages = new Map(containers(have).map((c) => [c.name, c.image]));
    for (const c of containers(want)) {
      const image = haveImages.get(c.name);
      if (image === undefined) {
        details.push(`Deployment ${name} has no container ${c.name}.`);
        short.push(`no container ${c.name}`);
      } else if (image !== c.image) {
        details.push(`Deployment ${name}, container ${c.name}: image ${image}; the document wants ${c.image}.`);
        short.push(`image ${image}`);
      }
    }
    const wantPool = templatePool(want);
    const havePool = templatePool(have);
    if (wantPool !== havePool) {
      details.push(`Deployment ${name} runs on ${havePool ? `pool ${havePool}` : 'any node'}; the document wants ${wantPool ? `pool ${wantPool}` : 'any node'}.`);
      short.push(`pool ${havePool ?? 'any'}≠${wantPool ?? 'any'}`);
    }
  }
  if (details.length === 0) {
    const ready = expected.reduce((sum, d) => sum + ((get(live.get(d.metadata.name ?? ''), 'status', 'readyReplicas') as number | undefined) ?? 0), 0);
    const desired = expected.reduce((sum, d) => sum + ((get(live.get(d.metadata.name ?? ''), 'spec', 'replicas') as number | undefined) ?? 1), 0);
    return { state: 'deployed', description: `deployed · ${ready}/${desired} ready`, details: [] };
  }
  return { state: 'drifted', description: `drifted: ${short.join(', ')}`, details };
}
