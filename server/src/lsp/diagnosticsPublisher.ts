import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { BerthLanguageService } from '../core/languageService';
import type { Logger } from './runSafe';
import type { SettingsProvider } from './settingsProvider';

/**
 * Publishes diagnostics for open documents. Changes that arrive together are coalesced into
 * one validation per document, and a result is dropped if the document moved on meanwhile.
 */
export class DiagnosticsPublisher {
  private readonly pending = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly service: BerthLanguageService,
    private readonly settings: SettingsProvider,
    private readonly logger: Logger,
  ) {}

  schedule(uri: string): void {
    this.pending.add(uri);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const uris = [...this.pending];
      this.pending.clear();
      for (const pendingUri of uris) void this.publish(pendingUri);
    });
  }

  scheduleAll(): void {
    for (const document of this.documents.all()) this.schedule(document.uri);
  }

  clear(uri: string): void {
    this.pending.delete(uri);
    this.service.forget(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async publish(uri: string): Promise<void> {
    const document = this.documents.get(uri);
    if (!document) return;
    const settings = await this.settings.forUri(uri);
    const current = this.documents.get(uri);
    if (!current || current.version !== document.version) return;
    try {
      const diagnostics = this.service.diagnostics(current, settings);
      await this.connection.sendDiagnostics({ uri, version: current.version, diagnostics });
    } catch (error) {
      this.logger.error(`Validating ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
}
