import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { knownContextsNotification } from '../../protocol/protocol';
import type { KubeconfigSource } from './views/clusters';

/**
 * Tells the language server which kubeconfig contexts exist, now and whenever the kubeconfig
 * changes, so `spec.cluster: <context>` counts as a registered cluster.
 */
export function syncKnownContexts(client: LanguageClient, source: KubeconfigSource): vscode.Disposable {
  const send = (): void => {
    const loaded = source.kubeconfig();
    const contexts = loaded.ok ? loaded.value.contexts.map((context) => context.name) : [];
    void client.sendNotification(knownContextsNotification, { contexts });
  };
  send();
  return source.onDidChange(send);
}
