import * as vscode from 'vscode';
import type { Ctx } from '../../ctx';
import { ClusterExplorer, CLUSTERS_VIEW_ID } from './explorer';
import type { ClusterSource } from './source';

export { ClusterExplorer, CLUSTERS_VIEW_ID } from './explorer';
export { KubeconfigSource, type ClusterSource } from './source';

/** Creates the Clusters view over `source`; ctx owns both. */
export function registerClustersView(ctx: Ctx, source: ClusterSource): ClusterExplorer {
  const explorer = ctx.own(new ClusterExplorer(source));
  ctx.own(vscode.window.createTreeView(CLUSTERS_VIEW_ID, { treeDataProvider: explorer, showCollapseAll: true }));
  return explorer;
}
