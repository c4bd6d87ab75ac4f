import * as vscode from 'vscode';
import type { FolderKey, FolderNode } from './node';
import { ALL_PODS_FOLDER } from './allPods';
import { resourceKind } from './resourceKinds';

export function folderNode(parentId: string, folder: FolderKey, label: string, context: string, namespace?: string): FolderNode {
  return { kind: 'folder', id: `${parentId}/${folder}`, folder, label, context, ...(namespace !== undefined ? { namespace } : {}) };
}

const ICONS: Record<string, string> = { nodePools: 'server-process', namespaces: 'symbol-namespace', helmReleases: 'package', [ALL_PODS_FOLDER]: 'symbol-module' };

export function folderItem(node: FolderNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon(ICONS[node.folder] ?? resourceKind(node.folder)?.icon ?? 'folder');
  item.contextValue = `berth.folder.${node.folder}`;
  // Not watched: say so where the user looks for why a row is stale.
  if (node.folder === ALL_PODS_FOLDER) item.tooltip = 'Every pod of the cluster, read a page at a time from the API server and not kept live: Refresh the view, or close and open this folder, to read them again.';
  return item;
}
