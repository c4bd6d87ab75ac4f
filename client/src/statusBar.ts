import * as vscode from 'vscode';
import type { KubeSession } from './commands/session';
import { escapeMarkdown, markdownCode } from './markdown';

/**
 * The context and namespace commands act on, in the status bar: a click on the context runs Use
 * Context, a click on the namespace Use Namespace. "(window)" marks a choice made in this window
 * only, not written to the kubeconfig.
 */
export class ContextStatusBar implements vscode.Disposable {
  private readonly context = vscode.window.createStatusBarItem('berth.context', vscode.StatusBarAlignment.Left, 10);
  private readonly namespace = vscode.window.createStatusBarItem('berth.namespace', vscode.StatusBarAlignment.Left, 9);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly session: KubeSession) {
    this.context.name = 'Berth: Kubernetes context';
    this.context.command = 'berth.useContext';
    this.namespace.name = 'Berth: Kubernetes namespace';
    this.namespace.command = 'berth.useNamespace';
    this.subscription = session.onDidChange(() => this.update());
    this.update();
    this.context.show();
  }

  update(): void {
    const kubeconfig = this.session.kubeconfig();
    if (!kubeconfig.ok) {
      this.context.text = '$(warning) kubeconfig';
      this.context.tooltip = `Berth: ${kubeconfig.error.message}`;
      this.namespace.hide();
      return;
    }
    const { context, namespace, inMemory } = this.session.selection();
    const files = kubeconfig.value.files.map(markdownCode).join(', ') || 'any kubeconfig';
    this.context.text = `$(server-environment) ${context ?? 'no context'}`;
    if (context === undefined) {
      this.context.tooltip = new vscode.MarkdownString(`No current context in ${files}. Click to choose one.`);
      this.namespace.hide();
      return;
    }
    const where = inMemory ? 'chosen in this window (the kubeconfig files are unchanged)' : `from ${files}`;
    this.context.tooltip = new vscode.MarkdownString(`Kubernetes context **${escapeMarkdown(context)}**, ${where}.\n\nClick to use another context.`);
    this.namespace.text = `$(symbol-namespace) ${namespace}`;
    this.namespace.tooltip = `Namespace "${namespace}" of context ${context}. Click to use another namespace.`;
    this.namespace.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.context.dispose();
    this.namespace.dispose();
  }
}
