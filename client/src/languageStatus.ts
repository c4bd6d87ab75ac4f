import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import type { PlatformDocumentsSource } from './views/platformDocuments';

export const OPEN_LOG_COMMAND = 'berth.openLog';

/**
 * The `{}` item beside YAML files: whether the Berth language server is starting, running (with
 * how many files it indexed and platform documents it found) or stopped (with the log a click away).
 */
export class BerthLanguageStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('berth.server', { language: 'yaml' });
  private readonly disposables: vscode.Disposable[] = [];
  private state: 'starting' | 'running' | 'stopped' = 'starting';

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly documents: PlatformDocumentsSource,
  ) {
    this.item.name = 'Berth language server';
    this.disposables.push(
      vscode.commands.registerCommand(OPEN_LOG_COMMAND, () => this.log.show()),
      documents.onDidChange(() => this.update()),
    );
    this.update();
  }

  /** Follows the client's state from now on. */
  attach(client: LanguageClient): void {
    this.state = client.state === State.Running ? 'running' : client.state === State.Stopped ? 'stopped' : 'starting';
    this.disposables.push(
      client.onDidChangeState((e) => {
        this.state = e.newState === State.Running ? 'running' : e.newState === State.Stopped ? 'stopped' : 'starting';
        this.update();
      }),
    );
    this.update();
  }

  /** The server could not start at all. */
  failed(): void {
    this.state = 'stopped';
    this.update();
  }

  private update(): void {
    const item = this.item;
    item.command = { command: OPEN_LOG_COMMAND, title: 'Open log' };
    switch (this.state) {
      case 'starting':
        item.text = 'Berth: starting';
        item.detail = undefined;
        item.busy = true;
        item.severity = vscode.LanguageStatusSeverity.Information;
        break;
      case 'running': {
        const result = this.documents.result;
        const files = result.indexedFiles;
        item.busy = !result.complete;
        item.text = result.complete ? `Berth: ${files ?? '?'} files indexed` : 'Berth: indexing';
        item.detail = `${result.documents.length} platform documents`;
        item.severity = vscode.LanguageStatusSeverity.Information;
        break;
      }
      case 'stopped':
        item.text = 'Berth: stopped';
        item.detail = 'The language server is not running';
        item.busy = false;
        item.severity = vscode.LanguageStatusSeverity.Error;
        break;
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.item.dispose();
  }
}
