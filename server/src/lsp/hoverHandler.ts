import type { Connection, Hover, HoverParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { BerthLanguageService } from '../../../platform/languageService';
import { runSafe, type Logger } from './runSafe';
import type { SettingsProvider } from './settingsProvider';

export function registerHover(connection: Connection, documents: TextDocuments<TextDocument>, service: BerthLanguageService, settings: SettingsProvider, logger: Logger): void {
  connection.onHover(async (params: HoverParams, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const documentSettings = await settings.forUri(document.uri);
    return runSafe<Hover | null>(logger, 'hover', null, token, () => service.hover(document, params.position, documentSettings) ?? null);
  });
}
