import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { serverOfContext } from '../../../kube/crds/clusterCrds';
import { clusterCrdsNotification } from '../../../protocol/protocol';
import type { KubeSession } from '../commands/session';
import type { Config } from '../config';
import { ClusterCrdSync } from './clusterCrdSync';

/**
 * Follows the CRDs of the context commands act on (the status bar's) for the language server:
 * again whenever the context, the kubeconfig, `berth.crds.fromCluster` or Workspace Trust
 * changes, and once more after the server restarts.
 */
export function syncClusterCrds(client: LanguageClient, session: KubeSession, config: Config, log: vscode.LogOutputChannel): vscode.Disposable {
  const sync = new ClusterCrdSync({
    current: () => {
      const context = session.selection().context;
      const kubeconfig = session.kubeconfig();
      if (context === undefined || !kubeconfig.ok) return undefined;
      const server = serverOfContext(kubeconfig.value, context);
      return server === undefined ? undefined : { context, server };
    },
    enabled: () => config.crdsFromCluster,
    trusted: () => vscode.workspace.isTrusted,
    connect: (context) => session.open(context),
    send: (params) => {
      client.sendNotification(clusterCrdsNotification, params).catch((error: unknown) => log.warn(`Sending the cluster CRDs to the language server failed: ${String(error)}`));
    },
    log: { info: (message) => log.info(message), warn: (message) => log.warn(message) },
  });
  const refresh = (): void => sync.refresh();
  const subscriptions = [
    session.onDidChange(refresh),
    config.onDidChange(['crds.fromCluster'], refresh),
    vscode.workspace.onDidGrantWorkspaceTrust(refresh),
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) sync.resend();
    }),
  ];
  refresh();
  return {
    dispose: () => {
      for (const subscription of subscriptions) subscription.dispose();
      sync.dispose();
    },
  };
}
