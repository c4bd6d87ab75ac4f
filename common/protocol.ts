import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

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
