import type { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { renderRequest, type RenderParams, type RenderResult } from '../../../common/protocol';
import type { ValidationSettings } from '../../../common/settings';
import type { BerthLanguageService } from '../core/languageService';
import { formatRendered, renderManifests } from '../core/render';
import { runSafe, type Logger } from './runSafe';
import type { SettingsProvider } from './settingsProvider';

/**
 * Answers `berth/render` for an open document: its platform documents as Kubernetes objects
 * (and kind cluster configs). Clusters and NodePools are also looked up in the other open
 * documents, so an Application finds a pool defined in another file that is open.
 */
export function registerRender(connection: Connection, documents: TextDocuments<TextDocument>, service: BerthLanguageService, settings: SettingsProvider, logger: Logger): void {
  connection.onRequest(renderRequest, async (params: RenderParams, token: CancellationToken) => {
    const document = documents.get(params.uri);
    if (!document) return { text: '', problems: [`${params.uri} is not open in the editor`] };
    const others = documents.all().filter((other) => other.uri !== document.uri);
    const settingsOf = new Map<string, ValidationSettings>();
    for (const entry of [document, ...others]) settingsOf.set(entry.uri, await settings.forUri(entry.uri));
    const fallback: RenderResult = { text: '', problems: ['Rendering failed; see the Berth output channel.'] };
    return runSafe<RenderResult>(logger, 'render', fallback, token, () => {
      const manifestsOf = (entry: TextDocument): unknown[] =>
        service
          .analyze(entry, settingsOf.get(entry.uri)!)
          .chunks.map((c) => c.analysis.value)
          .filter((value) => value !== undefined);
      const outcome = renderManifests(manifestsOf(document), service.registry.platform.instanceTypes(), { context: others.flatMap(manifestsOf) });
      return { text: formatRendered(outcome.objects, params.format === 'json' ? 'json' : 'yaml'), problems: outcome.problems };
    });
  });
}
