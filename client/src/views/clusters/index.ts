import * as vscode from 'vscode';
import type { Ctx } from '../../ctx';
import type { PlatformDocumentsSource } from '../platformDocuments';
import { ClusterExplorer, CLUSTERS_VIEW_ID, type ExplorerOptions } from './explorer';
import { LOAD_MORE_COMMAND } from './messageNode';
import { parseNamespaceFilter, validateNamespaceFilter } from './namespaceFilter';
import type { ClusterNode, LoadMoreNode } from './node';
import type { ClusterSource } from './source';

export { ClusterExplorer, CLUSTERS_VIEW_ID } from './explorer';
export { KubeconfigSource, type ClusterSource } from './source';
export type { ClusterNode } from './node';

export const FILTER_NAMESPACE_COMMAND = 'berth.clusters.filterNamespace';
const FILTER_STATE_KEY = 'berth.clusters.namespaceFilter';

export interface ClustersView {
  readonly explorer: ClusterExplorer;
  readonly treeView: vscode.TreeView<ClusterNode>;
}

/** Creates the Clusters view over `source` with its namespace filter and paging; ctx owns all of it. */
export function registerClustersView(ctx: Ctx, source: ClusterSource, documents: PlatformDocumentsSource, banner?: ExplorerOptions['banner']): ClustersView {
  const explorer = ctx.own(
    new ClusterExplorer(source, {
      platformDocuments: () => documents.documents,
      onDidChangePlatformDocuments: documents.onDidChange,
      pageSize: () => ctx.config.explorerPageSize,
      revealSecrets: () => ctx.config.revealSecrets,
      ...(banner ? { banner } : {}),
    }),
  );
  const treeView = ctx.own(vscode.window.createTreeView(CLUSTERS_VIEW_ID, { treeDataProvider: explorer, showCollapseAll: true }));
  const state = ctx.extensionContext.workspaceState;
  const showFilter = () => {
    const filter = explorer.namespaceFilter;
    treeView.description = filter ? `namespaces: ${filter.text}` : undefined;
  };
  explorer.setNamespaceFilter(parseNamespaceFilter(state.get<string>(FILTER_STATE_KEY) ?? ''));
  showFilter();
  ctx.own(explorer.onDidChangeFilter(showFilter));
  ctx.own(treeView.onDidCollapseElement((e) => explorer.collapsed(e.element)));
  explorer.setVisible(treeView.visible);
  ctx.own(treeView.onDidChangeVisibility((e) => explorer.setVisible(e.visible)));
  ctx.own(ctx.config.onDidChange(['explorer.pageSize', 'secrets.reveal'], () => explorer.refresh()));
  // A click on the row passes nothing (see loadMoreItem): the row is the one selected. A caller may pass the row.
  ctx.own(
    vscode.commands.registerCommand(LOAD_MORE_COMMAND, (node?: unknown) => {
      const row = isLoadMore(node) ? node : treeView.selection.find(isLoadMore);
      if (row) explorer.loadMore(row);
    }),
  );
  ctx.own(
    vscode.commands.registerCommand(FILTER_NAMESPACE_COMMAND, async (value?: unknown) => {
      // A string argument sets the filter without asking (for keybindings and tests).
      const input =
        typeof value === 'string'
          ? value
          : await vscode.window.showInputBox({
              title: 'Filter namespaces',
              prompt: 'Namespaces to show: names or patterns with *, separated by commas. Empty shows all.',
              value: explorer.namespaceFilter?.text ?? '',
              // Typing a filter often means looking at the tree first: a click there keeps the box.
              ignoreFocusOut: true,
              validateInput: validateNamespaceFilter,
            });
      if (input === undefined) return;
      const problem = validateNamespaceFilter(input);
      if (problem) {
        void vscode.window.showErrorMessage(`Berth: ${problem}`);
        return;
      }
      const filter = parseNamespaceFilter(input);
      await state.update(FILTER_STATE_KEY, filter?.text);
      explorer.setNamespaceFilter(filter);
    }),
  );
  return { explorer, treeView };
}

function isLoadMore(node: unknown): node is LoadMoreNode {
  return typeof node === 'object' && node !== null && (node as { kind?: unknown }).kind === 'loadMore';
}
