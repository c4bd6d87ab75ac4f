import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { platformDocumentsChangedNotification, platformDocumentsRequest, type PlatformDocument, type PlatformDocumentsResult } from '../../../protocol/protocol';

/**
 * The workspace's Cluster, NodePool and Application documents, as the language server knows them:
 * asked once the client is attached, and again on each `berth/platformDocumentsChanged`.
 * Empty (and `complete` false) until the server answers.
 */
export class PlatformDocumentsSource implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private client: LanguageClient | undefined;
  private latest: PlatformDocumentsResult = { complete: false, documents: [] };
  private asking: Promise<void> | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** The language client started: listen to it and ask for the list. */
  attach(client: LanguageClient): void {
    this.client = client;
    this.disposables.push(client.onNotification(platformDocumentsChangedNotification, () => void this.refresh()));
    void this.refresh();
  }

  get documents(): readonly PlatformDocument[] {
    return this.latest.documents;
  }

  get result(): PlatformDocumentsResult {
    return this.latest;
  }

  get attached(): boolean {
    return this.client !== undefined;
  }

  /** Asks the server again; concurrent calls share one request. */
  refresh(): Promise<void> {
    const client = this.client;
    if (!client) return Promise.resolve();
    this.asking ??= (async () => {
      try {
        this.latest = await client.sendRequest(platformDocumentsRequest, undefined);
        this.emitter.fire();
      } catch (error) {
        this.log.warn(`Asking the language server for the platform documents failed: ${String(error)}`);
      } finally {
        this.asking = undefined;
      }
    })();
    return this.asking;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
