import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { namespaceLabelsNotification } from '../../../protocol/protocol';
import type { KubeSession } from '../commands/session';
import { NamespaceLabelSync } from './namespaceLabelSync';

/**
 * Follows the Pod Security labels of the namespaces of the context commands act on (the status
 * bar's) for the language server: again whenever the context, the kubeconfig or Workspace Trust
 * changes, and once more after the server restarts.
 */
export function syncNamespaceLabels(client: LanguageClient, session: KubeSession, log: vscode.LogOutputChannel): vscode.Disposable {
  const sync = new NamespaceLabelSync({
    current: () => session.selection().context,
    trusted: () => vscode.workspace.isTrusted,
    connect: (context) => session.open(context),
    send: (params) => {
      client.sendNotification(namespaceLabelsNotification, params).catch((error: unknown) => log.warn(`Sending the namespace labels to the language server failed: ${String(error)}`));
    },
    log: { warn: (message) => log.warn(message) },
  });
  const subscriptions = [
    // A kubeconfig change may point the same context at another cluster: list again.
    session.onDidChange(() => sync.refresh(true)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => sync.refresh()),
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) sync.resend();
    }),
  ];
  sync.refresh();
  return {
    dispose: () => {
      for (const subscription of subscriptions) subscription.dispose();
      sync.dispose();
    },
  };
}
