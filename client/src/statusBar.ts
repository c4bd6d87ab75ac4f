import * as vscode from 'vscode';
import type { ClusterSource } from './views/clusters/source';
import { CLUSTERS_VIEW_ID } from './views/clusters/explorer';

/** The current kubeconfig context in the status bar; a click reveals the Clusters view. */
export class ContextStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('berth.context', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly source: ClusterSource) {
    this.item.name = 'Berth: Kubernetes context';
    this.item.command = `${CLUSTERS_VIEW_ID}.focus`;
    this.subscription = source.onDidChange(() => this.update());
    this.update();
    this.item.show();
  }

  update(): void {
    const kubeconfig = this.source.kubeconfig();
    if (!kubeconfig.ok) {
      this.item.text = '$(warning) kubeconfig';
      this.item.tooltip = `Berth: ${kubeconfig.error.message}`;
      return;
    }
    const { currentContext, contexts, files } = kubeconfig.value;
    const context = contexts.find((c) => c.name === currentContext);
    this.item.text = `$(server-environment) ${currentContext ?? 'no context'}`;
    this.item.tooltip = new vscode.MarkdownString(
      context
        ? `Kubernetes context **${context.name}**, namespace \`${context.namespace ?? 'default'}\`\n\nkubeconfig: ${files.map((f) => `\`${f}\``).join(', ')}`
        : `No current context in ${files.map((f) => `\`${f}\``).join(', ') || 'any kubeconfig'}`,
    );
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
