/**
 * The Platform view's tree without VS Code: the workspace's documents grouped by the cluster they
 * name, and each member's live state read through the shared watch caches from its group's
 * context. An Application on several `clusters` is a member of each listed cluster's group,
 * compared there with what that cluster should run.
 */
import type { PlatformDocument } from '../../../../protocol/protocol';
import type { KubeObject } from '../../../../kube';
import { NODEPOOL_LABEL } from '../../../../platform/render/labels';
import { clusterContextName } from '../clusterContexts';
import type { LiveCaches } from '../clusters/liveCaches';
import { DEPLOYMENTS, NODES } from '../clusters/resourceKinds';
import type { BerthTarget } from '../targets';
import { autoscaleRange, expectedDeployments, shareNote } from './expected';
import { applicationState, poolState, unknownState, type LiveState } from './liveState';

/** A cluster's group: its Cluster document (when the workspace has one) and what names it. */
export interface PlatformClusterNode {
  readonly kind: 'cluster';
  readonly id: string;
  readonly name: string;
  readonly document?: PlatformDocument;
  /** The kubeconfig context it has (or would have). */
  readonly context?: string;
  readonly contextExists: boolean;
  readonly members: readonly PlatformDocument[];
  /** Set when there is a Cluster document (commands act on it). */
  readonly target?: BerthTarget;
}

export interface PlatformDocumentNode {
  readonly kind: 'document';
  readonly id: string;
  readonly document: PlatformDocument;
  readonly state: LiveState;
  readonly target: BerthTarget;
}

export interface PlatformMessageNode {
  readonly kind: 'message';
  readonly id: string;
  readonly text: string;
}

export type PlatformTreeNode = PlatformClusterNode | PlatformDocumentNode | PlatformMessageNode;

/** The name of the group of NodePools and Applications that name no cluster. */
export const NO_CLUSTER = '(no cluster)';

/** The clusters a NodePool or Application is listed under: each of `spec.clusters`, else `spec.cluster`. */
export function clustersOf(document: PlatformDocument): readonly string[] {
  if (document.kind === 'Cluster') return [];
  return document.clusters ?? (document.cluster !== undefined ? [document.cluster] : []);
}

/**
 * The groups: each Cluster document, then each other name a member gives (a kubeconfig context,
 * or a Cluster not in the workspace), in the order first seen; last, the members that name none.
 */
export function clusterNodes(documents: readonly PlatformDocument[], contexts: ReadonlySet<string>): PlatformClusterNode[] {
  const names = new Map<string, PlatformDocument | undefined>();
  for (const d of documents) if (d.kind === 'Cluster' && !names.has(d.name)) names.set(d.name, d);
  for (const d of documents) for (const name of clustersOf(d)) if (!names.has(name)) names.set(name, undefined);
  const orphans = documents.filter((d) => d.kind !== 'Cluster' && clustersOf(d).length === 0);
  const nodes: PlatformClusterNode[] = [...names].map(([name, document]) => {
    // A name with no Cluster document may be a kubeconfig context (a registered cluster).
    const context = document ? clusterContextName(document) : name;
    const members = documents.filter((d) => clustersOf(d).includes(name));
    const contextExists = context !== undefined && contexts.has(context);
    const target: BerthTarget | undefined = document && { type: 'clusterDocument', uri: document.uri, name: document.name, provider: document.provider ?? 'unknown', ...(contextExists ? { context } : {}) };
    return { kind: 'cluster', id: `platform:${encodeURIComponent(name)}`, name, ...(document ? { document } : {}), ...(context !== undefined ? { context } : {}), contextExists, members, ...(target ? { target } : {}) };
  });
  if (orphans.length > 0) nodes.push({ kind: 'cluster', id: 'platform:-', name: NO_CLUSTER, contextExists: false, members: orphans });
  return nodes;
}

/** A group's members with their live state, or a line saying it has none. */
export async function memberNodes(node: PlatformClusterNode, all: readonly PlatformDocument[], caches: LiveCaches<PlatformTreeNode>, signal: AbortSignal): Promise<PlatformTreeNode[]> {
  const states = await Promise.all(node.members.map((d) => memberState(node, d, all, caches, signal)));
  const nodes: PlatformTreeNode[] = node.members.map((document, i) => documentNode(node, document, states[i]!));
  return nodes.length > 0 ? nodes : [{ kind: 'message', id: `${node.id}/empty`, text: 'No NodePool or Application names this cluster' }];
}

/**
 * A member against what runs in its group's context: a NodePool's labelled nodes, an
 * Application's Deployments (on several clusters, the share of this one, said in the details).
 */
export async function memberState(node: PlatformClusterNode, document: PlatformDocument, all: readonly PlatformDocument[], caches: LiveCaches<PlatformTreeNode>, signal: AbortSignal): Promise<LiveState> {
  const note = document.kind === 'Application' ? shareNote(document, node.name) : undefined;
  const state = await liveState(node, document, all, caches, signal);
  return note ? { ...state, details: [note, ...state.details] } : state;
}

async function liveState(node: PlatformClusterNode, document: PlatformDocument, all: readonly PlatformDocument[], caches: LiveCaches<PlatformTreeNode>, signal: AbortSignal): Promise<LiveState> {
  if (!node.context || !node.contextExists) return { state: 'notDeployed', description: node.document ? 'cluster not created' : `no context ${node.name}`, details: [] };
  if (document.kind === 'NodePool') {
    const listed = await caches.list(node, node.context, NODES, undefined, signal);
    if (!listed.ok) return unknownState(listed.error.message.split('\n')[0]!, listed.error.message);
    return poolState(document.spec, listed.value.filter((n) => n.metadata.labels?.[NODEPOOL_LABEL] === document.name));
  }
  const namespace = document.namespace ?? 'default';
  const listed = await caches.list(node, node.context, DEPLOYMENTS, namespace, signal);
  if (!listed.ok) return unknownState(listed.error.message.split('\n')[0]!, listed.error.message);
  const live = new Map<string, KubeObject>(listed.value.map((d) => [d.metadata.name ?? '', d]));
  return applicationState(expectedDeployments(document, all, node.name), live, autoscaleRange(document, node.name));
}

/** A member's row under its group; its commands act in the group's context (and, for an Application on several clusters, that cluster). */
export function documentNode(cluster: PlatformClusterNode, document: PlatformDocument, state: LiveState): PlatformDocumentNode {
  const context = cluster.contextExists ? cluster.context : undefined;
  const kind = document.kind === 'NodePool' ? 'NodePool' : 'Application';
  const named = clustersOf(document).includes(cluster.name);
  return {
    kind: 'document',
    id: `${cluster.id}/${kind}/${encodeURIComponent(document.namespace ?? '')}/${encodeURIComponent(document.name)}`,
    document,
    state,
    target: { type: 'platformDocument', uri: document.uri, kind, name: document.name, ...(context ? { context } : {}), ...(named ? { cluster: cluster.name } : {}) },
  };
}
