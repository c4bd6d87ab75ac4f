import type { PlatformDocument } from '../../../../protocol/protocol';
import type { HelmReleaseSummary, HelmRevision, KubeconfigContext, KubeObject } from '../../../../kube';
import type { BerthTarget } from '../targets';
import type { ResourceKind } from './resourceKinds';
import type { Summary } from './summaries';

/**
 * Every node of the Clusters view, told apart by `kind`. Ids are paths ("ctx:dev/ns/shop/pods"):
 * releasing a node's subscriptions releases those of everything below it.
 */
export type ClusterNode = ContextNode | ClusterDocumentNode | FolderNode | NamespaceNode | PoolNode | ObjectNode | ContainerNode | DataKeyNode | HelmReleaseNode | HelmRevisionNode | LoadMoreNode | MessageNode;

/** A kubeconfig context, with the workspace's Cluster document that names it, if any. */
export interface ContextNode {
  readonly kind: 'context';
  readonly id: string;
  readonly context: KubeconfigContext;
  readonly server: string;
  readonly current: boolean;
  readonly cluster?: PlatformDocument;
  readonly target: BerthTarget;
}

/** A Cluster document whose context does not exist: not created yet, or registered but not found. */
export interface ClusterDocumentNode {
  readonly kind: 'clusterDocument';
  readonly id: string;
  readonly document: PlatformDocument;
  /** The context it would have. */
  readonly expectedContext?: string;
  readonly target: BerthTarget;
}

export type FolderKey = 'nodePools' | 'namespaces' | 'helmReleases' | ResourceKind['key'];

/** A fixed grouping row: "Node pools", "Namespaces", or one kind under a namespace. */
export interface FolderNode {
  readonly kind: 'folder';
  readonly id: string;
  readonly folder: FolderKey;
  readonly label: string;
  readonly context: string;
  readonly namespace?: string;
}

export interface NamespaceNode {
  readonly kind: 'namespace';
  readonly id: string;
  readonly context: string;
  readonly name: string;
  /** The context's own namespace (where namespaced commands act by default). */
  readonly selected: boolean;
  readonly phase?: string;
  readonly target: BerthTarget;
}

/** The nodes labelled berth.dev/nodepool=<pool> ("" = nodes of no pool). */
export interface PoolNode {
  readonly kind: 'pool';
  readonly id: string;
  /** The row it is listed under: a redraw of many rows is one redraw of their parent. */
  readonly parentId: string;
  readonly context: string;
  readonly pool: string;
  readonly summary: Summary;
  readonly nodes: readonly KubeObject[];
  readonly target?: BerthTarget;
}

/** A live object: a workload, pod, Service, Node, Event... */
export interface ObjectNode {
  readonly kind: 'object';
  readonly id: string;
  /** The row it is listed under: a redraw of many rows is one redraw of their parent. */
  readonly parentId: string;
  readonly context: string;
  readonly resource: ResourceKind;
  readonly object: KubeObject;
  readonly summary?: Summary;
  readonly target: BerthTarget;
}

export interface ContainerNode {
  readonly kind: 'container';
  readonly id: string;
  readonly name: string;
  readonly init: boolean;
  readonly summary: Summary;
  readonly target: BerthTarget;
}

/** A key of a ConfigMap or Secret (a Secret's value only when berth.secrets.reveal is on). */
export interface DataKeyNode {
  readonly kind: 'dataKey';
  readonly id: string;
  readonly key: string;
  readonly description: string;
}

/** A Helm release of a namespace (as `helm list` reports it); expands to its revisions. */
export interface HelmReleaseNode {
  readonly kind: 'helmRelease';
  readonly id: string;
  readonly context: string;
  readonly namespace: string;
  readonly release: HelmReleaseSummary;
}

/** One revision of a Helm release (`helm history`). */
export interface HelmRevisionNode {
  readonly kind: 'helmRevision';
  readonly id: string;
  readonly context: string;
  readonly namespace: string;
  readonly release: string;
  readonly revision: HelmRevision;
  /** The release's current revision (rolling back to it changes nothing). */
  readonly current: boolean;
}

/** The row after a page: shows the next page of its parent's children. */
export interface LoadMoreNode {
  readonly kind: 'loadMore';
  readonly id: string;
  /** The id of the node whose children this pages. */
  readonly parentId: string;
  readonly remaining: number;
}

/** A line of information in place of children: nothing found, an unreachable cluster, a 403. */
export interface MessageNode {
  readonly kind: 'message';
  readonly id: string;
  readonly text: string;
  readonly detail?: string;
  /** denied: the identity may not list this (RBAC); shown greyed, not as a failure. */
  readonly severity: 'info' | 'error' | 'denied';
  /** A codicon in place of the severity's (`sync~spin` for work under way). */
  readonly icon?: string;
}

/** A piece of a tree id: context names may hold "/" (EKS ARNs). */
export function idPart(text: string): string {
  return encodeURIComponent(text);
}
