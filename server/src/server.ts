import { DidChangeConfigurationNotification, TextDocumentSyncKind, TextDocuments, type Connection, type InitializeResult } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { TrackedTextDocument } from '../../platform/text/trackedTextDocument';
import { BerthLanguageService, type LanguageServiceOptions } from '../../platform/languageService';
import { knownContextsNotification, workspaceTrustNotification } from '../../protocol/protocol';
import { previewsFrom, RenderScheduler, type Renderer } from './lsp/renderScheduler';
import { BerthWorkspace } from '../../platform/workspace/berthWorkspace';
import { registerClusterCrds } from './lsp/clusterCrdsHandler';
import { registerNamespaceLabels } from './lsp/namespaceLabelsHandler';
import { registerCompletion } from './lsp/completionHandler';
import { DeployDiagnostics, registerDeployDiagnostics } from './lsp/deployDiagnostics';
import { DiagnosticsPublisher } from './lsp/diagnosticsPublisher';
import { registerHover } from './lsp/hoverHandler';
import { registerNavigation } from './lsp/navigationHandlers';
import { registerPlatformDocuments } from './lsp/platformDocumentsHandler';
import { registerRender } from './lsp/renderHandler';
import type { Logger } from './lsp/runSafe';
import { SettingsProvider } from './lsp/settingsProvider';
import { registerDocumentSymbols } from './lsp/symbolsHandler';
import { WorkspaceSync, type WorkspaceFileSystem } from './lsp/workspaceSync';

/** What the server needs from the world outside; the Node main supplies it. */
export interface ServerRuntime extends LanguageServiceOptions {
  readonly fileSystem: WorkspaceFileSystem;
  /** Renders charts and overlays with helm and kustomize; without it they are not rendered. */
  readonly renderer?: Renderer;
}

/** Wires the language service to a connection. Transport and file access are the caller's. */
export function startServer(connection: Connection, runtime: ServerRuntime): void {
  const logger: Logger = {
    error: (message) => connection.console.error(message),
    info: (message) => connection.console.info(message),
  };
  const service = new BerthLanguageService(runtime);
  const workspace = new BerthWorkspace(service);
  // Huge files: an edit's cost follows the edit, and the analysis learns which span it changed.
  const documents = new TextDocuments<TextDocument>(TrackedTextDocument);
  const settings = new SettingsProvider(connection, logger);
  const diagnostics = new DiagnosticsPublisher(connection, documents, workspace, settings, logger);
  const deployDiagnostics = new DeployDiagnostics();
  const textOf = (uri: string): string | undefined => workspace.document(uri)?.getText();
  diagnostics.addSource((uri) => deployDiagnostics.diagnostics(uri, textOf));
  const sync = new WorkspaceSync(connection, documents, workspace, diagnostics, runtime.fileSystem, logger);
  let configurationSupported = false;
  let fileWatchRegistrationSupported = false;
  let renders: RenderScheduler | undefined;

  connection.onInitialize((params): InitializeResult => {
    configurationSupported = params.capabilities.workspace?.configuration === true;
    settings.setClientSupport(configurationSupported);
    fileWatchRegistrationSupported = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    sync.setFolders(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []));
    if (runtime.renderer) {
      // Editors without Workspace Trust send no flag: their workspaces are the user's own.
      const trusted = (params.initializationOptions as { workspaceTrusted?: unknown } | undefined)?.workspaceTrusted !== false;
      const previews = async () => (configurationSupported ? previewsFrom(await connection.workspace.getConfiguration('berth.helm.previews').then(undefined, () => undefined)) : []);
      renders = new RenderScheduler(workspace, documents, runtime.renderer, () => diagnostics.republish([]), previews, logger, trusted);
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: [':', ' ', '-'], resolveProvider: false },
        hoverProvider: true,
        documentSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
      },
      serverInfo: { name: 'berth-language-server', version: '0.1.0' },
    };
  });
  connection.onInitialized(() => {
    if (configurationSupported) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'berth' }).catch(() => undefined);
    }
    void sync.watchFiles(fileWatchRegistrationSupported);
    void sync
      .scan(configurationSupported)
      .finally(() => {
        platformDocuments.changed();
        renders?.all();
      })
      .catch((error: unknown) => logger.error(`Indexing the workspace failed: ${String(error)}`));
  });
  connection.onDidChangeConfiguration(() => {
    settings.clear();
    diagnostics.scheduleAll();
    renders?.all();
  });
  connection.onNotification(workspaceTrustNotification, (params) => renders?.setTrusted(params?.trusted === true));
  connection.onNotification(knownContextsNotification, (params) => {
    workspace.setKnownContexts(Array.isArray(params?.contexts) ? params.contexts.filter((c): c is string => typeof c === 'string') : []);
    diagnostics.republish(workspace.uris());
  });
  connection.onDidChangeWatchedFiles((params) => {
    void sync
      .onWatchedFiles(params)
      .then(() => {
        for (const change of params.changes) renders?.changed(change.uri);
      })
      .finally(() => platformDocuments.changed())
      .catch((error: unknown) => logger.error(`Reading changed files failed: ${String(error)}`));
  });

  documents.onDidOpen((event) => diagnostics.schedule(event.document.uri));
  documents.onDidChangeContent((event) => {
    diagnostics.schedule(event.document.uri);
    renders?.changed(event.document.uri);
  });
  documents.onDidClose((event) => {
    settings.forget(event.document.uri);
    void sync.onClosed(event.document.uri);
  });

  registerCompletion(connection, documents, service, settings, logger, { workspace, folders: () => sync.workspaceFolders() });
  registerHover(connection, documents, service, settings, logger, workspace.charts);
  registerDocumentSymbols(connection, documents, service, settings, logger);
  registerRender(connection, documents, workspace, settings, logger, () => renders);
  registerNavigation(connection, documents, workspace, settings, logger);
  registerClusterCrds(connection, workspace, (uris) => diagnostics.republish(uris), logger);
  registerNamespaceLabels(connection, workspace, (uris) => diagnostics.republish(uris), logger);
  registerDeployDiagnostics(connection, deployDiagnostics, textOf, (uris) => diagnostics.republish(uris), logger);
  const platformDocuments = registerPlatformDocuments(connection, documents, workspace, settings, logger);

  connection.onShutdown(() => renders?.dispose());
  documents.listen(connection);
  connection.listen();
}
