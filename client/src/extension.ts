import * as vscode from 'vscode';
import { Ctx } from './ctx';
import { startLanguageClient } from './languageClient';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Berth', { log: true });
  context.subscriptions.push(log);
  const ctx = new Ctx(context, log);
  try {
    await startLanguageClient(ctx);
  } catch (error) {
    log.error(`The Berth language server did not start: ${String(error)}`);
    const choice = await vscode.window.showErrorMessage('Berth: the language server did not start.', 'Open log');
    if (choice === 'Open log') log.show();
  }
}

export function deactivate(): void {
  // The Ctx registered in context.subscriptions disposes everything.
}
