import type { CompletionItem, CompletionParams, Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { BerthLanguageService } from '../../../platform/languageService';
import { runSafe, type Logger } from './runSafe';
import type { SettingsProvider } from './settingsProvider';

export function registerCompletion(connection: Connection, documents: TextDocuments<TextDocument>, service: BerthLanguageService, settings: SettingsProvider, logger: Logger): void {
  connection.onCompletion(async (params: CompletionParams, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const documentSettings = await settings.forUri(document.uri);
    return runSafe<CompletionItem[]>(logger, 'completion', [], token, () => service.complete(document, params.position, documentSettings));
  });
}
