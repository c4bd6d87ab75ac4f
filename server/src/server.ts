import { DidChangeConfigurationNotification, TextDocumentSyncKind, TextDocuments, type Connection, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BerthLanguageService, type LanguageServiceOptions } from './core/languageService';
import { registerCompletion } from './lsp/completionHandler';
import { DiagnosticsPublisher } from './lsp/diagnosticsPublisher';
import { registerHover } from './lsp/hoverHandler';
import type { Logger } from './lsp/runSafe';
import { SettingsProvider } from './lsp/settingsProvider';
import { registerDocumentSymbols } from './lsp/symbolsHandler';

/** What the server needs from the world outside; the Node main supplies it. */
export type ServerRuntime = LanguageServiceOptions;

/** Wires the language service to a connection. Transport and file access are the caller's. */
export function startServer(connection: Connection, runtime: ServerRuntime): void {
  const logger: Logger = {
    error: (message) => connection.console.error(message),
    info: (message) => connection.console.info(message),
  };
  const service = new BerthLanguageService(runtime);
  const documents = new TextDocuments(TextDocument);
  const settings = new SettingsProvider(connection, logger);
  const diagnostics = new DiagnosticsPublisher(connection, documents, service, settings, logger);

  connection.onInitialize((params): InitializeResult => {
    const workspace = params.capabilities.workspace;
    settings.setClientSupport(workspace?.configuration === true);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: [':', ' ', '-'], resolveProvider: false },
        hoverProvider: true,
        documentSymbolProvider: true,
      },
      serverInfo: { name: 'berth-language-server', version: '0.1.0' },
    };
  });
  connection.onInitialized(() => {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'berth' }).catch(() => undefined);
  });
  connection.onDidChangeConfiguration(() => {
    settings.clear();
    diagnostics.scheduleAll();
  });

  documents.onDidOpen((event) => diagnostics.schedule(event.document.uri));
  documents.onDidChangeContent((event) => diagnostics.schedule(event.document.uri));
  documents.onDidClose((event) => {
    settings.forget(event.document.uri);
    diagnostics.clear(event.document.uri);
  });

  registerCompletion(connection, documents, service, settings, logger);
  registerHover(connection, documents, service, settings, logger);
  registerDocumentSymbols(connection, documents, service, settings, logger);

  documents.listen(connection);
  connection.listen();
}
