import type { CompletionItem, CompletionParams, Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ChartIndex } from '../../../platform/charts/chartIndex';
import type { BerthLanguageService } from '../../../platform/languageService';
import { chartsWith } from './chartDocuments';
import { runSafe, type Logger } from './runSafe';
import type { SettingsProvider } from './settingsProvider';

/** Completion: the keys of values.yaml after `.Values.` in a chart's templates, else the schema's fields and values. */
export function registerCompletion(connection: Connection, documents: TextDocuments<TextDocument>, service: BerthLanguageService, settings: SettingsProvider, logger: Logger, charts?: ChartIndex): void {
  connection.onCompletion(async (params: CompletionParams, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const documentSettings = await settings.forUri(document.uri);
    return runSafe<CompletionItem[]>(logger, 'completion', [], token, () => chartsWith(charts, document)?.completion(document.uri, params.position) ?? service.complete(document, params.position, documentSettings));
  });
}
