import type { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { renderRequest, type RenderParams, type RenderResult } from '../../../protocol/protocol';
import type { BerthWorkspace } from '../../../platform/workspace/berthWorkspace';
import { workspaceWith } from './currentWorkspace';
import { formatRendered, renderManifests } from '../../../platform/render';
import { runSafe, type Logger } from './runSafe';
import type { RenderRoot } from '../../../platform/sources/sourceLayout';
import { uriKey } from '../../../platform/sources/uris';
import type { SettingsProvider } from './settingsProvider';

/**
 * Answers `berth/render` for an open document: its platform documents as Kubernetes objects
 * (and kind cluster configs), with Clusters and NodePools looked up across the workspace.
 */
export function registerRender(connection: Connection, documents: TextDocuments<TextDocument>, workspace: BerthWorkspace, settings: SettingsProvider, logger: Logger, renders: () => { idle(): Promise<void> } | undefined): void {
  connection.onRequest(renderRequest, async (params: RenderParams, token: CancellationToken) => {
    // A chart or overlay (its folder, or any file of it): what helm or kustomize made of it, with the preview's values.
    const root = renderRootOf(workspace, params.uri);
    if (root) {
      await renders()?.idle();
      return renderedRoot(workspace, root);
    }
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

function renderRootOf(workspace: BerthWorkspace, uri: string): RenderRoot | undefined {
  const key = uriKey(uri);
  const roots = workspace.renderRoots();
  const folder = roots.find((root) => uriKey(root.folder) === key);
  if (folder) return folder;
  if (workspace.has(uri) && workspace.role(uri) === 'manifest') return undefined;
  // The innermost chart or overlay holding the file.
  return roots.filter((root) => key.startsWith(`${uriKey(root.folder)}/`)).sort((a, b) => b.folder.length - a.folder.length)[0];
}

function renderedRoot(workspace: BerthWorkspace, root: RenderRoot): RenderResult {
  const outcome = workspace.renderedOutput(root.folder);
  if (!outcome) return { text: '', problems: [`${root.folder} has not been rendered yet: the workspace is still being read.`] };
  if (outcome.kind === 'rendered') return { text: outcome.text, problems: [] };
  if (outcome.kind === 'failed') return { text: '', problems: [`${outcome.tool} could not render ${root.kind === 'chart' ? 'the chart' : 'the overlay'}: ${outcome.message}`] };
  return { text: '', problems: [outcome.message] };
}
