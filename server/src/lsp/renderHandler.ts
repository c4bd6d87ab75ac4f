import type { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { renderRequest, type RenderParams, type RenderResult } from '../../../protocol/protocol';
import type { BerthWorkspace } from '../../../platform/workspace/berthWorkspace';
import { workspaceWith } from './currentWorkspace';
import { formatRendered, renderManifests } from '../../../platform/render';
import { runSafe, type Logger } from './runSafe';
import type { SettingsProvider } from './settingsProvider';

/**
 * Answers `berth/render` for an open document: its platform documents as Kubernetes objects
 * (and kind cluster configs), with Clusters and NodePools looked up across the workspace.
 */
export function registerRender(connection: Connection, documents: TextDocuments<TextDocument>, workspace: BerthWorkspace, settings: SettingsProvider, logger: Logger): void {
  connection.onRequest(renderRequest, async (params: RenderParams, token: CancellationToken) => {
    if (!documents.get(params.uri)) return { text: '', problems: [`${params.uri} is not open in the editor`] };
    const current = await workspaceWith(params.uri, documents, workspace, settings);
    const fallback: RenderResult = { text: '', problems: ['Rendering failed; see the Berth output channel.'] };
    return runSafe<RenderResult>(logger, 'render', fallback, token, () => {
      // Clusters and NodePools anywhere in the workspace give Applications their pools and taints.
      const outcome = renderManifests(current.manifestValues(params.uri), current.instanceTypes(), { context: current.manifestValues() });
      return { text: formatRendered(outcome.objects, params.format === 'json' ? 'json' : 'yaml'), problems: outcome.problems };
    });
  });
}
