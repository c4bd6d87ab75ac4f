import type { Connection, DocumentSymbol, DocumentSymbolParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { BerthLanguageService } from '../../../platform/languageService';
import { runSafe, type Logger } from './runSafe';
import type { SettingsProvider } from './settingsProvider';

export function registerDocumentSymbols(connection: Connection, documents: TextDocuments<TextDocument>, service: BerthLanguageService, settings: SettingsProvider, logger: Logger): void {
  connection.onDocumentSymbol(async (params: DocumentSymbolParams, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const documentSettings = await settings.forUri(document.uri);
    return runSafe<DocumentSymbol[]>(logger, 'documentSymbol', [], token, () => service.documentSymbols(document, documentSettings));
  });
}
