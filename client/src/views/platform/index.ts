import * as vscode from 'vscode';
import type { Ctx } from '../../ctx';
import type { ClusterSource } from '../clusters/source';
import type { PlatformDocumentsSource } from '../platformDocuments';
import { listCatalogCharts } from './catalogCharts';
import { PlatformExplorer, PLATFORM_VIEW_ID, type PlatformNode } from './explorer';

export { PlatformExplorer, PLATFORM_VIEW_ID, type PlatformNode } from './explorer';
export { chartOf, CATALOG_CHART_CONTEXT } from './catalogNodes';
export { listCatalogCharts } from './catalogCharts';
export const PLATFORM_REFRESH_COMMAND = 'berth.platform.refresh';

export interface PlatformView {
  readonly explorer: PlatformExplorer;
  readonly treeView: vscode.TreeView<PlatformNode>;
}

/** Creates the Platform view and its refresh command; ctx owns both. */
export function registerPlatformView(ctx: Ctx, source: ClusterSource, documents: PlatformDocumentsSource): PlatformView {
  const explorer = ctx.own(
    new PlatformExplorer({
      documents,
      contexts: () => {
        const kubeconfig = source.kubeconfig();
        return kubeconfig.ok ? kubeconfig.value.contexts.map((c) => c.name) : [];
      },
      onDidChangeContexts: source.onDidChange,
      connect: (context) => source.connect(context),
      catalog: () => listCatalogCharts(ctx.extensionContext.extensionPath),
    }),
  );
  // A chart added to or removed from the workspace shows in the Catalog.
  const charts = ctx.own(vscode.workspace.createFileSystemWatcher('**/Chart.yaml'));
  for (const event of [charts.onDidCreate, charts.onDidChange, charts.onDidDelete]) ctx.own(event(() => explorer.refreshCatalog()));
  const treeView = ctx.own(vscode.window.createTreeView(PLATFORM_VIEW_ID, { treeDataProvider: explorer }));
  ctx.own(vscode.commands.registerCommand(PLATFORM_REFRESH_COMMAND, () => explorer.refreshDocuments()));
  return { explorer, treeView };
}
