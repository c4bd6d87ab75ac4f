import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Ctx } from './ctx';
import { syncKnownContexts } from './knownContexts';
import { startLanguageClient } from './languageClient';
import { registerCommands } from './commands';
import { ContextStatusBar } from './statusBar';
import { KubeconfigSource, registerClustersView } from './views/clusters';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Berth', { log: true });
  context.subscriptions.push(log);
  const ctx = new Ctx(context, log);

  // Views and commands first: they work without the language server.
  const kubeconfig = ctx.own(new KubeconfigSource(log));
  const clusters = registerClustersView(ctx, kubeconfig);
  ctx.own(new ContextStatusBar(kubeconfig));

  let client: LanguageClient | undefined;
  registerCommands({ ctx, client: () => client, clusters });
  try {
    client = await startLanguageClient(ctx);
    ctx.own(syncKnownContexts(client, kubeconfig));
  } catch (error) {
    log.error(`The Berth language server did not start: ${String(error)}`);
    void vscode.window.showErrorMessage('Berth: the language server did not start.', 'Open log').then((choice) => {
      if (choice === 'Open log') log.show();
    });
  }
}

export function deactivate(): void {
  // The Ctx registered in context.subscriptions disposes everything.
}
