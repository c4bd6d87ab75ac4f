import type * as vscode from 'vscode';
import { Config } from './config';

/**
 * Owns every disposable of the extension, so deactivation releases all of them: listeners,
 * commands, views and the language client.
 */
export class Ctx implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** The `berth.*` settings, typed. */
  readonly config = new Config();

  constructor(readonly extensionContext: vscode.ExtensionContext, readonly log: vscode.LogOutputChannel) {
    extensionContext.subscriptions.push(this);
  }

  own<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0).reverse()) {
      try {
        disposable.dispose();
      } catch (error) {
        this.log.error(`Disposing failed: ${String(error)}`);
      }
    }
  }
}
