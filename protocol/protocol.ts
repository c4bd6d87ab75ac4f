import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { PlatformDocumentInfo } from '../platform/workspace/platformDocuments';
import type { DeployFinding } from '../kube/deploy/findings';
import type { ClusterCrd } from '../kube/crds/listCrds';

export type { DeployFinding, ClusterCrd };

/**
 * Custom requests between the extension client and the language server, declared once and
 * imported by both sides.
 */

export interface RenderParams {
  /** The document whose platform manifests to render. */
  readonly uri: string;
  readonly format: 'yaml' | 'json';
}

export interface RenderResult {
  /** The rendered Kubernetes objects (and kind cluster configs) as text in the requested format. */
  readonly text: string;
  /** Why some documents did not render, one line each; empty when all rendered. */
  readonly problems: readonly string[];
}

export const renderRequest = new RequestType<RenderParams, RenderResult, void>('berth/render');

export interface KnownContextsParams {
  /** Names of the kubeconfig contexts the user has (registered clusters), for `spec.cluster` checks. */
  readonly contexts: readonly string[];
}

/** Client → server: the kubeconfig contexts a `spec.cluster` may name besides the workspace's Clusters. */
export const knownContextsNotification = new NotificationType<KnownContextsParams>('berth/knownContexts');

export interface WorkspaceTrustParams {
  /** Whether the window's workspace is trusted: only then are charts and overlays rendered (helm and kustomize run). */
  readonly trusted: boolean;
}

/** Sent when trust is granted; the initial state travels in initializationOptions as `workspaceTrusted`. */
export const workspaceTrustNotification = new NotificationType<WorkspaceTrustParams>('berth/workspaceTrust');

/**
 * One Cluster, NodePool or Application document of the workspace, as the core lists it (declared
 * once, in the core, which may not import this file; only the type crosses, nothing at run time).
 */
export type PlatformDocument = PlatformDocumentInfo;

export interface PlatformDocumentsResult {
  /** False while the first workspace scan runs: the list is partial. */
  readonly complete: boolean;
  readonly documents: readonly PlatformDocument[];
  /** How many YAML files the server has indexed (for the language status item). */
  readonly indexedFiles?: number;
}

/** Client → server: every Cluster, NodePool and Application document of the workspace. */
export const platformDocumentsRequest = new RequestType<void, PlatformDocumentsResult, void>('berth/platformDocuments');

/** Server → client: the workspace's platform documents changed (the client re-asks when it cares). */
export const platformDocumentsChangedNotification = new NotificationType<void>('berth/platformDocumentsChanged');

export interface DeployDiagnosticsParams {
  /** The files deployed (their previous deploy findings are replaced, even by none). */
  readonly uris: readonly string[];
  readonly findings: readonly DeployFinding[];
  /** The context the dry-run ran against, shown in the diagnostic's message. */
  readonly context: string;
}

/**
 * Client → server: the failures of a server-side dry-run (or deploy), to publish as diagnostics
 * on the source documents (source `berth-deploy`) until the file is next edited or redeployed.
 */
export const deployDiagnosticsNotification = new NotificationType<DeployDiagnosticsParams>('berth/deployDiagnostics');

export interface ClusterCrdsParams {
  /** The kubeconfig context the CRDs were read through, as users know the cluster; absent to forget them. */
  readonly cluster?: string;
  /** When they were read from the cluster (ISO 8601): just now, or when the on-disk cache was written. */
  readonly cachedAt?: string;
  /** Trimmed CRD objects (kube/crds/listCrds.ts); empty to forget the cluster's CRDs. */
  readonly crds: readonly ClusterCrd[];
}

/**
 * Client → server: the CustomResourceDefinitions of the current context's cluster, live or from
 * its on-disk cache, validating custom resources below the workspace's own CRDs.
 */
export const clusterCrdsNotification = new NotificationType<ClusterCrdsParams>('berth/clusterCrds');

export interface NamespaceLabelsParams {
  /** The kubeconfig context whose namespaces these are; absent with no namespaces to forget them. */
  readonly context?: string;
  /** Each namespace's Pod Security labels (`pod-security.kubernetes.io/*` only), by namespace name. */
  readonly namespaces: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * Client → server: the Pod Security labels of the current context's namespaces, so pods in a
 * namespace the workspace does not define are checked against the cluster's level.
 */
export const namespaceLabelsNotification = new NotificationType<NamespaceLabelsParams>('berth/namespaceLabels');
