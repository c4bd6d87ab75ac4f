import type { Connection, Hover, HoverParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ChartIndex } from '../../../platform/charts/chartIndex';
import type { BerthLanguageService } from '../../../platform/languageService';
import { chartsWith } from './chartDocuments';
import { runSafe, type Logger } from './runSafe';
import type { SettingsProvider } from './settingsProvider';

/** Hover: `.Values` in a chart's templates first (their values), then the schema documentation of manifests. */
export function registerHover(connection: Connection, documents: TextDocuments<TextDocument>, service: BerthLanguageService, settings: SettingsProvider, logger: Logger, charts?: ChartIndex): void {
  connection.onHover(async (params: HoverParams, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const documentSettings = await settings.forUri(document.uri);
    return runSafe<Hover | null>(logger, 'hover', null, token, () => chartsWith(charts, document)?.hover(document.uri, params.position) ?? service.hover(document, params.position, documentSettings) ?? null);
  });
}
