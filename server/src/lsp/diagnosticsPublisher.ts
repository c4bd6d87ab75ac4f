import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { BerthWorkspace } from '../../../platform/workspace/berthWorkspace';
import type { Logger } from './runSafe';
import type { SettingsProvider } from './settingsProvider';

/**
 * Publishes diagnostics for the workspace. Changes that arrive together are validated once;
 * after an edit, the edited file is republished and so is every other file whose
 * cross-document findings changed (a renamed Cluster breaks the NodePools naming it).
 */
export class DiagnosticsPublisher {
  private readonly pendingOpen = new Set<string>();
  private readonly forced = new Set<string>();
  private readonly signatures = new Map<string, string>();
  private scheduled = false;
  private flushing: Promise<void> = Promise.resolve();
  private readonly extraSources: ((uri: string) => Diagnostic[])[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly workspace: BerthWorkspace,
    private readonly settings: SettingsProvider,
    private readonly logger: Logger,
  ) {}

  /** Diagnostics made outside the workspace's analysis (deploy findings), merged into each file's. */
  addSource(source: (uri: string) => Diagnostic[]): void {
    this.extraSources.push(source);
  }

  /** An open document changed: take its text into the workspace and republish. */
  schedule(uri: string): void {
    this.pendingOpen.add(uri);
    this.kick();
  }

  /** Something outside the open documents changed (files on disk, settings): republish these. */
  republish(uris: Iterable<string>): void {
    for (const uri of uris) this.forced.add(uri);
    this.kick();
  }

  scheduleAll(): void {
    for (const document of this.documents.all()) this.pendingOpen.add(document.uri);
    this.republish(this.workspace.uris());
  }

  clear(uri: string): void {
    this.signatures.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Resolves once everything scheduled so far is published (for tests and the initial scan). */
  idle(): Promise<void> {
    return this.flushing;
  }

  private kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flushing = this.flushing.then(() => this.flush()).catch((error: unknown) => this.logger.error(`Publishing diagnostics failed: ${describe(error)}`));
    });
  }

  private async flush(): Promise<void> {
    const open = [...this.pendingOpen];
    const forced = new Set(this.forced);
    this.pendingOpen.clear();
    this.forced.clear();
    for (const uri of open) {
      const document = this.documents.get(uri);
      if (!document) continue;
      const settings = await this.settings.forUri(uri);
      const current = this.documents.get(uri);
      if (!current) continue;
      try {
        this.workspace.setFile(current, settings);
        forced.add(uri);
      } catch (error) {
        this.logger.error(`Validating ${uri} failed: ${describe(error)}`);
      }
    }
    for (const uri of this.workspace.uris()) {
      try {
        const signature = this.workspace.crossSignature(uri);
        if (!forced.has(uri) && this.signatures.get(uri) === signature) continue;
        this.signatures.set(uri, signature);
        const document = this.workspace.document(uri);
        const diagnostics = [...this.workspace.diagnostics(uri), ...this.extraSources.flatMap((source) => source(uri))];
        const version = this.documents.get(uri) ? document?.version : undefined;
        await this.connection.sendDiagnostics({ uri, ...(version !== undefined ? { version } : {}), diagnostics });
      } catch (error) {
        this.logger.error(`Validating ${uri} failed: ${describe(error)}`);
      }
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
